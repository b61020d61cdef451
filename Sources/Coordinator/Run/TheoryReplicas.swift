import Solvers
import SweepStatistics

/// `theory.replicas` as a run applies it. A point whose model declares its theory
/// stochastic (`Model.theoryIsStochastic`: a Monte Carlo, e.g. kernel_dmft's for tanh/relu)
/// is solved `requested` times, replica r drawing the model's theory streams of replica r
/// (replica 0 being the streams of a run without replicas); the point's theory outcome is
/// then the mean over the replicas followed by its standard error, both in the point's
/// theory layout, and the output stores them as `X_theory` and `X_theory_sem`. A point
/// whose theory is deterministic is solved once, with standard error 0. With `requested`
/// = 1 nothing changes: one solve, the outcome is its trajectories alone, and the file is
/// the one a run without replicas writes.
///
/// The replicas of a point are solved in replica order by whoever solves the point (one
/// rank, or all ranks together for a collective theory), and accumulated in that order
/// (Welford), so the mean and the error are the same bits on any rank count.
struct TheoryReplicas: Sendable {
    let requested: Int

    /// Whether point-theory outcomes carry a standard error (requested > 1).
    var storesError: Bool { requested > 1 }

    /// Numbers a point-theory outcome holds per theory number: its mean, and with replicas
    /// its standard error.
    var valuesPerNumber: Int { storesError ? 2 : 1 }

    /// Solves of `model`'s point theory.
    func solves(_ model: any Model) -> Int { model.theoryIsStochastic ? requested : 1 }

    /// `cost` with the theory's operations counted once per solve (the working memory of
    /// one solve is unchanged: replicas run one after another).
    func cost(_ cost: CostEstimate, of model: any Model) -> CostEstimate {
        var scaled = cost
        scaled.flopsPerTheory *= Double(solves(model))
        return scaled
    }

    /// The point theory of `model`: its flattened trajectories, or with replicas their
    /// mean over the replicas followed by its standard error (0 for a deterministic theory).
    /// A `ModelError` in any replica is thrown (the point's theory is then NaN).
    func solve(_ model: any Model, layout: PointLayout, modelKind: String, times: [Double], control: RunControl,
               reduction: SampleReduction) throws -> [Double] {
        let count = solves(model)
        var replicas = MomentAccumulator(length: layout.length)
        for replica in 0..<count {
            let trajectories = try model.pointTheory(times: times, control: control, reduction: reduction,
                                                     replica: replica)
            let flat = try layout.flatten(trajectories, model: modelKind, what: "theory")
            guard storesError else { return flat }
            replicas.add(flat)
        }
        let result = replicas.result
        // One solve (a deterministic theory): exact, its error is 0 (the Welford mean of one
        // value is that value).
        let sem = count > 1 ? result.sem : [Double](repeating: 0, count: layout.length)
        return result.mean + sem
    }
}
