import Solvers
import SweepStatistics

/// Runs work items on this rank: a block of realizations in index order (Welford adds in
/// that order), or a point's theory. Knows nothing of MPI or physics: it calls the
/// model and the accumulators.
struct WorkExecutor {
    let contexts: [PointContext]
    let times: [Double]
    let runSeed: UInt64
    let divergeAbove: Double
    let keepRealizations: Bool

    /// Runs `item`; a collective theory sums its Monte Carlo through `reduction` (every
    /// rank calls this for the same item at the same time).
    func run(_ item: WorkItem, control: RunControl,
             reduction: SampleReduction = SingleParticipant()) throws -> BlockOutcome {
        let context = contexts[item.point]
        switch item.kind {
        case .theory:
            let trajectories = try context.model.pointTheory(times: times, control: control, reduction: reduction)
            let flat = try context.pointTheory.flatten(trajectories, model: kind(context), what: "theory")
            return .pointTheory(PointTheoryOutcome(point: item.point, trajectories: flat))
        case .realizations(let block, let range):
            var simulation = MomentAccumulator(length: context.simulation.length)
            var theory = MomentAccumulator(length: context.realizationTheory.length)
            var diverged = 0
            var rows: [[Double]] = []
            let lossRange = context.simulation.range(of: context.model.lossObservable)
            for realization in range {
                let seed = RealizationSeed(runSeed: runSeed, point: item.point, realization: realization)
                let output = try context.model.simulate(seed: seed, times: times, control: control)
                let sim = try context.simulation.flatten(output.simulation, model: kind(context), what: "simulation")
                let th = try context.realizationTheory.flatten(output.theory, model: kind(context), what: "theory")
                if keepRealizations { rows.append(sim + th) }
                if output.diverged || isDiverged(sim, lossRange: lossRange) || th.contains(where: { !$0.isFinite }) {
                    // Kept out of both means, so simulation and theory average the same set.
                    diverged += 1
                    continue
                }
                simulation.add(sim)
                theory.add(th)
            }
            return .realizations(RealizationBlockOutcome(point: item.point, block: block,
                                                         firstRealization: range.lowerBound, simulation: simulation,
                                                         theory: theory, diverged: diverged, rows: rows))
        }
    }

    /// The `model.kind` of a point's model, for contract-violation messages.
    private func kind(_ context: PointContext) -> String { type(of: context.model).kind }

    /// A realization diverged if any recorded value is not finite, or its loss exceeds
    /// the configured bound at any record time.
    private func isDiverged(_ values: [Double], lossRange: Range<Int>?) -> Bool {
        if values.contains(where: { !$0.isFinite }) { return true }
        if let lossRange, values[lossRange].contains(where: { $0 > divergeAbove }) { return true }
        return false
    }
}
