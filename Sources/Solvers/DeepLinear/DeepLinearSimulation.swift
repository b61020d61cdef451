import LinearAlgebra

/// One realization of the finite-width deep linear network of seed 004 trained by gradient
/// descent on random data, exactly as docs/models/deep_linear_derivation.md Section 1
/// specifies (the seed's eqs. (25)/(26), not (22)/(24); see [R1] there).
///
/// At every step t, with the weights of step t (note 1.2):
///
///     g^L = w^L,   g^l = W^lᵀ g^{l+1}/√N                   (l = L-1..1)
///     v   = w* − (√D/(N γ0)) W^0ᵀ g^1   [+ the same at t = 0, centered]
///     Δ   = X v/√D + σ ε,   h^0 = (√D/P) Xᵀ Δ
///     h^1 = W^0 h^0/√D,     h^{l+1} = W^l h^l/√N          (l = 1..L-1)
///
/// then all weights move at once (eq. (4)/(25)):
///
///     W^0 += (η γ0/√D) g^1 h^0ᵀ,  W^l += (η γ0/√N) g^{l+1} h^lᵀ,  w^L += η γ0 h^L.
///
/// γ0 is `setup.effectiveGamma0` (μP or NTK, note 1.4). Variants:
/// - centering (appendix A.3, eq. (69); note 1.4): v subtracts the initial predictor,
///   v = w* − (√D/(Nγ0)) [W^0ᵀ g^1 − W^0(0)ᵀ g^1(0)], with W^0(0)ᵀ g^1(0) stored at t = 0;
/// - residual blocks (eq. (16), appendix C; note 1.5): h^{l+1} = h^l + (β/√N) W^l h^l,
///   g^l = g^{l+1} + (β/√N) W^lᵀ g^{l+1}, and W^l += (η γ0 β/√N) g^{l+1} h^lᵀ, with
///   β = `setup.effectiveBeta`; β = 0 is exactly the L = 1 network;
/// - online SGD (appendix D, eq. (86); note 1.6): a fresh X(t) ∈ R^{B×D} and ε(t) ∈ R^B at
///   every step, h^0 = (√D/B) X(t)ᵀ Δ.
///
/// Random streams (part of the reproducibility contract), all `RealizationSeed.disorder`
/// substreams, so every sweep point of a realization sees the same disorder (common random
/// numbers: differences between points are not drowned by disorder noise):
///
/// | substream | draws |
/// |---|---|
/// | 1 | w* ∈ R^D, then rescaled to \|w*\|² = D exactly (S* = 1) |
/// | 2 | X ∈ R^{P×D}, row by row (full batch) |
/// | 3 | ε ∈ R^P (full batch; drawn even when σ = 0) |
/// | 4 | W^0 ∈ R^{N×D}, row by row (row i = hidden unit i) |
/// | 5 | the readout w^L ∈ R^N (the same stream whatever L is) |
/// | 6 | W^1, W^2, ..., W^{L-1} ∈ R^{N×N}, one after the other, row by row |
/// | 7 | online batches X(t) ∈ R^{B×D}, in step order |
/// | 8 | online label noise ε(t) ∈ R^B, in step order (drawn even when σ = 0) |
///
/// The hidden matrices share substream 6, drawn in layer order, rather than one substream
/// per layer, because substreams are 7-bit (`StreamKey.maxSubstreams` = 128) while L may
/// reach 1000; drawn in order, W^l is still the same matrix at every L > l. With these
/// streams a residual network with β = 0 reproduces the L = 1 network bit for bit.
///
/// The online batches come from `disorder` substreams too (not `dynamics`): a sweep over
/// η, γ0, ν or L then trains on the same sequence of samples at every point.
///
/// Cost per step, memory-bound: per weight matrix one read pass (gemvᵀ, backward) and one
/// read-write pass (the forward product and the rank-one update, fused row by row), and
/// two passes over X; about 6 (N D + (L-1) N²) + 4 P D flops. All buffers are allocated
/// once; nothing in the step loop allocates. D = 1000, ν = 2, α = 2, L = 4, T = 100 takes
/// about 2.5-3 s on one core (0.2-0.3 s of it drawing the disorder).
public final class DeepLinearSimulation {
    /// A test loss above this counts as a divergence and stops the run (too large a learning
    /// rate: e.g. κ λ_+ > 2 in the lazy limit, note C5; appendix B of the seed for η_max).
    public static let divergenceThreshold = 1e30

    let D: Int, N: Int, L: Int
    /// Rows of the data matrix used at each step: P (full batch) or B (online).
    let rows: Int
    let online: Bool
    let residual: Bool
    let centering: Bool
    let sigma: Double
    /// The residual branch scale β (1 for the MLP, where it does not enter).
    let beta: Double

