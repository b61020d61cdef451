import Foundation
import Solvers
import SweepConfig
import SweepStatistics

/// A sweep made concrete before anything runs: the record times, the layouts of every
/// point, the work items and their estimated cost and memory. `dynsweep plan` prints
/// it; `dynsweep validate` checks it; `dynsweep run` executes it.
///
/// The points are streamed: each point's model is built once here, to check it and to
/// read its layouts and costs, and then dropped. What stays is O(1) per point (a 4-byte
/// index into the few distinct `PointContext`s, and for a run its work items), so a
/// million-point sweep plans in seconds and a few tens of MB. A run builds a point's
/// model again when it runs one of its items (`model(at:)`).
package struct SweepPlan: Sendable {
    package let config: RunConfig
    let contexts: PointContexts
    package let times: [Double]
    package let work: WorkPlan
    /// The first point's theory mode (every point of a model kind has the same in practice;
    /// for the plan's report).
    package let theoryMode: TheoryMode
    /// `theory.replicas` as the run applies it.
    let replicas: TheoryReplicas
    /// Points whose theory is stochastic (a Monte Carlo, solved `theory.replicas` times).
    package let stochasticTheoryPoints: Int
    /// The largest working memory of one realization or theory solve over the points.
    private let workingBytes: Double

    /// - Parameter listingWork: list the work items (a run); false only counts them
    ///   (`validate`, `plan`), so that checking a huge sweep does not hold its items.
    package init(config: RunConfig, listingWork: Bool = true) throws {
        self.config = config
        let count = config.pointCount
        guard count > 0 else { throw ModelError("the sweep has no points") }
        var contexts = PointContexts()
        var work = WorkPlan(realizations: config.realizations, blocks: config.blocks, listsItems: listingWork)
        var times: [Double] = []
        var theoryMode = TheoryMode.none
        var working = 0.0
        let replicas = TheoryReplicas(requested: config.theoryReplicas)
        var stochastic = 0
        // Continues the config's per-point check (a config loaded without it checked the
        // first point only), so each point's model is built once here.
        var validation = config.pointValidation
        for index in 0..<count {
            let point = config.point(index)
            let model: any Model
            do {
                model = try validation.model(of: point)
                if config.realizations > 0 { try model.checkSimulation() }
            } catch let error as ModelError {
                throw ModelError(point.swept.isEmpty ? error.message : "at sweep point \(point.label): \(error.message)")
            }
            if index == 0 {
                times = config.record.times(endTime: model.endTime, discrete: config.modelType.timeAxis.isDiscrete)
                theoryMode = model.theoryMode
            }
            let cost = replicas.cost(model.cost, of: model)
            if model.theoryIsStochastic { stochastic += 1 }
            contexts.append(model: model, timeCount: times.count)
            work.add(point: index, cost: cost, theoryMode: model.theoryMode)
            working = max(working, cost.bytesPerRealization, cost.bytesPerTheory)
        }
        work.finish()
        if replicas.storesError, stochastic == 0 {
            throw ModelError("theory.replicas = \(replicas.requested), but the theory of \(config.modelKind) is "
                + "deterministic at every sweep point (no Monte Carlo), so every replica would repeat the same solve; "
                + "remove theory.replicas")
        }
        self.replicas = replicas
        stochasticTheoryPoints = stochastic
        self.contexts = contexts
        self.times = times
        self.work = work
        self.theoryMode = theoryMode
        workingBytes = working
    }

    /// Number of sweep points.
    package var pointCount: Int { contexts.count }

    /// The sweep point at `index` (computed from the config, not stored).
    package func point(_ index: Int) -> SweepPoint { config.point(index) }

    /// The model of point `index`, built again from the config (it was checked when the
    /// plan was made, so this throws only on a model that is not a function of its
    /// parameters).
    package func model(at index: Int) throws -> any Model {
        try config.modelType.init(parameters: config.point(index).parameters, theoryEnabled: config.theoryEnabled)
    }

    /// Numbers a rank keeps for the summary statistics of one point (accumulators of all
    /// blocks, the per-point theory, and the assembled output).
    private func summaryDoubles(_ c: PointContext) -> Double {
        let blocks = Double(max(maxBlocksPerPoint, 1))
        return blocks * Double(MomentAccumulator.packedLength(c.simulation.length)
                                 + MomentAccumulator.packedLength(c.realizationTheory.length))
            + Double(c.pointTheory.length * replicas.valuesPerNumber)
            + 5 * Double(c.simulation.length + c.realizationTheory.length)
    }

    /// The most blocks a point can have: the plan's, or with an error target the first
    /// round's and up to as many per later round, of which there are at most enough to
    /// grow from `realizations` to the cap by 9/8 each (`TargetRule`'s smallest round).
    var maxBlocksPerPoint: Int {
        guard let target = config.target, config.realizations > 0 else { return work.blocksPerPoint }
        let growth = Double(target.maxRealizations) / Double(config.realizations)
        let rounds = 1 + Int((log(growth) / log(9.0 / 8.0)).rounded(.up))
        return min(target.maxRealizations, work.blocksPerPoint * rounds)
    }

    /// `sum` over every point of `f(its context)`, computed over the distinct contexts.
    func sumOverPoints(_ f: (PointContext) -> Double) -> Double {
        zip(contexts.distinct, contexts.counts).reduce(0) { $0 + Double($1.1) * f($1.0) }
    }

    /// Estimated peak memory of one rank, in bytes: the largest realization or theory
    /// solve, the summary statistics (every rank holds all points' after the reduction),
    /// with `keepRealizations` its share of the stored trajectories, and the plan itself.
    package func bytesPerRank(ranks: Int, keepRealizations: Bool) -> Double {
        let summaries = sumOverPoints(summaryDoubles) * 8
        var kept = 0.0
        if keepRealizations {
            kept = sumOverPoints { Double(config.maxRealizations) * Double($0.simulation.length + $0.realizationTheory.length) }
                * 8 / Double(max(ranks, 1))
        }
        let plan = Double(pointCount) * 4 + Double(work.itemCount) * Double(MemoryLayout<WorkItem>.stride)
        return workingBytes + summaries + kept + plan + 64 * 1024 * 1024  // runtime, MPI and HDF5 buffers
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
    package func itemsPerRank(_ ranks: Int) -> Double { Double(work.itemCount) / Double(max(ranks, 1)) }
}
