import Foundation
import Solvers
import SweepConfig
import SweepStatistics

/// A sweep made concrete before anything runs: the model at every point, the record
/// times, the work items and their estimated cost and memory. `dynsweep plan` prints
/// it; `dynsweep run` executes it.
package struct SweepPlan: Sendable {
    package let config: RunConfig
    package let points: [SweepPoint]
    let contexts: [PointContext]
    package let times: [Double]
    package let work: WorkPlan

    package init(config: RunConfig) throws {
        self.config = config
        points = config.points()
        var models: [any Model] = []
        for point in points {
            do {
                let model = try config.modelType.init(parameters: point.parameters, theoryEnabled: config.theoryEnabled)
                if config.realizations > 0 { try model.checkSimulation() }
                models.append(model)
            } catch let error as ModelError {
                let label = point.swept.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
                throw ModelError(label.isEmpty ? error.message : "at sweep point \(label): \(error.message)")
            }
        }
        guard let first = models.first else { throw ModelError("the sweep has no points") }
        times = config.record.times(endTime: first.endTime, discrete: config.modelType.timeAxis.isDiscrete)
        let timeCount = times.count
        contexts = models.map { PointContext(model: $0, timeCount: timeCount) }
        work = WorkPlan(models: models, realizations: config.realizations, blocks: config.blocks)
    }

    package var models: [any Model] { contexts.map(\.model) }

    /// Numbers a rank keeps for the summary statistics of one point (accumulators of all
    /// blocks, the per-point theory, and the assembled output).
    private func summaryDoubles(_ c: PointContext) -> Double {
        let blocks = Double(max(work.blocksPerPoint, 1))
        return blocks * Double(MomentAccumulator.packedLength(c.simulation.length)
                                 + MomentAccumulator.packedLength(c.realizationTheory.length))
            + Double(c.pointTheory.length) + 5 * Double(c.simulation.length + c.realizationTheory.length)
    }

    /// Estimated peak memory of one rank, in bytes: the largest realization or theory
    /// solve, the summary statistics (every rank holds all points' after the reduction),
    /// and with `keepRealizations` its share of the stored trajectories.
    package func bytesPerRank(ranks: Int, keepRealizations: Bool) -> Double {
        let working = contexts.map { max($0.model.cost.bytesPerRealization, $0.model.cost.bytesPerTheory) }.max() ?? 0
        let summaries = contexts.reduce(0) { $0 + summaryDoubles($1) } * 8
        var kept = 0.0
        if keepRealizations {
            kept = contexts.reduce(0) {
                $0 + Double(config.realizations) * Double($1.simulation.length + $1.realizationTheory.length)
            } * 8 / Double(max(ranks, 1))
        }
        return working + summaries + kept + 64 * 1024 * 1024  // runtime, MPI and HDF5 buffers
    }

    /// Refuses a run whose estimated memory does not fit on this node (one line with the
    /// amounts). Called before the run, inside the ranks' collective agreement.
    package func checkMemory(ranks: Int, keepRealizations: Bool) throws {
        try MemoryCheck.check(bytesPerRank: bytesPerRank(ranks: ranks, keepRealizations: keepRealizations),
                              worldSize: ranks)
    }

    /// Total floating-point operations of the sweep (model estimates).
    package var totalFlops: Double { work.totalCost }

    /// Estimated work per rank when `ranks` share it evenly.
    package func itemsPerRank(_ ranks: Int) -> Double { Double(work.items.count) / Double(max(ranks, 1)) }
}
