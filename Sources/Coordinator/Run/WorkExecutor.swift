import Solvers
import SweepStatistics

/// Runs work items on this rank: a block of realizations in index order (Welford adds in
/// that order), or a point's theory. Knows nothing of MPI or physics: it calls the
/// model and the accumulators.
struct WorkExecutor {
    let plan: SweepPlan
    let keepRealizations: Bool
    /// The model of the last point run: items of one point are mostly handed out one
    /// after another (equal costs are ordered by point), so a point's model is built
    /// about once per rank, not once per item, and never once per point up front.
    private let models = ModelCache()

    init(plan: SweepPlan, keepRealizations: Bool) {
        self.plan = plan
        self.keepRealizations = keepRealizations
    }

    private var times: [Double] { plan.times }

    /// Runs `item`; a collective theory sums its Monte Carlo through `reduction` (every
    /// rank calls this for the same item at the same time).
    func run(_ item: WorkItem, control: RunControl,
             reduction: SampleReduction = SingleParticipant()) throws -> BlockOutcome {
        let context = plan.contexts[item.point]
        let model = try models.model(at: item.point, of: plan)
        switch item.kind {
        case .theory:
            do {
                let values = try plan.replicas.solve(model, layout: context.pointTheory, modelKind: kind(context),
                                                     times: times, control: control, reduction: reduction)
                return .pointTheory(PointTheoryOutcome(point: item.point, trajectories: values))
            } catch let error as ModelError {
                // A theory that cannot be solved at this point (no convergence, a blow-up the
                // solver refuses) is a result of the sweep, like a diverged realization: the
                // point's theory is NaN (counted in `theory_diverged`), every other point and
                // all simulation work go on. Deterministic, so a collective theory fails on
                // every rank together; participant 0 says so.
                if reduction.participantIndex == 0 {
                    RunLog.write("dynsweep: warning: the theory of sweep point \(item.point) (\(plan.point(item.point).label)) "
                        + "failed, its _theory values are NaN: \(error.message)")
                }
                let failed = [Double](repeating: .nan, count: context.pointTheory.length * plan.replicas.valuesPerNumber)
                return .pointTheory(PointTheoryOutcome(point: item.point, trajectories: failed))
            }
        case .realizations(let block, let range):
            var simulation = MomentAccumulator(length: context.simulation.length)
            var theory = MomentAccumulator(length: context.realizationTheory.length)
            var diverged = 0
            var rows: [[Double]] = []
            let lossRange = context.simulation.range(of: context.lossObservable)
            for realization in range {
                let seed = RealizationSeed(runSeed: plan.config.seed, point: item.point, realization: realization)
                let output = try model.simulate(seed: seed, times: times, control: control)
                let sim = try context.simulation.flatten(output.simulation, model: kind(context), what: "simulation")
                let th = try context.realizationTheory.flatten(output.theory, model: kind(context), what: "theory")
                if keepRealizations { rows.append(sim + th) }
                // Simulation and theory diverge separately (a theory can blow up where the
                // network does not): each is kept out of its own mean only, and counted as
                // `diverged` and `theory_diverged`.
                if output.diverged || isDiverged(sim, lossRange: lossRange) {
                    diverged += 1
                } else {
                    simulation.add(sim)
                }
                if th.allSatisfy(\.isFinite) { theory.add(th) }
            }
            return .realizations(RealizationBlockOutcome(point: item.point, block: block,
                                                         firstRealization: range.lowerBound, simulation: simulation,
                                                         theory: theory, diverged: diverged, rows: rows))
        }
    }

    /// The `model.kind` of a point's model, for contract-violation messages.
    private func kind(_ context: PointContext) -> String { context.modelKind }

    /// A realization diverged if any recorded value is not finite, or its loss exceeds
    /// the configured bound at any record time.
    private func isDiverged(_ values: [Double], lossRange: Range<Int>?) -> Bool {
        if values.contains(where: { !$0.isFinite }) { return true }
        if let lossRange, values[lossRange].contains(where: { $0 > plan.config.divergeAbove }) { return true }
        return false
    }
}

/// The model of one point, kept until an item of another point runs (one rank's thread).
private final class ModelCache {
    private var point = -1
    private var model: (any Model)?

    func model(at point: Int, of plan: SweepPlan) throws -> any Model {
        if point == self.point, let model { return model }
        let built = try plan.model(at: point)
        self.point = point
        model = built
        return built
    }
}
