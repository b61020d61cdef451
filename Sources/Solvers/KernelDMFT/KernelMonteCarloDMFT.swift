import LinearAlgebra

/// One iteration of seed 002's alternating Monte Carlo (section 4; Algorithm 1 of its
/// appendix B) for a nonlinear phi: for every layer l, draw S samples
/// u^l ~ GP(0, Phi^{l-1}) and r^l ~ GP(0, G^{l+1}) from the current kernels, solve the
/// single-site equations (10) for h^l, z^l (`KernelSingleSiteChunk`, causal on the grid, so
/// a forward sweep in time), and estimate
///
///     Phi^l = <phi(h) phi(h)^T>,  G^l = <g g^T>          (eq. (9))
///     <d phi(h^l)/d r^l>,  <d g^l/d u^l>                  (A^l and B^{l-1}, section 3.2)
///     rho = <d phi(h^L)/d r^L> / gamma0                   (the readout, `KernelDMFTReadout`)
///
/// The responses are averaged Jacobians, estimated without bias by forward-mode tangents
/// along a random +-1 direction eta per sample: <J> = <(J eta) eta^T> (Hutchinson), then
/// projected on their causal support (entries that vanish exactly in expectation).
///
/// Samples come in fixed chunks of `chunkSize` (a function of the sample count alone);
/// each participant of `reduction` takes a contiguous share of the chunks, each chunk's
/// sums are rounded to a `FixedPointSum` grid, and one `reduction.sum` per iteration
/// combines all layers, so the estimate is bit-for-bit the same for any number of
/// participants. Sample n of layer l draws from its own counter-based stream
/// `StreamKey.theorySample(seed: theory_seed, sample: n, substream: 4 (l - 1) + purpose, replica:)`;
/// the streams do not depend on the iteration (common random numbers), which makes the
/// iteration a deterministic map whose fixed point the damping finds.
struct KernelMonteCarloDMFT {
    let setup: KernelDMFTSetup
    let kx: [Double]
    let responses: Bool
    let sampling: Sampling
    /// The theory replica (`theory.replicas`) whose streams are drawn; 0 without replicas.
    let replica: Int
    static let chunkSize = 64

    /// How u ~ N(0, K) is drawn from eps ~ N(0, I): with the symmetric square root (a
    /// smooth function of K, for the damped iteration), or with the causal factor, which
    /// makes the iteration a causal map whose fixed point `KernelMonteCarloMarch` computes
    /// with the same samples (its self-consistency check).
    enum Sampling { case symmetric, causal }

    init(setup: KernelDMFTSetup, kx: [Double], responses: Bool, sampling: Sampling = .symmetric, replica: Int = 0) {
        self.setup = setup
        self.kx = kx
        self.responses = responses
        self.sampling = sampling
        self.replica = replica
    }

    func estimate(state: KernelDMFTState, reduction: SampleReduction, control: RunControl) throws
        -> KernelDMFTEstimate {
        var magnitudeBoost = 1.0
        for _ in 0..<8 {
            if let est = try attempt(state: state, reduction: reduction, control: control, boost: magnitudeBoost) {
                return est
            }
            magnitudeBoost *= 65536
        }
        throw ModelError("kernel_dmft: Monte Carlo contributions overflow the fixed-point grid; "
            + "the kernels have diverged (reduce model.gamma0 or model.T)")
    }

    /// Largest |entry| and largest row sum of |entry| of an n x n matrix.
    static func scales(_ m: [Double], n: Int) -> (Double, Double) {
        var mx = 0.0, row = 0.0
        for a in 0..<n {
            var s = 0.0
            for b in 0..<n { s += abs(m[a * n + b]) }
            row = max(row, s)
        }
        for v in m { mx = max(mx, abs(v)) }
        return (mx, row)
    }

