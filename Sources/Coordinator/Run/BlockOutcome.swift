import SweepStatistics

/// What one finished work item contributes to the reduction.
struct BlockOutcome: Sendable {
    let point: Int
    /// Block number, or nil for a per-point theory item.
    let block: Int?
    var simulation: MomentAccumulator
    var theory: MomentAccumulator
    var diverged: Int
    /// The per-point theory trajectories, flattened (theory items only).
    var pointTheory: [Double]
    /// Every realization's flattened trajectories (simulation then theory), kept only
    /// with --keep-realizations; NaN-free only for realizations that did not diverge.
    var rows: [[Double]]
    let firstRealization: Int
}
