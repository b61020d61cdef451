/// The self-consistency loop of seed 002 (section 4, Algorithm 1 of its appendix B):
/// from the current kernels and Delta, estimate new kernels and responses (in closed form
/// for a linear network, by Monte Carlo otherwise), mix them into the old ones with damping
/// beta (X <- (1 - beta) X + beta X_new), recompute Delta from the prediction dynamics
/// (`KernelDMFTPrediction`), until the residual (`SelfConsistencyResidual`) of the kernels
/// and Delta falls below the tolerance.
struct KernelDMFTIteration {
    let L: Int
    let prediction: KernelDMFTPrediction
    let damping: Double
    let tolerance: Double
    let maxIterations: Int

    struct Result {
        var state: KernelDMFTState
        var iterations: Int
        var residual: Double
    }

    /// The self-consistency residual (`SelfConsistencyResidual`, the norm every model's
    /// `dmft_residual` uses) over every entry of Phi^l, G^l and of Delta recomputed from
    /// the estimate's readout: how far `state` is from being a fixed point of one
    /// undamped iteration. The time-marching solvers report it as their residual.
    func residual(of state: KernelDMFTState, against est: KernelDMFTEstimate) -> Double {
        var r = 0.0
        for l in 0..<L {
            r = max(r, SelfConsistencyResidual.of(est.phi[l], against: state.phi[l]))
            r = max(r, SelfConsistencyResidual.of(est.g[l], against: state.g[l]))
        }
        let delta = prediction.delta(phi: est.phi, g: est.g, rho: est.rho, timePoints: state.timePoints)
        return max(r, SelfConsistencyResidual.of(delta, against: state.delta))
    }

    func solve(from initial: KernelDMFTState, control: RunControl,
               estimate: (KernelDMFTState) throws -> KernelDMFTEstimate) throws -> Result {
        var state = initial
        var residual = Double.infinity
        let beta = damping
        func mix(_ old: inout [Double], _ new: [Double]) {
            for i in old.indices { old[i] = (1 - beta) * old[i] + beta * new[i] }
        }
        for iteration in 1...maxIterations {
            try control.poll()
            let est = try estimate(state)
            var r = 0.0
            for l in 0..<L {
                r = max(r, SelfConsistencyResidual.of(est.phi[l], against: state.phi[l]))
                r = max(r, SelfConsistencyResidual.of(est.g[l], against: state.g[l]))
                mix(&state.phi[l], est.phi[l])
                mix(&state.g[l], est.g[l])
                mix(&state.ra[l], est.ra[l])
                mix(&state.rb[l], est.rb[l])
            }
            mix(&state.rho, est.rho)
            let delta = prediction.delta(phi: state.phi, g: state.g, rho: state.rho, timePoints: state.timePoints)
            r = max(r, SelfConsistencyResidual.of(delta, against: state.delta))
            state.delta = delta
            residual = r
            let finite = delta.allSatisfy { $0.isFinite } && state.phi.allSatisfy { $0.allSatisfy { $0.isFinite } }
                && state.g.allSatisfy { $0.allSatisfy { $0.isFinite } }
            guard finite, r.isFinite, r < 1e6 else {
                throw ModelError("kernel_dmft: the DMFT iteration diverged at iteration \(iteration) "
                    + "(residual \(r)); lower model.damping, or reduce model.gamma0 or model.T")
            }
            if r < tolerance { return Result(state: state, iterations: iteration, residual: r) }
        }
        throw ModelError("kernel_dmft: the DMFT did not converge in model.max_iterations = \(maxIterations) "
            + "iterations (residual \(residual) > tolerance \(tolerance)); raise model.max_iterations or "
            + "lower model.damping")
    }
}
