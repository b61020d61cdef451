/// The hidden layers of the residual network's DMFT (seed 004, appendix C, eq. (74)), in
/// the matrix form of docs/models/deep_linear_derivation.md, Section 2.6 (with the
/// cross-response typos of [R5] resolved):
///
///     h^1 = u^1 + A^1 g^1,            h^{ℓ+1} = h^ℓ + β u^{ℓ+1} + Ā^ℓ g^{ℓ+1},
///     g^L = r^L 1 + B^L h^L,          g^ℓ = g^{ℓ+1} + β r^ℓ + B̄^ℓ h^ℓ,
///     A^1 = (νγ0)^{-1} R_hr^0 + ηγ0 S∘C_h^0,   Ā^ℓ = β (R_hr^ℓ + ηγ0 β S∘C_h^ℓ),
///     B^L = ηγ0 S,                               B̄^ℓ = β (R_gu^{ℓ+1} + ηγ0 β S∘C_g^{ℓ+1}).
///
/// Unlike the MLP, every field depends on the sources of every layer, so all cross maps
/// H_x^{ℓk} = ∂h^ℓ/∂x^k and G_x^{ℓk} = ∂g^ℓ/∂x^k (x = u, r) are tracked: 4 L² matrices,
/// O(L² T²) memory and O(L² T³) time (seed 004, Table 1). The responses the other sites
/// need are R_hr^ℓ = H_r^{ℓℓ} and R_gu^ℓ = G_u^{ℓℓ}, and
/// C_h^ℓ = Σ_k H_u^{ℓk} C_h^{k-1} H_u^{ℓk}ᵀ + H_r^{ℓk} C_g^{k+1} H_r^{ℓk}ᵀ (C_g likewise).
///
/// Layer correlations, responses and the kernels A (h-side, indexed by the h it feeds)
/// and B (g-side) live in the shared `DeepLinearDMFTState`, so the input and data sites
/// are the MLP's unchanged.
final class DeepResidualLayers {
    let state: DeepLinearDMFTState
    let c: DeepLinearDMFTConstants
    let beta: Double
    private let maps: UnsafeMutablePointer<Double>
    private let mapCount: Int

    private enum Map: Int {
        case hu, hr, gu, gr
    }

    init(state: DeepLinearDMFTState, constants: DeepLinearDMFTConstants, beta: Double) {
        self.state = state
        c = constants
        self.beta = beta
        let L = constants.layers
        mapCount = 4 * L * L * state.n * state.n
        maps = .allocate(capacity: mapCount)
        maps.initialize(repeating: 0, count: mapCount)
    }

    deinit { maps.deallocate() }

    private var n: Int { state.n }

    /// ∂(field of layer `layer`)/∂(source of layer `source`), both 1...L.
    private func map(_ m: Map, _ layer: Int, _ source: Int) -> UnsafeMutablePointer<Double> {
        let L = c.layers
        return maps + (((m.rawValue * L) + (layer - 1)) * L + (source - 1)) * n * n
    }

    /// Row t of target = previous (if any) + diagonal·e_t + kernel(t, ·)·response.
    private func accumulateRow(_ target: UnsafeMutablePointer<Double>, previous: UnsafeMutablePointer<Double>?,
                               diagonal: Double, kernel: UnsafeMutablePointer<Double>,
                               response: UnsafeMutablePointer<Double>, row t: Int) {
        CausalRows.rowTimes(kernel + t * n, response, row: t, n: n, into: state.scratch)
        let out = target + t * n
        for s in 0..<n { out[s] = s <= t ? state.scratch[s] + (previous?[t * n + s] ?? 0) : 0 }
        out[t] += diagonal
    }

    /// Row t of C = Σ_k X_u^k C_h^{k-1} X_u^kᵀ + X_r^k C_g^{k+1} X_r^kᵀ.
    private func correlationRow(_ out: UnsafeMutablePointer<Double>, field: (Map, Map), layer l: Int, row t: Int) {
        for s in 0...t { out[t * n + s] = 0 }
        for k in 1...c.layers {
            CausalRows.addSandwich(map(field.0, l, k), state.ch(k - 1), row: t, n: n, into: out, work: state.work)
            CausalRows.addSandwich(map(field.1, l, k), state.cg(k + 1), row: t, n: n, into: out, work: state.work)
        }
    }

