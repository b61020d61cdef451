import SweepStatistics

/// The reduced statistics of one sweep point, identical on every rank.
struct PointStatistics: Sendable {
    var simulation: MomentAccumulator
    var theory: MomentAccumulator
    var pointTheory: [Double]
    var diverged: Int
    /// The standard error of `pointTheory` over the theory replicas (empty without
    /// `theory.replicas` > 1; 0 where the theory is deterministic).
    var pointTheorySEM: [Double] = []
}
