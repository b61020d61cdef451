import SweepStatistics

/// Rank 0's account of the rounds of realizations of each sweep point in a run with an
/// error target (`[run] target_sem`): round 0 is the plan's blocks of `realizations`;
/// when every block issued to a point has finished, the target observable's statistics,
/// merged in block order, decide (`TargetRule`) whether the point is final or gets another
/// round of at most `blocks` blocks. Blocks are numbered on from round to round, and a
/// round's realizations follow the previous round's, so a block is the same realizations
/// (and random streams) whenever and wherever it runs.
///
/// Decisions depend on the statistics and the block order only, never on which rank ran
/// a block or when it finished: the rounds, and so the file, are the same on any rank
/// count and after a resume (restored blocks are accepted when the round that contains
/// them is issued again).
final class RoundAllocator {
    /// A round of a point: blocks `firstBlock ..< firstBlock + blocks` partition its
    /// realizations `firstRealization ..< firstRealization + realizations`.
    private struct Round {
        let firstBlock: Int
        let firstRealization: Int
        let realizations: Int
        let blocks: Int

        func range(ofBlock block: Int) -> Range<Int> {
            let local = blockRange(block: block - firstBlock, blocks: blocks, realizations: realizations)
            return (firstRealization + local.lowerBound)..<(firstRealization + local.upperBound)
        }
    }

    private struct PointRounds {
        var rounds: [Round]
        /// The merge, in block order, of the blocks before `mergedBlocks`.
        var merged: MomentAccumulator?
        var mergedBlocks = 0
        /// Finished blocks that wait for an earlier block before they can be merged.
        var waiting: [Int: MomentAccumulator] = [:]
        var isFinal = false

        var issuedBlocks: Int { rounds.last.map { $0.firstBlock + $0.blocks } ?? 0 }
        var used: Int { rounds.last.map { $0.firstRealization + $0.realizations } ?? 0 }
    }

    /// A restored block of a later round (from the journal), accepted when its round is
    /// issued and its realizations match.
    struct RestoredBlock {
        let range: Range<Int>
        let statistics: MomentAccumulator
    }

    private let rule: TargetRule
    private let blocksPerRound: Int
    private var points: [PointRounds]
    private var restoredLater: [ItemKey: RestoredBlock]
    /// Restored blocks of later rounds that were issued and so enter the results.
    private(set) var acceptedRestored: Set<ItemKey> = []

    /// - Parameters:
    ///   - pointCount, firstRound, blocks: the plan's round 0 (`realizations` in `blocks`);
    ///   - restoredLater: restored blocks numbered beyond round 0.
    init(rule: TargetRule, pointCount: Int, firstRound: Int, blocks: Int, restoredLater: [ItemKey: RestoredBlock] = [:]) {
        self.rule = rule
        blocksPerRound = blocks
        let first = Round(firstBlock: 0, firstRealization: 0, realizations: firstRound, blocks: blocks)
        points = [PointRounds](repeating: PointRounds(rounds: [first]), count: pointCount)
        self.restoredLater = restoredLater
    }

    /// Records that `block` of `point` finished with the target observable's `statistics`,
    /// and returns the blocks of the point's next round if this completes a round that
    /// falls short of the target (restored ones are accepted rather than returned).
    func finished(point: Int, block: Int, statistics: MomentAccumulator) -> [WorkItem] {
        var state = points[point]
        guard !state.isFinal, block >= state.mergedBlocks, block < state.issuedBlocks else { return [] }
        state.waiting[block] = statistics
        while let next = state.waiting.removeValue(forKey: state.mergedBlocks) {
            if var merged = state.merged {
                merged.merge(next)
                state.merged = merged
            } else {
                state.merged = next
            }
            state.mergedBlocks += 1
        }
        points[point] = state
        guard state.mergedBlocks == state.issuedBlocks, let merged = state.merged else { return [] }
        return nextRound(point: point, merged: merged)
    }

    /// Decides a point whose issued blocks have all finished.
    private func nextRound(point: Int, merged: MomentAccumulator) -> [WorkItem] {
        let add = rule.realizationsToAdd(used: points[point].used, statistics: merged)
        guard add > 0 else {
            points[point].isFinal = true
            points[point].merged = nil  // a final point keeps nothing
            return []
        }
        let round = Round(firstBlock: points[point].issuedBlocks, firstRealization: points[point].used,
                          realizations: add, blocks: min(blocksPerRound, add))
        points[point].rounds.append(round)
        var items: [WorkItem] = []
        var restored: [(Int, MomentAccumulator)] = []
        for block in round.firstBlock..<(round.firstBlock + round.blocks) {
            let range = round.range(ofBlock: block)
            let key = ItemKey(point: point, block: block)
            if let done = restoredLater[key], done.range == range {
                restoredLater[key] = nil
                acceptedRestored.insert(key)
                restored.append((block, done.statistics))
            } else {
                items.append(WorkItem(point: point, kind: .realizations(block: block, range: range), cost: 0))
            }
        }
        for (block, statistics) in restored {
            items += finished(point: point, block: block, statistics: statistics)
        }
        return items
    }

    /// Blocks issued to `point` so far (all rounds).
    func blockCount(of point: Int) -> Int { points[point].issuedBlocks }

    /// Realizations issued to `point` so far (all rounds, diverged ones included).
    func realizationsIssued(to point: Int) -> Int { points[point].used }
}
