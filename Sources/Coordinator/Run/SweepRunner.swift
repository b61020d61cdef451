import Foundation
import MPIShim
import Solvers

/// Runs a planned sweep on all ranks of a communicator: hands out work dynamically,
/// runs this rank's share, reduces the statistics deterministically and writes the
/// output collectively. Every rank calls `run()`.
public final class SweepRunner {
    let plan: SweepPlan
    let communicator: Communicator
    let options: RunOptions
    let log: RunLog

    public init(plan: SweepPlan, communicator: Communicator, options: RunOptions) {
        self.plan = plan
        self.communicator = communicator
        self.options = options
        log = RunLog(isRoot: communicator.isRoot, quiet: options.quiet)
    }

    public func run() throws -> RunSummary {
        let startDate = Date()
        let startTime = MPIEnvironment.wallTime()
        let config = plan.config
        log.info("\(config.modelKind): \(plan.points.count) points x \(config.realizations) realizations, "
            + "\(plan.work.items.count) work items on \(communicator.size) rank(s)")

        let outcomes = try runWork()

        let reduction = Reduction(contexts: plan.contexts, blocksPerPoint: plan.work.blocksPerPoint)
        let stats = try reduction.reduce(outcomes, communicator: communicator)
        let endDate = Date()

        let assembler = ResultAssembler(contexts: plan.contexts, times: plan.times,
                                        timeMeaning: config.modelType.timeAxis.meaning,
                                        sweptCoordinates: sweptCoordinates())
        var result = assembler.assemble(stats, attributes: attributes(start: startDate, end: endDate))
        var realizations: [RealizationVariable] = []
        if options.keepRealizations && config.realizations > 0 {
            result = result.addingIndexDimension("realization", size: config.realizations)
            realizations = assembler.realizationVariables(outcomes)
        }
        try ResultWriter.write(result, to: options.outputPath, communicator: communicator, realizations: realizations)

        let diverged = stats.reduce(0) { $0 + $1.diverged }
        if diverged > 0 {
            log.warning("\(diverged) realization(s) diverged and were kept out of the means (see the `diverged` variable)")
        }
        return RunSummary(outputPath: options.outputPath, points: plan.points.count,
                          realizations: plan.work.totalRealizations, diverged: diverged,
                          seconds: MPIEnvironment.wallTime() - startTime)
    }

    /// This rank's share of the work, taken item by item from the work source.
    private func runWork() throws -> [BlockOutcome] {
        let source: WorkSource
        if communicator.size == 1 {
            source = LocalWorkSource(itemCount: plan.work.items.count)
        } else if communicator.isRoot {
            source = DispatchingWorkSource(communicator: communicator, itemCount: plan.work.items.count)
        } else {
            source = RequestingWorkSource(communicator: communicator)
        }
        let progress = communicator.isRoot
            ? ProgressReporter(totalRealizations: plan.work.totalRealizations, enabled: !options.quiet) : nil
        let control = SchedulerControl(source: source, progress: progress)
        let executor = WorkExecutor(contexts: plan.contexts, times: plan.times, runSeed: plan.config.seed,
                                    divergeAbove: plan.config.divergeAbove,
                                    keepRealizations: options.keepRealizations)
        var outcomes: [BlockOutcome] = []
        var finished = 0
        while let index = try source.next(finishedRealizations: finished) {
            let item = plan.work.items[index]
            outcomes.append(try executor.run(item, control: control))
            finished = item.realizationCount
            progress?.update(done: source.realizationsFinished + finished)
        }
        try source.drain()
        progress?.finish(done: source.realizationsFinished)
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