    /// √D/(N γ0): from W^0ᵀ g^1 to the end-to-end weights (eq. (26)).
    let readoutScale: Double
    /// 1/√D, 1/√N.
    let invSqrtD: Double, invSqrtN: Double
    /// √D/rows: from Xᵀ Δ to h^0.
    let h0Scale: Double
    /// The multipliers of the three updates: η γ0/√D, η γ0 (β)/√N, η γ0.
    let rateFirst: Double, rateHidden: Double, rateReadout: Double

    /// w* (D), X (rows x D), ε (rows), W^0 (N x D), w^L (N).
    let wStar: UnsafeMutablePointer<Double>
    let X: UnsafeMutablePointer<Double>
    let eps: UnsafeMutablePointer<Double>
    let W0: UnsafeMutablePointer<Double>
    let wL: UnsafeMutablePointer<Double>
    /// W^l for l = 1..L-1 at index l - 1, each N x N.
    let hidden: [UnsafeMutablePointer<Double>]
    /// g^l at index l - 1 (l = 1..L), h^l at index l - 1 (l = 1..L), each N.
    let g: [UnsafeMutablePointer<Double>]
    let h: [UnsafeMutablePointer<Double>]
    /// v, u = W^0ᵀ g^1, its value at t = 0 (centering), h^0: each D. Δ: rows.
    let v: UnsafeMutablePointer<Double>
    let u: UnsafeMutablePointer<Double>
    let u0: UnsafeMutablePointer<Double>
    let h0: UnsafeMutablePointer<Double>
    let delta: UnsafeMutablePointer<Double>
    private var haveInitialReadout = false

    private var batchStream: RandomStream
    private var batchNoiseStream: RandomStream

    /// Builds the network and draws all the disorder of `seed` (see the stream table).
    /// `setup` must have passed `validateForSimulation()`.
    init(setup: DeepLinearSetup, seed: RealizationSeed, control: RunControl) throws {
        D = setup.D
        N = setup.N
        L = setup.L
        online = setup.isOnline
        rows = online ? setup.B : setup.P
        residual = setup.residual
        centering = setup.centering
        sigma = setup.sigma
        beta = setup.residual ? setup.effectiveBeta : 1
        let gamma0 = setup.effectiveGamma0
        readoutScale = Double(D).squareRoot() / (Double(N) * gamma0)
        invSqrtD = 1 / Double(D).squareRoot()
        invSqrtN = 1 / Double(N).squareRoot()
        h0Scale = Double(D).squareRoot() / Double(rows)
        rateFirst = setup.eta * gamma0 / Double(D).squareRoot()
        rateHidden = setup.eta * gamma0 * beta / Double(N).squareRoot()
        rateReadout = setup.eta * gamma0

        let buffer = DeepLinearSimulation.zeroed
        let n = setup.N, layers = setup.L
        wStar = buffer(D)
        X = buffer(rows * D)
        eps = buffer(rows)
        W0 = buffer(N * D)
        wL = buffer(N)
        hidden = (0..<(layers - 1)).map { _ in buffer(n * n) }
        g = (0..<layers).map { _ in buffer(n) }
        h = (0..<layers).map { _ in buffer(n) }
        v = buffer(D)
        u = buffer(D)
        u0 = buffer(D)
        h0 = buffer(D)
        delta = buffer(rows)
        batchStream = seed.disorder(7)
        batchNoiseStream = seed.disorder(8)

        var teacher = seed.disorder(1)
        teacher.fillGaussian(UnsafeMutableBufferPointer(start: wStar, count: D))
        let norm2 = BLAS.dot(D, wStar, wStar)
        // |w*|² = 0 has probability zero; keep the draw rather than divide by zero.
        if norm2 > 0 {
            let scale = (Double(D) / norm2).squareRoot()
            for j in 0..<D { wStar[j] *= scale }
        }
        if !online {
            var data = seed.disorder(2)
            data.fillGaussian(UnsafeMutableBufferPointer(start: X, count: rows * D))
            var noise = seed.disorder(3)
            noise.fillGaussian(UnsafeMutableBufferPointer(start: eps, count: rows))
        }
        try control.poll()
        var first = seed.disorder(4)
        first.fillGaussian(UnsafeMutableBufferPointer(start: W0, count: N * D))
        var readout = seed.disorder(5)
        readout.fillGaussian(UnsafeMutableBufferPointer(start: wL, count: N))
        var square = seed.disorder(6)
        for W in hidden {
            try control.poll()
            square.fillGaussian(UnsafeMutableBufferPointer(start: W, count: N * N))
        }
    }

