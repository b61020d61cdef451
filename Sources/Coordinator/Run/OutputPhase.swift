import Foundation
import MPIShim
import ResultArchive
import Solvers
import SweepDataset

/// The last phase of a run, on every rank: reduces all finished items into per-point
/// statistics (the same bits on any rank count), assembles the labelled result with the
/// root attributes and, with --keep-realizations, this rank's rows, and writes the file
/// collectively.
struct OutputPhase {
    let plan: SweepPlan
    let communicator: Communicator
    let options: RunOptions

    /// Reduces `contributions` (this rank's outcomes; rank 0's include the restored ones),
    /// writes the output file and returns the per-point statistics. `start` is when the
    /// run began, for the root attributes.
    /// `blockCounts` are the blocks of every point in a run with an error target (nil: the
    /// plan's).
    func write(_ contributions: [BlockOutcome], blockCounts: [Int]? = nil, start: Date) throws -> [PointStatistics] {
        let config = plan.config
        var reduction = Reduction(contexts: plan.contexts, blocksPerPoint: plan.work.blocksPerPoint,
                                  blockCounts: blockCounts)
        reduction.theoryValuesPerNumber = plan.replicas.valuesPerNumber
        let stats = try reduction.reduce(contributions, communicator: communicator)

        let assembler = ResultAssembler(contexts: plan.contexts, times: plan.times,
                                        timeMeaning: config.modelType.timeAxis.meaning,
                                        sweptCoordinates: sweptCoordinates(), theoryReplicas: config.theoryReplicas)
        // Each rank assembles only the points it writes: on R ranks the full arrays (here
        // up to 9 of points x times x extra values) were built R times over, first-touch
        // page faults and all, which on more ranks than cores cost more than the sweep.
        let rows = communicator.size > 1
            ? PointPartition(points: plan.pointCount, rank: communicator.rank, ranks: communicator.size).rows : nil
        let targetMet = config.target.map { _ in stats.indices.map { plan.targetMet(point: $0, stats[$0].simulation) } }
        var result = assembler.assemble(stats, attributes: attributes(start: start, end: Date()), pointRows: rows,
                                        targetMet: targetMet)
        var realizations: [RealizationVariable] = []
        if options.keepRealizations && config.realizations > 0 {
            result = result.addingIndexDimension("realization", size: config.maxRealizations)
            realizations = assembler.realizationVariables(contributions)
        }
        try writeAgreed(result, realizations: realizations)
        return stats
    }

    /// Writes the file; a failure (the writer agrees every rank on it, gives the file up
    /// and removes the `.partial`) reaches every rank as one `CollectiveFailure` with
    /// exit status 2 and the lowest failing rank's message, and the journal is kept:
    /// the line says where the finished work is, so no rank aborts and `--resume`
    /// continues with only the write left to do.
    private func writeAgreed(_ result: SweepResult, realizations: [RealizationVariable]) throws {
        do {
            try communicator.collectively(inputError: { _ in true }) {
                try ResultWriter.write(result, to: options.outputPath, communicator: communicator,
                                       realizations: realizations)
            }
        } catch let failure as CollectiveFailure {
            let journal = Journal(outputPath: options.outputPath).directory
            throw CollectiveFailure(message: failure.message + " (the finished work is saved in \(journal))",
                                    exitCode: failure.exitCode)
        }
    }

    /// Swept parameters and their value at every point, for the `point` coordinates.
    private func sweptCoordinates() -> [(name: String, values: [ParameterValue])] {
        let names = plan.point(0).swept.map(\.name)
        var values = [[ParameterValue]](repeating: [], count: names.count)
        for i in values.indices { values[i].reserveCapacity(plan.pointCount) }
        for index in 0..<plan.pointCount {
            for (i, entry) in plan.point(index).swept.enumerated() { values[i].append(entry.value) }
        }
        return Array(zip(names, values)).map { (name: $0.0, values: $0.1) }
    }

    /// Root attributes: what ran, with what, when, on how many ranks, in which format,
    /// built from what.
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
        attributes.append((ResultFormat.attribute, .string(ResultFormat.current)))
        for (key, value) in options.provenance { attributes.append((key, .string(value))) }
        return attributes
    }
}
