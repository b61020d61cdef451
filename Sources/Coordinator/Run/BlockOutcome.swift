import SweepStatistics

/// What one finished work item contributes to the reduction: exactly what was computed,
/// a block of realizations or one point's theory, never a placeholder of the other kind.
enum BlockOutcome: Sendable {
    case realizations(RealizationBlockOutcome)
    case pointTheory(PointTheoryOutcome)

    var point: Int {
        switch self {
        case .realizations(let block): return block.point
        case .pointTheory(let theory): return theory.point
        }
    }

    /// The work item this is the outcome of.
    var key: ItemKey {
        switch self {
        case .realizations(let block): return ItemKey(point: block.point, block: block.block)
        case .pointTheory(let theory): return ItemKey(point: theory.point, block: nil)
        }
    }

    /// Realizations the item ran, diverged ones included (0 for a theory).
    var realizationCount: Int {
        if case .realizations(let block) = self { return block.simulation.count + block.diverged }
        return 0
    }
}

/// A finished block of realizations: the realizations that did not diverge, accumulated
/// in index order, and the count of those that did.
struct RealizationBlockOutcome: Sendable {
    let point: Int
    let block: Int
    /// Index of the block's first realization.
    let firstRealization: Int
    var simulation: MomentAccumulator
    /// The per-realization theory (empty accumulators unless theoryMode is .perRealization).
    var theory: MomentAccumulator
    var diverged: Int
    /// Every realization's flattened trajectories (simulation then theory), kept only
    /// with --keep-realizations; NaN-free only for realizations that did not diverge.
    var rows: [[Double]]
}

/// A point's solved theory (.perPoint or .perPointCollective): its trajectories,
/// flattened in the point's theory layout; with `theory.replicas` > 1 their mean over the
/// replicas followed by its standard error, in the same layout (`TheoryReplicas`).
struct PointTheoryOutcome: Sendable {
    let point: Int
    var trajectories: [Double]
}
