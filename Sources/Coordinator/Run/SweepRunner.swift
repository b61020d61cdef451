import Foundation
import MPIShim
import ResultArchive
import Solvers
import SweepDataset
import SweepStatistics

/// Runs a planned sweep on all ranks of a communicator: hands out work dynamically,
/// journals every finished item, runs this rank's share, reduces the statistics
/// deterministically and writes the output collectively. Every rank calls `run()`.
package final class SweepRunner {
    let plan: SweepPlan
    let communicator: Communicator
    let options: RunOptions
    let log: RunLog
    let journal: Journal

    package init(plan: SweepPlan, communicator: Communicator, options: RunOptions) {
        self.plan = plan
        self.communicator = communicator
        self.options = options
        log = RunLog(isRoot: communicator.isRoot, quiet: options.quiet)
        journal = Journal(outputPath: options.outputPath)
    }

    /// What the journal must match to be resumed.
    var identity: RunIdentity {
        let provenance = Dictionary(options.provenance, uniquingKeysWith: { a, _ in a })
        return RunIdentity(config: plan.config.resolvedTOML, version: provenance["dynsweep_version"] ?? "unknown",
                           commit: provenance["git_commit"] ?? "unknown", keepRealizations: options.keepRealizations,
                           items: plan.work.items.count)
    }

    package func run() throws -> RunSummary {
        let startDate = Date()
        let startTime = MPIEnvironment.wallTime()
        let config = plan.config
        let restored = try prepareJournal()
        let done = Set(restored.map { ItemKey(point: $0.point, block: $0.block) })
        let todo = plan.work.items.indices.filter { !done.contains(ItemKey(plan.work.items[$0])) }
        log.info("\(config.modelKind): \(plan.points.count) points x \(config.realizations) realizations, "
            + "\(todo.count) work items on \(communicator.size) rank(s)"
            + (restored.isEmpty ? "" : ", \(restored.count) restored from \(journal.directory)"))

        let outcomes: [BlockOutcome]
        do {
            let theories = try runCollectiveTheories(todo.filter { plan.work.items[$0].isCollective })
            outcomes = theories + (try runWork(todo.filter { !plan.work.items[$0].isCollective },
                                               alreadyDone: restored.reduce(0) { $0 + $1.simulation.count + $1.diverged }))
        } catch is RunCancelled {
            throw RunStopped(signal: StopSignal.name, saved: journal.recordNames().count,
                             total: plan.work.items.count, journal: journal.directory)
        }

        // Restored items enter the reduction once, from rank 0.
        let contributions = outcomes + (communicator.isRoot ? restored : [])
        let reduction = Reduction(contexts: plan.contexts, blocksPerPoint: plan.work.blocksPerPoint)
        let stats = try reduction.reduce(contributions, communicator: communicator)

        let assembler = ResultAssembler(contexts: plan.contexts, times: plan.times,
                                        timeMeaning: config.modelType.timeAxis.meaning,
                                        sweptCoordinates: sweptCoordinates())
        var result = assembler.assemble(stats, attributes: attributes(start: startDate, end: Date()))
        var realizations: [RealizationVariable] = []
        if options.keepRealizations && config.realizations > 0 {
            result = result.addingIndexDimension("realization", size: config.realizations)
            realizations = assembler.realizationVariables(contributions)
        }
        try ResultWriter.write(result, to: options.outputPath, communicator: communicator, realizations: realizations)
        if communicator.isRoot { journal.remove() }

        let diverged = stats.reduce(0) { $0 + $1.diverged }
        if diverged > 0 {
            log.warning("\(diverged) realization(s) diverged and were kept out of the means (see the `diverged` variable)")
        }
        return RunSummary(outputPath: options.outputPath, points: plan.points.count,
                          realizations: plan.work.totalRealizations, diverged: diverged,
                          seconds: MPIEnvironment.wallTime() - startTime, resumedItems: restored.count)
    }

    /// Opens the journal, collectively: a fresh one, or (with --resume) the existing one,
    /// checked and loaded by rank 0. Every rank learns which items are done; rank 0 holds
    /// their outcomes. Refusals reach every rank as a `CollectiveFailure`.
    private func prepareJournal() throws -> [BlockOutcome] {
        let restored: [BlockOutcome] = try communicator.collectively(inputError: { $0 is CoordinatorError }) {
            guard communicator.isRoot else { return [] }
            if journal.exists {
                if options.resume {
                    return try journal.load(for: identity, plan: plan)
                }
                guard options.force else {
                    throw CoordinatorError("\(journal.directory) holds \(journal.recordNames().count) finished work "
                        + "item(s) of an interrupted run: pass --resume to continue it, or --force to discard it")
                }
                journal.remove()
            } else if options.resume {
                log.info("no journal at \(journal.directory): starting the run from the beginning")
            }
            try journal.create(identity)
            return []
        }
        // Every rank needs the set of finished items to leave them out of the plan.
        var keys = restored.flatMap { [Double($0.point), Double($0.block ?? -1)] }
        try communicator.broadcast(&keys)
        if !communicator.isRoot {
            var placeholders: [BlockOutcome] = []
            for i in stride(from: 0, to: keys.count, by: 2) {
                let block: Int? = keys[i + 1] < 0 ? nil : Int(keys[i + 1])
                placeholders.append(BlockOutcome(point: Int(keys[i]), block: block,
                                                 simulation: MomentAccumulator(length: 0),
                                                 theory: MomentAccumulator(length: 0), diverged: 0, pointTheory: [],
                                                 rows: [], firstRealization: 0))
            }
            return placeholders
        }
        return restored
    }

    /// The collective theory items `todo` (indices into the plan), in point order, each
    /// computed by all ranks together with their Monte Carlo reduced over the
    /// communicator. Every rank gets the same result; rank 0 keeps and journals it, so it
    /// enters the reduction once.
    private func runCollectiveTheories(_ todo: [Int]) throws -> [BlockOutcome] {
        guard !todo.isEmpty else { return [] }
        let executor = WorkExecutor(contexts: plan.contexts, times: plan.times, runSeed: plan.config.seed,
                                    divergeAbove: plan.config.divergeAbove,
                                    keepRealizations: options.keepRealizations)
        let reduction = CommunicatorReduction(communicator: communicator)
        let writer = JournalWriter(journal: journal)
        var outcomes: [BlockOutcome] = []
        let items = todo.map { plan.work.items[$0] }.sorted { $0.point < $1.point }
        do {
            for (n, item) in items.enumerated() {
                let start = MPIEnvironment.wallTime()
                // Every rank solves the same equations with the same reduced sums, so a
                // model error (no convergence, divergence) happens on all ranks together:
                // agree on it and exit with its one line, without MPI_Abort. A stop request
                // is agreed inside the reduction already and stays a RunCancelled.
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
        } catch let failure as CollectiveFailure where failure.exitCode == 2 {
            // A model error of a theory is deterministic: a resumed run would stop at the
            // same point, so the journal holds nothing worth keeping.
            try? writer.finish()
            if communicator.isRoot { journal.remove() }
            throw failure
        } catch {
            try? writer.finish()
            throw error
        }
        try writer.finish()
        return outcomes
    }

    /// This rank's share of the items `todo` (indices into the plan), taken one by one
    /// from the work source; each finished item is journaled before the next is taken.
    private func runWork(_ todo: [Int], alreadyDone: Int) throws -> [BlockOutcome] {
        let ledger = WorkLedger(items: todo.map { plan.work.items[$0] }, pointCount: plan.points.count,
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
        let executor = WorkExecutor(contexts: plan.contexts, times: plan.times, runSeed: plan.config.seed,
                                    divergeAbove: plan.config.divergeAbove,
                                    keepRealizations: options.keepRealizations)
        var outcomes: [BlockOutcome] = []
        var finished: Int?
        let writer = JournalWriter(journal: journal)
        let start = MPIEnvironment.wallTime()
        do {
            while let index = try source.next(finished: finished) {
                if StopSignal.requested { throw RunCancelled() }
                let item = plan.work.items[todo[index]]
                let outcome = try executor.run(item, control: control)
                try writer.write(outcome)
                outcomes.append(outcome)
                finished = index
                if let ledger = source.ledger { progress?.update(ledger) }
            }
            try source.drain()
        } catch {
            // Finished blocks still queued are made durable before the rank stops.
            try? writer.finish()
            throw error
        }
        let waitStart = MPIEnvironment.wallTime()
        try writer.finish()
        let waited = MPIEnvironment.wallTime() - waitStart
        if let ledger = source.ledger { progress?.finish(ledger) }
        let elapsed = MPIEnvironment.wallTime() - start
        log.info(String(format: "checkpoints: rank 0 journaled %d work items (%.2f s of fsync in the background, "
                        + "%.3f s waited at the end: %.1f%% of its %.2f s of work)",
                        outcomes.count, writer.writeSeconds, waited, elapsed > 0 ? 100 * waited / elapsed : 0, elapsed))
        return outcomes
    }

    /// Swept parameters and their value at every point, for the `point` coordinates.
    private func sweptCoordinates() -> [(name: String, values: [ParameterValue])] {
        guard let first = plan.points.first else { return [] }
        return first.swept.enumerated().map { i, entry in
            (entry.name, plan.points.map { $0.swept[i].value })
        }
    }

    /// Root attributes: what ran, with what, when, on how many ranks.
    private func attributes(start: Date, end: Date) -> [(String, SweepResult.Attribute)] {
        let iso = ISO8601DateFormatter()
        let config = plan.config
        var attributes: [(String, SweepResult.Attribute)] = [
            ("title", .string("dynsweep \(config.modelKind) sweep \"\(config.name)\"")),
            ("model_kind", .string(config.modelKind)),
            ("config", .string(config.resolvedTOML)),
            ("seed", .int(Int64(bitPattern: config.seed))),
            ("realizations", .int(Int64(config.realizations))),
            ("blocks", .int(Int64(plan.work.blocksPerPoint))),
            ("time_meaning", .string(config.modelType.timeAxis.meaning)),
            ("ranks", .int(Int64(communicator.size))),
            ("start_time", .string(iso.string(from: start))),
            ("end_time", .string(iso.string(from: end))),
            ("status", .string("complete")),
        ]
        for (key, value) in options.provenance { attributes.append((key, .string(value))) }
        return attributes
    }
}

/// Identifies a work item across runs: (point, block), block nil for a theory item.
struct ItemKey: Hashable {
    let point: Int
    let block: Int?

    init(point: Int, block: Int?) {
        self.point = point
        self.block = block
    }

    init(_ item: WorkItem) {
        point = item.point
        if case .realizations(let block, _) = item.kind { self.block = block } else { block = nil }
    }
}