    /// Layer ℓ's g at time t (ℓ = L..1 within a row): B̄^ℓ (or B^L), the maps G^{ℓk},
    /// R_gu^ℓ and C_g^ℓ. Reads h-maps at times < t only.
    func gSide(layer l: Int, row t: Int) {
        let L = c.layers, feature = c.eta * c.gamma0
        let b = state[.b, layer: l]
        for s in 0..<n { b[t * n + s] = 0 }
        if l == L {
            for s in 0..<t { b[t * n + s] = feature }
        } else {
            let rguNext = state[.rgu, layer: l + 1], cgNext = state.cg(l + 1)
            for s in 0..<t { b[t * n + s] = beta * (rguNext[t * n + s] + feature * beta * cgNext[t * n + s]) }
        }
        for k in 1...L {
            let previousU = l < L ? map(.gu, l + 1, k) : nil, previousR = l < L ? map(.gr, l + 1, k) : nil
            accumulateRow(map(.gu, l, k), previous: previousU, diagonal: 0, kernel: b, response: map(.hu, l, k), row: t)
            let rDiagonal = k == l ? (l == L ? 1 : beta) : 0
            accumulateRow(map(.gr, l, k), previous: previousR, diagonal: rDiagonal, kernel: b,
                          response: map(.hr, l, k), row: t)
        }
        let rgu = state[.rgu, layer: l], gu = map(.gu, l, l)
        for s in 0..<n { rgu[t * n + s] = gu[t * n + s] }
        correlationRow(state[.cg, layer: l], field: (.gu, .gr), layer: l, row: t)
    }

    /// Layer ℓ's h at time t (ℓ = 1..L within a row, after the input site): A^1 or Ā^{ℓ-1},
    /// the maps H^{ℓk}, R_hr^ℓ and C_h^ℓ. Reads g-maps at times <= t.
    func hSide(layer l: Int, row t: Int) {
        let L = c.layers, feature = c.eta * c.gamma0
        let a = state[.a, layer: l]
        for s in 0..<n { a[t * n + s] = 0 }
        if l == 1 {
            let rhr0 = state[.rhr0], ch0 = state[.ch0], scale = c.inverseNu / c.gamma0
            for s in 0...t { a[t * n + s] = scale * rhr0[t * n + s] + (s < t ? feature * ch0[t * n + s] : 0) }
        } else {
            let rhr = state[.rhr, layer: l - 1], ch = state.ch(l - 1)
            for s in 0...t {
                a[t * n + s] = beta * (rhr[t * n + s] + (s < t ? feature * beta * ch[t * n + s] : 0))
            }
        }
        for k in 1...L {
            let previousU = l > 1 ? map(.hu, l - 1, k) : nil, previousR = l > 1 ? map(.hr, l - 1, k) : nil
            let uDiagonal = k == l ? (l == 1 ? 1 : beta) : 0
            accumulateRow(map(.hu, l, k), previous: previousU, diagonal: uDiagonal, kernel: a,
                          response: map(.gu, l, k), row: t)
            accumulateRow(map(.hr, l, k), previous: previousR, diagonal: 0, kernel: a, response: map(.gr, l, k), row: t)
        }
        let rhr = state[.rhr, layer: l], hr = map(.hr, l, l)
        for s in 0..<n { rhr[t * n + s] = hr[t * n + s] }
        correlationRow(state[.ch, layer: l], field: (.hu, .hr), layer: l, row: t)
    }

    /// The cross maps are part of the fixed point too: snapshot/compare them with the state.
    func snapshot() -> [Double] { Array(UnsafeBufferPointer(start: maps, count: mapCount)) }

    func damp(towards old: [Double], keeping lambda: Double) {
        for i in 0..<mapCount { maps[i] = (1 - lambda) * old[i] + lambda * maps[i] }
    }

    func relativeChange(from old: [Double]) -> Double {
        old.withUnsafeBufferPointer { o in
            guard let base = o.baseAddress, o.count == mapCount else { return mapCount == 0 ? 0 : .infinity }
            return SelfConsistencyResidual.of(maps, against: base, count: mapCount)
        }
    }
}
