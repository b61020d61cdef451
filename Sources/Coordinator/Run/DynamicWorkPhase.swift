import Foundation
import MPIShim
import Solvers
import SweepStatistics

/// The second work phase: every other item (blocks of realizations, per-point theories)
/// handed out one at a time, largest first, to whichever rank is free (rank 0 dispatches
/// while it computes). Each finished item is queued for the journal before the next is
/// taken (the queue is bounded, so a rank never gets far ahead of its disk). A stop signal
/// is obeyed wherever the rank is: computing (the model polls), waiting for work or for
/// the other ranks (the scheduler's waits), or flushing the journal at the end.
struct DynamicWorkPhase {
    let plan: SweepPlan
    let communicator: Communicator
    let executor: WorkExecutor
    let journal: JournalSession
    let options: RunOptions
    let log: RunLog

    /// Runs this rank's share of the items `todo` (indices into the plan) and returns
    /// their outcomes; `restored` is what the journal held (rank 0 holds its outcomes:
    /// with an error target they decide the rounds already run).
    func run(_ todo: [Int], restored: RestoredWork) throws -> DynamicWorkResult {
        let rounds = communicator.isRoot ? makeRounds(restored) : nil
        let source: WorkSource
        if communicator.size == 1 {
            source = LocalWorkSource(queue: makeQueue(todo, restored: restored, rounds: rounds))
        } else if communicator.isRoot {
            source = DispatchingWorkSource(communicator: communicator,
                                           queue: makeQueue(todo, restored: restored, rounds: rounds),
                                           statisticsLength: plan.targetLength)
        } else {
            source = RequestingWorkSource(communicator: communicator)
        }
        let progress = communicator.isRoot
            ? ProgressReporter(totalRealizations: plan.work.totalRealizations, enabled: !options.quiet,
                               alreadyDone: restored.realizationsDone) : nil
        let control = SchedulerControl(source: source, progress: progress)
        var outcomes: [BlockOutcome] = []
        var finished: FinishedWork?
        let writer = journal.makeWriter()
        let start = MPIEnvironment.wallTime()
        // A failed journal write (a full disk, a read-only remount) is seen by one rank at
        // a time: that rank stops taking work and tells rank 0, which hands out no more, so
        // every rank ends after its current item and the ranks agree on the failure below,
        // rather than one rank leaving (MPI_Abort) while the others wait for it.
        var journalError: Error?
        do {
            while let assignment = try source.next(finished: finished) {
                if StopSignal.requested { throw RunCancelled() }
                let outcome = try executor.run(assignment.item, control: control)
                do {
                    try writer.write(outcome)
                } catch {
                    journalError = error
                    break
                }
                outcomes.append(outcome)
                finished = FinishedWork(id: assignment.id, statistics: plan.targetStatistics(outcome))
                if let ledger = source.ledger { progress?.update(ledger) }
            }
            if journalError == nil { try source.drain() } else { try source.abandon() }
        } catch {
            // Finished blocks still queued are made durable before the rank stops.
            try? writer.finish()
            throw error
        }
        let waitStart = MPIEnvironment.wallTime()
        do {
            try writer.finish()
        } catch {
            if journalError == nil { journalError = error }
        }
        try agree(journalError: journalError)
        let waited = MPIEnvironment.wallTime() - waitStart
        // A stop that came while the last records were flushed is obeyed before the output
        // phase: everything is in the journal, so a resume only writes the file.
        if StopSignal.requested { throw RunCancelled() }
        if let ledger = source.ledger { progress?.finish(ledger) }
        let elapsed = MPIEnvironment.wallTime() - start
        log.info(String(format: "checkpoints: rank 0 journaled %d work items in %d files (%.2f s of fsync in the "
                        + "background, %.3f s waited at the end: %.1f%% of its %.2f s of work)",
                        outcomes.count, writer.batches, writer.writeSeconds, waited,
                        elapsed > 0 ? 100 * waited / elapsed : 0, elapsed))
        return DynamicWorkResult(outcomes: outcomes, droppedRestored: rounds?.droppedRestored ?? [],
                                 blockCounts: try blockCounts(rounds?.allocator))
    }

