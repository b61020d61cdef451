/// The constants of one DMFT solve, read off a `DeepLinearSetup`.
struct DeepLinearDMFTConstants {
    let layers: Int
    let gamma0: Double
    let eta: Double
    let sigma2: Double
    /// 1/nu and 1/alpha (zero at nu, alpha = inf: the DMFT's limits are allowed).
    let inverseNu: Double
    let inverseAlpha: Double
    /// 1/alpha_B for online SGD (appendix D); nil for full batch.
    let inverseBatchAlpha: Double?
    let centered: Bool
    /// S* = |w*|^2 / D; the simulation normalizes w* so that it is exactly 1.
    let teacherPower = 1.0

    init(_ setup: DeepLinearSetup) {
        layers = setup.L
        gamma0 = setup.effectiveGamma0
        eta = setup.eta
        sigma2 = setup.sigma * setup.sigma
        inverseNu = 1 / setup.nu
        inverseAlpha = 1 / setup.alpha
        inverseBatchAlpha = setup.isOnline ? 1 / setup.batchAlpha : nil
        centered = setup.centering
    }
}

/// One row (time t) of each block of the multilayer-perceptron DMFT, eqs. (65)-(67) in
/// the matrix form of docs/models/deep_linear_derivation.md, Section 2.2 (with the seed's
/// typos resolved as R2-R4 there). Every stage reads rows <= t of what it needs and
/// writes row t (and, for correlations, column t) of what it produces.
///
/// Within a row the stages run in the order g-side (ℓ = L..1), input site, data site,
/// h^0, h-side (ℓ = 1..L); the causal structure (R-sums include the diagonal, C-sums in
/// the feature-learning terms exclude it) means no stage needs anything later in that
/// order at the same t. Marching rows in time therefore solves the equations exactly;
/// running each stage over all rows in turn is one Gauss-Seidel sweep of the fixed point.
struct DeepLinearDMFTStages {
    let state: DeepLinearDMFTState
    let c: DeepLinearDMFTConstants
    /// Variance decomposition of eq. (13) per time (Section 2.3): bias S*(Q1)_t^2, width
    /// variance [QE Σ_r0 (QE)ᵀ](t, t) and data variance [QK Σ_u0 (QK)ᵀ](t, t).
    var bias: [Double]
    var widthVariance: [Double]
    var dataVariance: [Double]

    init(state: DeepLinearDMFTState, constants: DeepLinearDMFTConstants) {
        self.state = state
        c = constants
        bias = [Double](repeating: .nan, count: state.n)
        widthVariance = bias
        dataVariance = bias
    }

    var n: Int { state.n }

    /// Zeroes row t up to the diagonal before correlations are accumulated into it.
    private func clearRow(_ m: UnsafeMutablePointer<Double>, _ t: Int) {
        for s in 0...t { m[t * n + s] = 0 }
    }

    /// Clears all of row t (entries past the diagonal stay zero in causal matrices).
    private func clearFullRow(_ m: UnsafeMutablePointer<Double>, _ t: Int) {
        for s in 0..<n { m[t * n + s] = 0 }
    }

    /// Layer ℓ's g-side at time t: B^ℓ (eq. (65), g line), R_gu^ℓ = B M, N = I + B M A,
    /// and C_g^ℓ = (BM) C_h^{ℓ-1} (BM)ᵀ + N C_g^{ℓ+1} Nᵀ.
    func gSide(layer l: Int, row t: Int) {
        let b = state[.b, layer: l], m = state[.m, layer: l], a = state[.a, layer: l]
        let rgu = state[.rgu, layer: l], nn = state[.nn, layer: l], cg = state[.cg, layer: l]
        let feature = c.eta * c.gamma0
        clearFullRow(b, t)
        if l == c.layers {
            for k in 0..<t { b[t * n + k] = feature }
        } else {
            let rguNext = state[.rgu, layer: l + 1], cgNext = state.cg(l + 1)
            for k in 0..<t { b[t * n + k] = rguNext[t * n + k] + feature * cgNext[t * n + k] }
        }
        CausalRows.product(b, m, row: t, n: n, into: rgu)
        CausalRows.product(rgu, a, row: t, n: n, into: nn)
        nn[t * n + t] += 1
        clearRow(cg, t)
        CausalRows.addSandwich(rgu, state.ch(l - 1), row: t, n: n, into: cg, work: state.work)
        CausalRows.addSandwich(nn, state.cg(l + 1), row: t, n: n, into: cg, work: state.work)
    }

