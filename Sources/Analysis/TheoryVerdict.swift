import SweepDataset

/// How far a sweep point's simulation is from its theory, for one observable (issue 15,
/// item 3): the largest z = |sim - theory| / sqrt(sem_sim^2 + sem_theory^2) over the
/// record times and the observable's elements, where it is, and the fraction of values
/// beyond the threshold. For a theory solved from each realization's own disorder the
/// two errors are correlated and the denominator is conservative.
package struct TheoryVerdict: Sendable, Equatable {
    package let point: Int
    package let observable: String
    /// The largest z (0 when no value could be compared; +infinity for a difference
    /// where both errors are 0).
    package let maxZ: Double
    /// The record time and the element (positions along the observable's own axes,
    /// empty for a scalar) where `maxZ` is.
    package let time: Double
    package let element: [Int]
    /// Values compared and values with z beyond the threshold; values where the
    /// simulation or the theory is NaN (a diverged point, no realizations) are skipped.
    package let compared: Int
    package let beyond: Int
    package let skipped: Int
    package let threshold: Double

    package var fractionBeyond: Double { compared == 0 ? 0 : Double(beyond) / Double(compared) }
    package var isWithin: Bool { beyond == 0 }
}
