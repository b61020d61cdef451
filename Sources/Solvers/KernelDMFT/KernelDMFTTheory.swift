/// The per-point theory of `kernel_dmft`: the static NTK, the gradient-independence ansatz
/// or the full DMFT, in closed form for phi = linear (eq. (11)) and by the alternating
/// Monte Carlo (`KernelMonteCarloDMFT`) otherwise.
public struct KernelDMFTTheory {
    public let setup: KernelDMFTSetup
    public let data: KernelDMFTData
    /// Solve a linear network by the Monte Carlo too (to check it against eq. (11)).
    public let forceMonteCarlo: Bool

    public init(setup: KernelDMFTSetup, data: KernelDMFTData, forceMonteCarlo: Bool = false) {
        self.setup = setup
        self.data = data
        self.forceMonteCarlo = forceMonteCarlo
    }

    /// The solution: final state, iterations (0 for the static NTK) and residual.
    public struct Solution: Sendable {
        public var state: KernelDMFTState
        public var iterations: Int
        public var residual: Double
    }

    /// True when the solve samples (a nonlinear phi beyond the static NTK).
    public var usesMonteCarlo: Bool {
        (setup.phi != .linear || forceMonteCarlo) && setup.approximation != .staticNTK
    }

    /// `usesMonteCarlo` of a setup, without the data set (for the model's theory mode).
    public static func usesMonteCarlo(_ setup: KernelDMFTSetup) -> Bool {
        setup.phi != .linear && setup.approximation != .staticNTK
    }

    /// Solves the theory; a Monte Carlo draws the streams of `replica` (`theory.replicas`;
    /// replica 0 is the solve without replicas), a closed form ignores it.
    public func solve(control: RunControl, reduction: SampleReduction, replica: Int = 0) throws -> Solution {
        let s = setup
        let statics = try KernelStaticKernels(kx: data.kx, P: s.P, L: s.L, activation: s.phi)
        let initial = KernelDMFTState(staticKernels: statics, L: s.L, P: s.P, timePoints: s.timePoints, y: data.y,
                                      dt: s.dt)
        if s.approximation == .staticNTK { return Solution(state: initial, iterations: 0, residual: 0) }
        let responses = s.approximation == .dmft
        let prediction = KernelDMFTPrediction(rule: s.prediction, y: data.y, kx: data.kx, P: s.P, dt: s.dt)
        let loop = KernelDMFTIteration(L: s.L, prediction: prediction, damping: s.damping, tolerance: s.tolerance,
                                       maxIterations: s.maxIterations)
        let mc = KernelMonteCarloDMFT(setup: s, kx: data.kx, responses: responses,
                                      sampling: s.solver == .march ? .causal : .symmetric, replica: replica)
        let estimate: (KernelDMFTState) throws -> KernelDMFTEstimate = { state in
            if usesMonteCarlo { return try mc.estimate(state: state, reduction: reduction, control: control) }
            return try KernelLinearDMFT.estimate(state: state, L: s.L, kx: data.kx, gamma0: s.gamma0, dt: s.dt,
                                                 responses: responses, control: control)
        }
        switch s.solver {
        case .iterate:
            let result = try loop.solve(from: initial, control: control, estimate: estimate)
            return Solution(state: result.state, iterations: result.iterations, residual: result.residual)
        case .march:
            let state: KernelDMFTState
            if usesMonteCarlo {
                state = try KernelMonteCarloMarch(setup: s, kx: data.kx, prediction: prediction, responses: responses,
                                              replica: replica)
                    .solve(shape: initial, reduction: reduction, control: control)
            } else {
                state = try KernelLinearMarch.solve(shape: initial, L: s.L, kx: data.kx, prediction: prediction,
                                                    gamma0: s.gamma0, dt: s.dt, responses: responses, control: control)
            }
            // One undamped iteration from the marched solution, with the same samples: a
            // fixed point up to rounding unless something is inconsistent.
            let residual = loop.residual(of: state, against: try estimate(state))
            guard residual <= s.tolerance else {
                throw ModelError("kernel_dmft: the time-marched DMFT is not self-consistent (residual \(residual) > "
                    + "tolerance \(s.tolerance)): the solution grows without bound or amplifies rounding, as when "
                    + "Euler steps are unstable; lower model.dt, model.gamma0 or model.T")
            }
            return Solution(state: state, iterations: 1, residual: residual)
        }
    }

    /// The recorded observables of `solution` at `times` (snapped to the grid).
    public func record(_ solution: Solution, times: [Double]) -> KernelDMFTRecord {
        let st = solution.state, P = st.P, n = st.n, L = setup.L
        var record = KernelDMFTRecord(count: times.count, L: L, P: P)
        for (index, t) in times.enumerated() {
            let k = min(max(Int((t / setup.dt).rounded()), 0), setup.steps)
            func block(_ m: [Double]) -> [Double] {
                var out = [Double](repeating: 0, count: P * P)
                for i in 0..<P { for j in 0..<P { out[i * P + j] = m[(k * P + i) * n + k * P + j] } }
                return out
            }
            func trace0(_ m: [Double]) -> Double {
                var s = 0.0
                for i in 0..<P { s += m[(k * P + i) * n + i] }
                return s
            }
            record.write(index: index, delta: Array(st.delta[(k * P)..<((k + 1) * P)]),
                         phi: st.phi.map(block), g: st.g.map(block),
                         phiTrace0: st.phi.map(trace0), gTrace0: st.g.map(trace0))
            if let densities = preactivationDensities(solution, step: k) {
                record.writeDensity(index: index, layers: densities)
            }
        }
        return record
    }

    /// The density of h^l(t_k) per layer: sampled by the Monte Carlo march; for a linear
    /// network the Gaussian mixture of variances Phi^l_{mu mu}(t_k, t_k); for the static NTK
    /// that of h^l = u^l, variances Phi^{l-1}_{mu mu}; nil (NaN in the output) for the
    /// damped Monte Carlo iteration, which keeps no samples.
    func preactivationDensities(_ solution: Solution, step k: Int) -> [[Double]]? {
        let st = solution.state, P = st.P, n = st.n, L = setup.L, bins = KernelPreactivationBins.count
        if !st.hDensity.isEmpty {
            return (0..<L).map { l in Array(st.hDensity[((k * L + l) * bins)..<((k * L + l + 1) * bins)]) }
        }
        func diagonal(_ m: [Double]) -> [Double] { (0..<P).map { m[(k * P + $0) * n + k * P + $0] } }
        if setup.phi == .linear { return st.phi.map { KernelPreactivationBins.gaussianMixture(variances: diagonal($0)) } }
        if setup.approximation == .staticNTK {
            return (1...L).map { l in
                KernelPreactivationBins.gaussianMixture(variances: l == 1 ? (0..<P).map { data.kx[$0 * P + $0] }
                                                                          : diagonal(st.phi[l - 2]))
            }
        }
        return nil
    }
}