    /// A new buffer of `count` zeros.
    private static func zeroed(_ count: Int) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
        p.initialize(repeating: 0, count: count)
        return p
    }

    deinit {
        for p in [wStar, X, eps, W0, wL, v, u, u0, h0, delta] + hidden + g + h { p.deallocate() }
    }

    /// Multiply-adds of one step (passes over the weights and the data), for pacing `poll`.
    var workPerStep: Double {
        3 * (Double(N) * Double(D) + Double(L - 1) * Double(N) * Double(N)) + 2 * Double(rows) * Double(D)
    }

    /// The backward pass, the error vector v, the residuals Δ and h^0 at the current
    /// weights (note 1.2, eq. (26); residual note 1.5; online note 1.6). Draws the step's
    /// batch when online. Leaves g^l, v, Δ, h^0 in their buffers.
    func backward() {
        // g^L = w^L (a copy: w^L moves in the update while g^L must not).
        g[L - 1].update(from: wL, count: N)
        for l in stride(from: L - 1, through: 1, by: -1) {
            let W = hidden[l - 1], above = g[l], out = g[l - 1]
            if residual {
                out.update(from: above, count: N)
                if beta != 0 {
                    BLAS.gemvTransposed(rows: N, cols: N, alpha: beta * invSqrtN, a: W, x: above, beta: 1, y: out)
                }
            } else {
                BLAS.gemvTransposed(rows: N, cols: N, alpha: invSqrtN, a: W, x: above, beta: 0, y: out)
            }
        }
        BLAS.gemvTransposed(rows: N, cols: D, alpha: 1, a: W0, x: g[0], beta: 0, y: u)
        if centering {
            if !haveInitialReadout {
                u0.update(from: u, count: D)
                haveInitialReadout = true
            }
            // v(0) = w* exactly: u − u0 is exactly zero at t = 0.
            for j in 0..<D { v[j] = wStar[j] - readoutScale * (u[j] - u0[j]) }
        } else {
            for j in 0..<D { v[j] = wStar[j] - readoutScale * u[j] }
        }
        if online {
            batchStream.fillGaussian(UnsafeMutableBufferPointer(start: X, count: rows * D))
            batchNoiseStream.fillGaussian(UnsafeMutableBufferPointer(start: eps, count: rows))
        }
        for mu in 0..<rows { delta[mu] = sigma * eps[mu] }
        BLAS.gemv(rows: rows, cols: D, alpha: invSqrtD, a: X, x: v, beta: 1, y: delta)
        BLAS.gemvTransposed(rows: rows, cols: D, alpha: h0Scale, a: X, x: delta, beta: 0, y: h0)
    }

    /// The forward pass h^1..h^L from h^0 (note 1.2; residual note 1.5) and, when `update`
    /// is true, the simultaneous GD update of all weights (eq. (4)/(25); note 1.2 and, with
    /// the extra β, note 1.5), from the fields of `backward()`.
    ///
    /// Each update is rank one, W += c a bᵀ with b the layer's input h^l, so it is applied
    /// row by row in the same pass that reads the row for the forward product: h^{l+1}_i
    /// uses row i before its update, which is W(t) as the update rule requires. One
    /// read-write pass per matrix instead of a read (gemv) and a read-write (ger).
    func forward(update: Bool) {
        rowPass(W0, rows: N, cols: D, input: h0, scale: invSqrtD, base: nil, out: h[0],
                rate: update ? rateFirst : 0, coefficients: g[0])
        for l in 1..<L {
            let below = h[l - 1], out = h[l]
            if residual && beta == 0 {
                out.update(from: below, count: N)  // β = 0: the block is the identity and W^l is frozen
            } else {
                rowPass(hidden[l - 1], rows: N, cols: N, input: below, scale: beta * invSqrtN,
                        base: residual ? UnsafePointer(below) : nil, out: out,
                        rate: update ? rateHidden : 0, coefficients: g[l])
            }
        }
        if update { BLAS.axpy(N, alpha: rateReadout, h[L - 1], wL) }
    }

    /// Rows at least this long are updated in the forward pass itself (`rowPass`); shorter
    /// ones use gemv then ger, because per-row BLAS calls would cost more than the work.
    static let fusedRowLength = 128

    /// out_i = base_i + scale (W_i · input) for every row W_i of the `rows` x `cols` matrix
    /// W (base_i = 0 without `base`), then, when `rate` is not 0,
    /// W_i += rate coefficients_i input. The row is still in cache for its update.
    private func rowPass(_ W: UnsafeMutablePointer<Double>, rows: Int, cols: Int, input: UnsafePointer<Double>,
                         scale: Double, base: UnsafePointer<Double>?, out: UnsafeMutablePointer<Double>,
                         rate: Double, coefficients: UnsafePointer<Double>) {
        guard cols >= Self.fusedRowLength else {
            // Short rows: two BLAS calls in all beat two calls per row; W is small anyway.
            if let base { out.update(from: base, count: rows) }
            BLAS.gemv(rows: rows, cols: cols, alpha: scale, a: W, x: input, beta: base == nil ? 0 : 1, y: out)
            if rate != 0 { BLAS.ger(rows: rows, cols: cols, alpha: rate, x: coefficients, y: input, a: W) }
            return
        }
        for i in 0..<rows {
            let row = W + i * cols
            let product = scale * BLAS.dot(cols, row, input)
            out[i] = base.map { $0[i] + product } ?? product
            if rate != 0 { BLAS.axpy(cols, alpha: rate * coefficients[i], input, row) }
        }
    }

    /// Writes the observables of note 1.3 for the current fields into record `k` of `out`,
    /// and returns false when the state has diverged (a non-finite value, or a test loss
    /// above `divergenceThreshold`).
    func observe(into out: inout DeepLinearTrajectories, record k: Int?) -> Bool {
        let test = BLAS.dot(D, v, v) / Double(D) + sigma * sigma
        let train = BLAS.dot(rows, delta, delta) / Double(rows)
        var finite = test.isFinite && train.isFinite && test <= Self.divergenceThreshold
        let ch0 = BLAS.dot(D, h0, h0) / Double(D)
        finite = finite && ch0.isFinite
        if let k { out.Ch[k * (L + 1)] = ch0 }
        for l in 1...L {
            let ch = BLAS.dot(N, h[l - 1], h[l - 1]) / Double(N)
            let cg = BLAS.dot(N, g[l - 1], g[l - 1]) / Double(N)
            finite = finite && ch.isFinite && cg.isFinite
            if let k {
                out.Ch[k * (L + 1) + l] = ch
                out.Cg[k * L + l - 1] = cg
            }
        }
        if let k {
            out.testLoss[k] = test
            out.trainLoss[k] = train
        }
        return finite
    }

    /// Runs one realization: draws the disorder of `seed`, trains for as many steps as the
    /// last record time needs, and records the observables of note 1.3 at each of `times`
    /// (GD step counts, ascending, within 0...T; each is rounded to the nearest step and
    /// recorded before that step's update, so t = 0 is the initialization and t = T is
    /// after T updates). On divergence the run stops, the remaining records are NaN and
    /// `diverged` is true.
    ///
    /// Throws a `ModelError` for setups the finite network cannot run (infinite ν or α,
    /// sizes that round to zero or exceed memory; `DeepLinearSetup.validateForSimulation`)
    /// and for bad record times, and rethrows `control.poll()` (cancellation).
    public static func run(setup: DeepLinearSetup, seed: RealizationSeed, times: [Double],
                           control: RunControl) throws -> DeepLinearTrajectories {
        try setup.validateForSimulation()
        let steps = try recordSteps(times, T: setup.T)
        var out = DeepLinearTrajectories(count: times.count, L: setup.L)
        guard let last = steps.last else { return out }

        let sim = try DeepLinearSimulation(setup: setup, seed: seed, control: control)
        // Poll about every 2 million multiply-adds (a millisecond or two).
        let pollEvery = max(1, Int(2e6 / max(sim.workPerStep, 1)))
        var next = 0  // the first record whose step is not yet written
        for t in 0...last {
            if t % pollEvery == 0 { try control.poll() }
            sim.backward()
            sim.forward(update: t < last)
            let recorded = next < steps.count && steps[next] == t ? next : nil
            guard sim.observe(into: &out, record: recorded) else {
                // Leave this and all later records NaN (the state at t is already bad).
                for k in next..<steps.count {
                    out.testLoss[k] = .nan
                    out.trainLoss[k] = .nan
                    for l in 0...setup.L { out.Ch[k * (setup.L + 1) + l] = .nan }
                    for l in 0..<setup.L { out.Cg[k * setup.L + l] = .nan }
                }
                out.diverged = true
                return out
            }
            // Repeated record times (after rounding) share the state of step t.
            if let k = recorded {
                next = k + 1
                while next < steps.count && steps[next] == t {
                    out.testLoss[next] = out.testLoss[k]
                    out.trainLoss[next] = out.trainLoss[k]
                    for l in 0...setup.L { out.Ch[next * (setup.L + 1) + l] = out.Ch[k * (setup.L + 1) + l] }
                    for l in 0..<setup.L { out.Cg[next * setup.L + l] = out.Cg[k * setup.L + l] }
                    next += 1
                }
            }
        }
        return out
    }
}
