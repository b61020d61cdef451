import Foundation
import MPIShim
import Solvers

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
    /// their outcomes; `alreadyDone` realizations were restored from the journal (for
    /// rank 0's progress line).
    func run(_ todo: [Int], alreadyDone: Int) throws -> [BlockOutcome] {
        let ledger = WorkLedger(items: todo.map { plan.work.items[$0] }, pointCount: plan.pointCount,
                                restoredRealizations: alreadyDone)
        let source: WorkSource
        if communicator.size == 1 {
            source = LocalWorkSource(itemCount: todo.count, ledger: ledger)
        } else if communicator.isRoot {
            source = DispatchingWorkSource(communicator: communicator, itemCount: todo.count, ledger: ledger)
        } else {
            source = RequestingWorkSource(communicator: communicator)
        }
        let progress = communicator.isRoot
            ? ProgressReporter(totalRealizations: plan.work.totalRealizations, enabled: !options.quiet,
                               alreadyDone: alreadyDone) : nil
        let control = SchedulerControl(source: source, progress: progress)
        var outcomes: [BlockOutcome] = []
        var finished: Int?
        let writer = journal.makeWriter()
        let start = MPIEnvironment.wallTime()
        // A failed journal write (a full disk, a read-only remount) is seen by one rank at
        // a time: that rank stops taking work and tells rank 0, which hands out no more, so
        // every rank ends after its current item and the ranks agree on the failure below,
        // rather than one rank leaving (MPI_Abort) while the others wait for it.
        var journalError: Error?
        do {
            while let index = try source.next(finished: finished) {
                if StopSignal.requested { throw RunCancelled() }
                let item = plan.work.items[todo[index]]
                let outcome = try executor.run(item, control: control)
                do {
                    try writer.write(outcome)
                } catch {
                    journalError = error
                    break
                }
                outcomes.append(outcome)
                finished = index
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
        return outcomes
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

/// A journal write failed on some rank during the work phase (every rank throws it, after
/// agreeing): the records already written are intact, so the run can be resumed once the
/// file system takes writes again.
struct JournalFailed: Error {
    let message: String
}
