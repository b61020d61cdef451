/// The order parameters of the deep-linear DMFT (seed 004, eqs. (65)-(67)) on the
/// discrete times t = 0..T, and the intermediate maps that produce them, as `n × n`
/// matrices (n = T + 1) in one contiguous buffer. Keeping everything in one buffer makes
/// a damped update, a copy and the self-consistency residual single loops.
///
/// Names follow docs/models/deep_linear_derivation.md, Section 2.2. Hidden layer ℓ has
/// A^ℓ, B^ℓ (the kernels of h = u + A g, g = r + B h), M^ℓ = (I − A B)^{-1},
/// R_hr^ℓ = M A, R_gu^ℓ = B M, N^ℓ = I + B M A, and the correlations C_h^ℓ, C_g^ℓ.
final class DeepLinearDMFTState {
    /// Matrices of one hidden layer.
    enum LayerMatrix: Int, CaseIterable {
        case a, b, m, rhr, rgu, nn, ch, cg
    }

    /// Matrices of the input and data sites.
    enum SiteMatrix: Int, CaseIterable {
        /// C_h^0 = <h^0 h^0>, the input-site field correlation (|h^0|^2/D).
        case ch0
        /// K = S∘(R_gu^1/γ0 + η C_g^1), the memory kernel of the v line.
        case k
        /// Q = (I + K R_Δ)^{-1}.
        case q
        /// Zp = S* J + E Σ_r0 Eᵀ (the covariance of the w*, r^0 sources of v).
        case zp
        /// Z = Zp + K Σ_u0 Kᵀ (all sources of v).
        case z
        /// C_v and C_v + σ² J.
        case cv, cvNoise
        /// R_vu^0 = −Q K.
        case rvu0
        /// QE = −R_vr^0 (response of v to the width noise r^0).
        case qe
        /// G = R_Δ = (I − R_vu^0/α)^{-1} (eq. (15)); the identity for online SGD.
        case g
        /// C_Δ and Σ_u0 = C_Δ / α (online: diag(C_v + σ²) / α_B).
        case cDelta, su0
        /// R_Δ Q, and F = I − R_Δ Q K (the map from u^0 to h^0).
        case rq, f
        /// R_hr^0 = −R_Δ Q E.
        case rhr0
        /// The all-ones matrix J: the covariance of the constant source r^L (C_g^{L+1}).
        case ones
    }

    let n: Int
    let layers: Int
    let storage: UnsafeMutablePointer<Double>
    let count: Int
    /// Scratch rows (length n each).
    let scratch: UnsafeMutablePointer<Double>
    let work: UnsafeMutablePointer<Double>

    init(times n: Int, layers: Int) {
        self.n = n
        self.layers = layers
        count = (SiteMatrix.allCases.count + layers * LayerMatrix.allCases.count) * n * n
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
        scratch = .allocate(capacity: n)
        scratch.initialize(repeating: 0, count: n)
        work = .allocate(capacity: n)
        work.initialize(repeating: 0, count: n)
        let ones = self[.ones]
        for i in 0..<(n * n) { ones[i] = 1 }
    }

    deinit {
        storage.deallocate()
        scratch.deallocate()
        work.deallocate()
    }

    subscript(_ m: SiteMatrix) -> UnsafeMutablePointer<Double> {
        storage + m.rawValue * n * n
    }

    /// Matrix `m` of hidden layer `layer` (1...L).
    subscript(_ m: LayerMatrix, layer layer: Int) -> UnsafeMutablePointer<Double> {
        let index = SiteMatrix.allCases.count + (layer - 1) * LayerMatrix.allCases.count + m.rawValue
        return storage + index * n * n
    }

    /// C_h^ℓ for ℓ = 0...L (ℓ = 0 is the input site's C_h^0).
    func ch(_ layer: Int) -> UnsafeMutablePointer<Double> {
        layer == 0 ? self[.ch0] : self[.ch, layer: layer]
    }

    /// C_g^ℓ for ℓ = 1...L+1 (ℓ = L + 1 is J, the constant readout source).
    func cg(_ layer: Int) -> UnsafeMutablePointer<Double> {
        layer > layers ? self[.ones] : self[.cg, layer: layer]
    }

    /// A copy of every matrix (for damping and the residual).
    func snapshot() -> [Double] {
        Array(UnsafeBufferPointer(start: storage, count: count))
    }

    /// The self-consistency residual (`SelfConsistencyResidual`) of every entry against `old`.
    func relativeChange(from old: [Double]) -> Double {
        old.withUnsafeBufferPointer { o in
            guard let base = o.baseAddress, o.count == count else { return .infinity }
            return SelfConsistencyResidual.of(storage, against: base, count: count)
        }
    }

    /// q ← (1 − λ) old + λ q (the damped fixed-point update).
    func damp(towards old: [Double], keeping lambda: Double) {
        for i in 0..<count { storage[i] = (1 - lambda) * old[i] + lambda * storage[i] }
    }
}