    /// Rank 0's round allocator (with an error target), fed the restored blocks: those of
    /// round 0 as finished, later ones to be accepted when their round is issued again.
    private func makeRounds(_ restored: RestoredWork) -> RestoredRounds? {
        guard let rule = plan.targetRule else { return nil }
        var later: [ItemKey: RoundAllocator.RestoredBlock] = [:]
        var first: [(point: Int, block: Int, statistics: MomentAccumulator)] = []
        for outcome in restored.outcomes {
            guard case .realizations(let block) = outcome, let statistics = plan.targetStatistics(outcome) else { continue }
            if block.block < plan.work.blocksPerPoint {
                first.append((block.point, block.block, statistics))
            } else {
                let range = block.firstRealization..<(block.firstRealization + outcome.realizationCount)
                later[outcome.key] = .init(range: range, statistics: statistics)
            }
        }
        let allocator = RoundAllocator(rule: rule, pointCount: plan.pointCount, firstRound: plan.config.realizations,
                                       blocks: plan.work.blocksPerPoint, restoredLater: later)
        let items = first.flatMap { allocator.finished(point: $0.point, block: $0.block, statistics: $0.statistics) }
        return RestoredRounds(allocator: allocator, laterKeys: Set(later.keys), items: items)
    }

    private func makeQueue(_ todo: [Int], restored: RestoredWork, rounds: RestoredRounds?) -> WorkQueue {
        let items = todo.map { plan.work.items[$0] }
        let ledger = WorkLedger(items: items, pointCount: plan.pointCount, restoredRealizations: restored.realizationsDone)
        return WorkQueue(items: items, allocator: rounds?.allocator, ledger: ledger, restoredRounds: rounds?.items ?? [])
    }

    /// Blocks per point once every round is decided (with an error target): rank 0's
    /// allocator knows them, every rank needs them for the reduction.
    private func blockCounts(_ allocator: RoundAllocator?) throws -> [Int]? {
        guard plan.targetRule != nil else { return nil }
        var counts = (0..<plan.pointCount).map { Double(allocator?.blockCount(of: $0) ?? 0) }
        try communicator.broadcast(&counts)
        return counts.map { Int($0) }
    }

    /// Every rank learns whether any rank's journal failed: if one did, every rank throws
    /// `JournalFailed` with the lowest failing rank's message (one collective, no abort).
    private func agree(journalError: Error?) throws {
        do {
            try communicator.collectively(inputError: { _ in false }) {
                if let journalError { throw journalError }
            }
        } catch let failure as CollectiveFailure {
            throw JournalFailed(message: failure.message)
        }
    }
}

/// What the dynamic work phase leaves for the output phase.
struct DynamicWorkResult {
    /// This rank's outcomes.
    let outcomes: [BlockOutcome]
    /// Restored blocks of later rounds that no round issued again (rank 0): they are left
    /// out of the results.
    let droppedRestored: Set<ItemKey>
    /// Blocks per point, on every rank, in a run with an error target (nil otherwise:
    /// every point has the plan's blocks).
    let blockCounts: [Int]?
}

/// Rank 0's round allocator with what the journal restored.
private struct RestoredRounds {
    let allocator: RoundAllocator
    /// Restored blocks beyond round 0.
    let laterKeys: Set<ItemKey>
    /// Blocks of rounds decided by restored blocks alone, still to run.
    let items: [WorkItem]

    var droppedRestored: Set<ItemKey> { laterKeys.subtracting(allocator.acceptedRestored) }
}

/// A journal write failed on some rank during the work phase (every rank throws it, after
/// agreeing): the records already written are intact, so the run can be resumed once the
/// file system takes writes again.
struct JournalFailed: Error {
    let message: String
}
