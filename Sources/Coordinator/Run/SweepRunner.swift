import Foundation
import MPIShim
import Solvers

/// Runs a planned sweep on all ranks of a communicator. Every rank calls `run()`, which
/// is the sequence of the run's pieces, each with one job: the journal session (open,
/// resume, remove), the collective theory phase, the dynamic work phase (both with one
/// `WorkExecutor`), and the output phase (reduction, assembly, write).
package final class SweepRunner {
    let plan: SweepPlan
    let communicator: Communicator
    let options: RunOptions
    let log: RunLog

    package init(plan: SweepPlan, communicator: Communicator, options: RunOptions) {
        self.plan = plan
        self.communicator = communicator
        self.options = options
        log = RunLog(isRoot: communicator.isRoot, quiet: options.quiet)
    }

    package func run() throws -> RunSummary {
        let startDate = Date()
        let startTime = MPIEnvironment.wallTime()
        let config = plan.config
        let journal = JournalSession(plan: plan, communicator: communicator, options: options, log: log)
        let restored = try journal.open()
        // However the run ends (a stop, an error), it no longer owns the output.
        defer { journal.releaseLock() }
        let todo = plan.work.items.indices.filter { !restored.finished.contains(ItemKey(plan.work.items[$0])) }
        log.info("\(config.modelKind): \(plan.pointCount) points x \(config.realizations) realizations, "
            + "\(todo.count) work items on \(communicator.size) rank(s)"
            + (restored.finished.isEmpty ? "" : ", \(restored.finished.count) restored from \(journal.directory)"))
        OversubscriptionCheck.warnIfOversubscribed(communicator, log: log)

        let executor = WorkExecutor(plan: plan, keepRealizations: options.keepRealizations)
        let outcomes: [BlockOutcome]
        let work: DynamicWorkResult
        do {
            let theories = try CollectiveTheoryPhase(plan: plan, communicator: communicator, executor: executor,
                                                     journal: journal, log: log)
                .run(todo.filter { plan.work.items[$0].isCollective })
            work = try DynamicWorkPhase(plan: plan, communicator: communicator, executor: executor,
                                        journal: journal, options: options, log: log)
                .run(todo.filter { !plan.work.items[$0].isCollective }, restored: restored)
            outcomes = theories + work.outcomes
        } catch is RunCancelled {
            throw RunStopped(signal: StopSignal.name, saved: journal.savedCount,
                             total: plan.work.items.count, journal: journal.directory)
        } catch let failed as JournalFailed {
            // Resumable like a stop (EX_TEMPFAIL): what is in the journal is intact.
            throw CollectiveFailure(message: "the journal could not be written, the run stopped: \(failed.message); "
                + "\(journal.savedCount) of \(plan.work.items.count) work items are saved in \(journal.directory): make "
                + "its file system writable (or free space) and run the same command with --resume",
                exitCode: RunStopped.exitCode)
        }

        // Restored items enter the reduction once, from rank 0.
        let kept = restored.outcomes.filter { !work.droppedRestored.contains($0.key) }
        let stats = try OutputPhase(plan: plan, communicator: communicator, options: options)
            .write(outcomes + kept, blockCounts: work.blockCounts, start: startDate)
        journal.remove()

        let diverged = stats.reduce(0) { $0 + $1.diverged }
        if diverged > 0 {
            log.warning("\(diverged) realization(s) diverged and were kept out of the means (see the `diverged` variable)")
        }
        let theoryDiverged = zip(plan.contexts, stats).reduce(0) { $0 + ResultAssembler.theoryDiverged($1.0, $1.1) }
        if theoryDiverged > 0 {
            log.warning("the theory diverged or failed \(theoryDiverged) time(s) and was kept out of the _theory values "
                + "(see the `theory_diverged` variable)")
        }
        return RunSummary(outputPath: options.outputPath, points: plan.pointCount,
                          realizations: stats.reduce(0) { $0 + $1.simulation.count + $1.diverged }, diverged: diverged,
                          seconds: MPIEnvironment.wallTime() - startTime, resumedItems: restored.finished.count)
    }
}
