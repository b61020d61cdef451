import Foundation
import ResultArchive
import SweepStatistics

extension SweepPlan {
    /// Estimated bytes of the output file, from the plan's shapes: per point the mean,
    /// std and sem of every simulated observable, the theory and its sem, `count` and
    /// `diverged`, each observable padded to its largest size over the sweep (as the
    /// file stores it); with `keepRealizations`, every realization's trajectories and
    /// theories too. 8 bytes an element, plus 1 MiB for metadata and the config.
    package func plannedOutputBytes(keepRealizations: Bool) -> Int {
        func padded(_ layout: (PointContext) -> PointLayout) -> Int {
            var sizes: [String: Int] = [:]
            for context in contexts.distinct {
                for spec in layout(context).specs { sizes[spec.name] = max(sizes[spec.name] ?? 0, spec.sizePerTime) }
            }
            return sizes.values.reduce(0, +) * times.count
        }
        let simulation = padded(\.simulation), theory = padded(\.realizationTheory), point = padded(\.pointTheory)
        var elements = pointCount * (3 * simulation + 2 * theory + point + 2)
        if keepRealizations { elements += pointCount * config.realizations * (simulation + theory) }
        return 8 * elements + (1 << 20)
    }

    /// Estimated bytes of the journal of a whole run (`<output>.journal/`): every block's
    /// accumulators and, with `keepRealizations`, the trajectories. It is on the output's
    /// disk until the file is complete.
    package func plannedJournalBytes(keepRealizations: Bool) -> Int {
        let blocks = max(work.blocksPerPoint, 1)
        return zip(contexts.distinct, contexts.counts).reduce(0) { sum, entry in
            let (c, points) = entry
            var doubles = blocks * (MomentAccumulator.packedLength(c.simulation.length)
                + MomentAccumulator.packedLength(c.realizationTheory.length)) + c.pointTheory.length
            if keepRealizations { doubles += config.realizations * (c.simulation.length + c.realizationTheory.length) }
            return sum + points * (8 * doubles + 256 * (blocks + 1))
        }
    }

    /// The pre-flight check of the output's disk, before any work: the output file, and
    /// the journal unless one is already there (--resume), must fit in the free space of
    /// its directory. Throws one line with both amounts (`OutputError.insufficientSpace`).
    /// `DYNSWEEP_SKIP_SPACE_CHECK=1` skips it, as it skips the writer's own check.
    package func checkDiskSpace(outputPath: String, keepRealizations: Bool) throws {
        guard ProcessInfo.processInfo.environment["DYNSWEEP_SKIP_SPACE_CHECK"] != "1" else { return }
        let destination = ResultDestination(path: outputPath)
        let journalThere = FileManager.default.fileExists(atPath: Journal(outputPath: outputPath).directory)
        let needed = plannedOutputBytes(keepRealizations: keepRealizations)
            + (journalThere ? 0 : plannedJournalBytes(keepRealizations: keepRealizations))
        try DiskSpace.check(needed: needed, available: DiskSpace.available(in: destination.directory),
                            path: outputPath, directory: destination.directory)
    }
}