    func attempt(state: KernelDMFTState, reduction: SampleReduction, control: RunControl, boost: Double) throws
        -> KernelDMFTEstimate? {
        let L = setup.L, n = state.n, P = state.P, nt = state.timePoints
        let S = setup.samples, C = Self.chunkSize
        let chunks = (S + C - 1) / C
        let layout = KernelPacking(P: P, timePoints: nt)
        let headroom = 16.0 * Double(C) * boost
        var sums = [FixedPointSum]()
        var plans = [KernelSingleSiteChunk.Plan]()
        for l in 1...L {
            let ops = KernelDMFTOperators(layer: l, L: L, state: state, kx: kx, gamma0: setup.gamma0, dt: setup.dt,
                                          responses: responses)
            let uFactor = try factor(state.phiBelow(l, kx: kx), n: n)
            let rFactor = try factor(state.gAbove(l), n: n)
            let plan = KernelSingleSiteChunk.Plan(
                layer: l, L: L, P: P, timePoints: nt, ops: ops, uFactor: uFactor, rFactor: rFactor,
                activation: setup.phi, seed: UInt64(setup.theorySeed), replica: replica,
                wantsRA: responses && l < L, wantsRB: responses && l >= 2,
                wantsRho: l == L && setup.prediction == .readout)
            plans.append(plan)
            let phiScale = max(Self.scales(state.phi[l - 1], n: n).0, 1)
            let gScale = max(Self.scales(state.g[l - 1], n: n).0, 1)
            let raScale = max(Self.scales(state.ra[l - 1], n: n).1, 1)
            let rbScale = l >= 2 ? max(Self.scales(state.rb[l - 2], n: n).1, 1) : 1
            let rhoScale = max(state.rho.reduce(0) { max($0, abs($1)) } * setup.gamma0, 1)
            sums.append(FixedPointSum(count: layout.symmetricCount, terms: chunks, magnitude: headroom * phiScale,
                                      headroomBits: 16))
            sums.append(FixedPointSum(count: layout.symmetricCount, terms: chunks, magnitude: headroom * gScale,
                                      headroomBits: 16))
            sums.append(FixedPointSum(count: plan.wantsRA ? layout.causalCount(strict: true) : 0, terms: chunks,
                                      magnitude: headroom * raScale, headroomBits: 16))
            sums.append(FixedPointSum(count: plan.wantsRB ? layout.causalCount(strict: false) : 0, terms: chunks,
                                      magnitude: headroom * rbScale, headroomBits: 16))
            sums.append(FixedPointSum(count: plan.wantsRho ? n : 0, terms: chunks,
                                      magnitude: headroom * rhoScale, headroomBits: 16))
        }
        for c in reduction.share(of: chunks) {
            let samples = (c * C)..<min((c + 1) * C, S)
            for (i, plan) in plans.enumerated() {
                try control.poll()
                let result = plan.run(samples: samples)
                layout.addSymmetric(result.phi, to: &sums[5 * i])
                layout.addSymmetric(result.g, to: &sums[5 * i + 1])
                if plan.wantsRA { layout.addCausal(result.ra, strict: true, to: &sums[5 * i + 2]) }
                if plan.wantsRB { layout.addCausal(result.rb, strict: false, to: &sums[5 * i + 3]) }
                if plan.wantsRho { sums[5 * i + 4].add(result.rho) }
            }
        }
        guard let totals = try FixedPointSum.reduce(sums, with: reduction) else { return nil }
        let inv = 1 / Double(S)
        var est = KernelDMFTEstimate(phi: state.phi, g: state.g,
                                     ra: Array(repeating: [Double](repeating: 0, count: n * n), count: L),
                                     rb: Array(repeating: [Double](repeating: 0, count: n * n), count: L),
                                     rho: state.rho)
        for l in 1...L {
            let i = l - 1
            est.phi[i] = layout.unpackSymmetric(totals[5 * i], scale: inv)
            est.g[i] = layout.unpackSymmetric(totals[5 * i + 1], scale: inv)
            if plans[i].wantsRA { est.ra[i] = layout.unpackCausal(totals[5 * i + 2], strict: true, scale: inv) }
            if plans[i].wantsRB { est.rb[i - 1] = layout.unpackCausal(totals[5 * i + 3], strict: false, scale: inv) }
            if plans[i].wantsRho { est.rho = totals[5 * i + 4].map { $0 * inv / setup.gamma0 } }
        }
        return est
    }

    /// The symmetric square root K^{1/2} = U max(Lambda, 0)^{1/2} U^T (n x n, row-major) of
    /// a symmetric positive semidefinite kernel, so u = K^{1/2} eps ~ N(0, K). Unlike a
    /// factor built from selected eigenvectors it is a continuous function of K, so with
    /// the same eps the samples move continuously with the kernels and the iteration is a
    /// smooth map (eigenvectors of near-degenerate eigenvalues may rotate freely).
    func factor(_ k: [Double], n: Int) throws -> (matrix: [Double], rank: Int) {
        if sampling == .causal { return (KernelCausalFactor.full(k, n: n), n) }
        var a = k
        let values: [Double]
        do {
            values = try LAPACK.symmetricEigen(n: n, a: &a, vectors: true)
        } catch {
            throw ModelError("kernel_dmft: the eigendecomposition of a DMFT kernel failed (\(error))")
        }
        // a holds the eigenvectors as columns (column-major): a[col * n + row]. Scale each
        // by its eigenvalue^(1/4), then K^{1/2} = V V^T with V = U Lambda^{1/4}.
        var v = [Double](repeating: 0, count: n * n)
        for col in 0..<n {
            let s = max(values[col], 0).squareRoot().squareRoot()
            for row in 0..<n { v[row * n + col] = a[col * n + row] * s }
        }
        return (KernelMatrix.product(v, v, n: n, transposeB: true), n)
    }
}
