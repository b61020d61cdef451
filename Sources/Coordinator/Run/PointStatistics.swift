import SweepStatistics

/// The reduced statistics of one sweep point, identical on every rank.
struct PointStatistics: Sendable {
    var simulation: MomentAccumulator
    var theory: MomentAccumulator
    var pointTheory: [Double]
    var diverged: Int
}