    /// The input site's v line at time t (eq. (65) with [R2]):
    /// v = Q [w* 1 − E r^0 − K u^0], giving Q, Zp, Z, C_v = Q Z Qᵀ, R_vu^0 = −Q K, and
    /// the eq. (13) decomposition of C_v(t, t).
    mutating func inputSite(row t: Int) {
        let k = state[.k], q = state[.q], zp = state[.zp], z = state[.z], cv = state[.cv]
        let cvNoise = state[.cvNoise], rvu0 = state[.rvu0], qe = state[.qe]
        let rgu1 = state[.rgu, layer: 1], cg1 = state.cg(1)
        clearFullRow(k, t)
        for s in 0..<t { k[t * n + s] = rgu1[t * n + s] / c.gamma0 + c.eta * cg1[t * n + s] }
        // K R_Δ (online: R_Δ = I), then Q(t, ·) = e_t − Σ_{k<t} (K R_Δ)(t, k) Q(k, ·).
        CausalRows.rowTimes(k + t * n, state[.g], row: t, n: n, into: state.scratch)
        CausalRows.inverse(xRow: state.scratch, sign: -1, row: t, n: n, into: q)
        // Zp = S* J + E Σ_r0 Eᵀ with Σ_r0 = C_g^1 / (ν γ0²); E x = x − x(0) when centered.
        let widthScale = c.inverseNu / (c.gamma0 * c.gamma0)
        for s in 0...t {
            var e = cg1[t * n + s]
            if c.centered { e += cg1[0] - cg1[t * n] - cg1[s * n] }
            let value = c.teacherPower + widthScale * e
            zp[t * n + s] = value
            zp[s * n + t] = value
            z[t * n + s] = value
            z[s * n + t] = value
        }
        CausalRows.addSandwich(k, state[.su0], row: t, n: n, into: z, work: state.work)
        clearRow(cv, t)
        CausalRows.addSandwich(q, z, row: t, n: n, into: cv, work: state.work)
        for s in 0...t {
            cvNoise[t * n + s] = cv[t * n + s] + c.sigma2
            cvNoise[s * n + t] = cvNoise[t * n + s]
        }
        CausalRows.product(q, k, row: t, n: n, into: rvu0)
        var rowSum = 0.0
        for s in 0...t {
            rvu0[t * n + s] = -rvu0[t * n + s]
            rowSum += q[t * n + s]
        }
        for s in 0...t { qe[t * n + s] = q[t * n + s] }
        if c.centered { qe[t * n] -= rowSum }
        bias[t] = c.teacherPower * rowSum * rowSum
        widthVariance[t] = widthScale * CausalRows.sandwichDiagonal(qe, cg1, row: t, n: n, work: state.work)
        dataVariance[t] = CausalRows.sandwichDiagonal(rvu0, state[.su0], row: t, n: n, work: state.work)
    }

