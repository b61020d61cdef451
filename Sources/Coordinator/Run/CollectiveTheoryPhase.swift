import Foundation
import MPIShim
import Solvers

/// The first work phase: the collective theory items, in point order, each computed by
/// all ranks together with their Monte Carlo reduced over the communicator. Every rank
/// gets the same result; rank 0 keeps and journals it, so it enters the reduction once.
struct CollectiveTheoryPhase {
    let plan: SweepPlan
    let communicator: Communicator
    let executor: WorkExecutor
    let journal: JournalSession
    let log: RunLog

    /// Runs the collective theory items `todo` (indices into the plan); returns rank 0's
    /// outcomes (none on the other ranks).
    func run(_ todo: [Int]) throws -> [BlockOutcome] {
        guard !todo.isEmpty else { return [] }
        let reduction = CommunicatorReduction(communicator: communicator)
        let writer = journal.makeWriter()
        var outcomes: [BlockOutcome] = []
        let items = todo.map { plan.work.items[$0] }.sorted { $0.point < $1.point }
        do {
            for (n, item) in items.enumerated() {
                let start = MPIEnvironment.wallTime()
                // Every rank solves the same equations with the same reduced sums, so a
                // model error (no convergence, divergence) happens on all ranks together;
                // the executor turns it into a NaN theory for this point and the sweep goes
                // on. Anything else is agreed and ends the run in one line, without
                // MPI_Abort. A stop request is agreed inside the reduction already and stays
                // a RunCancelled.
                let solved = try communicator.collectively(inputError: { $0 is ModelError }) { () -> BlockOutcome? in
                    do {
                        return try executor.run(item, control: CollectivePhaseControl(), reduction: reduction)
                    } catch is RunCancelled {
                        return nil
                    }
                }
                guard let outcome = solved else { throw RunCancelled() }
                if communicator.isRoot {
                    try writer.write(outcome)
                    outcomes.append(outcome)
                }
                log.info(String(format: "theory of point %d solved by all %d rank(s) in %.2f s (%d of %d)",
                                item.point, communicator.size, MPIEnvironment.wallTime() - start, n + 1, items.count))
            }
        } catch {
            try? writer.finish()
            throw error
        }
        try writer.finish()
        return outcomes
    }
}