    /// The data site at time t: R_Δ = G = (I − R_vu^0/α)^{-1} (eq. (15)) and
    /// C_Δ = G (C_v + σ² J) Gᵀ; Σ_u0 = C_Δ/α. Online SGD (appendix D): G = I and the
    /// batch noise is white, Σ_u0 = diag(C_v + σ²)/α_B, C_Δ(t, t) = C_v(t, t) + σ².
    func dataSite(row t: Int) {
        let g = state[.g], cDelta = state[.cDelta], su0 = state[.su0], cvNoise = state[.cvNoise]
        if let inverseBatch = c.inverseBatchAlpha {
            clearFullRow(g, t)
            g[t * n + t] = 1
            clearRow(cDelta, t)
            clearRow(su0, t)
            for s in 0..<t {
                cDelta[s * n + t] = 0
                su0[s * n + t] = 0
            }
            cDelta[t * n + t] = cvNoise[t * n + t]
            su0[t * n + t] = inverseBatch * cvNoise[t * n + t]
            return
        }
        CausalRows.inverse(xRow: state[.rvu0] + t * n, sign: c.inverseAlpha, row: t, n: n, into: g)
        clearRow(cDelta, t)
        CausalRows.addSandwich(g, cvNoise, row: t, n: n, into: cDelta, work: state.work)
        for s in 0...t {
            su0[t * n + s] = c.inverseAlpha * cDelta[t * n + s]
            su0[s * n + t] = su0[t * n + s]
        }
    }

    /// The input site's h^0 at time t: h^0 = (I − R_Δ Q K) u^0 + R_Δ Q (w* 1 − E r^0), so
    /// C_h^0 = F Σ_u0 Fᵀ + (R_Δ Q) Zp (R_Δ Q)ᵀ and R_hr^0 = −R_Δ Q E.
    func inputField(row t: Int) {
        let rq = state[.rq], f = state[.f], ch0 = state[.ch0], rhr0 = state[.rhr0]
        CausalRows.product(state[.g], state[.q], row: t, n: n, into: rq)
        CausalRows.rowTimes(rq + t * n, state[.k], row: t, n: n, into: state.scratch)
        for s in 0..<n { f[t * n + s] = s <= t ? -state.scratch[s] : 0 }
        f[t * n + t] += 1
        clearRow(ch0, t)
        CausalRows.addSandwich(f, state[.su0], row: t, n: n, into: ch0, work: state.work)
        CausalRows.addSandwich(rq, state[.zp], row: t, n: n, into: ch0, work: state.work)
        var rowSum = 0.0
        for s in 0...t {
            rhr0[t * n + s] = -rq[t * n + s]
            rowSum += rq[t * n + s]
        }
        if c.centered { rhr0[t * n] += rowSum }
    }

    /// Layer ℓ's h-side at time t: A^ℓ (eq. (65), h lines, with the equal-time response of
    /// [R3]), M = (I − A B)^{-1}, R_hr^ℓ = M A, and C_h^ℓ = M C_h^{ℓ-1} Mᵀ + (MA) C_g^{ℓ+1} (MA)ᵀ.
    func hSide(layer l: Int, row t: Int) {
        let a = state[.a, layer: l], b = state[.b, layer: l], m = state[.m, layer: l]
        let rhr = state[.rhr, layer: l], ch = state[.ch, layer: l]
        let response = l == 1 ? state[.rhr0] : state[.rhr, layer: l - 1]
        let responseScale = l == 1 ? c.inverseNu / c.gamma0 : 1
        let chPrevious = state.ch(l - 1)
        let feature = c.eta * c.gamma0
        clearFullRow(a, t)
        for s in 0...t {
            a[t * n + s] = responseScale * response[t * n + s] + (s < t ? feature * chPrevious[t * n + s] : 0)
        }
        CausalRows.rowTimes(a + t * n, b, row: t, n: n, into: state.scratch)
        CausalRows.inverse(xRow: state.scratch, sign: 1, row: t, n: n, into: m)
        CausalRows.product(m, a, row: t, n: n, into: rhr)
        clearRow(ch, t)
        CausalRows.addSandwich(m, chPrevious, row: t, n: n, into: ch, work: state.work)
        CausalRows.addSandwich(rhr, state.cg(l + 1), row: t, n: n, into: ch, work: state.work)
    }
}
