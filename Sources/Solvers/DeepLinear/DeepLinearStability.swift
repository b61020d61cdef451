/// The edge-of-stability indicator of the deep-linear DMFT (`eos_indicator`): the largest
/// value, up to each step, of η times the top eigenvalue of the effective kernel that
/// gradient descent applies to the training residual. Plain GD on a quadratic is stable
/// iff η λ_max < 2, so values above 2 mean the step is unstable along the kernel's top
/// direction (docs/models/deep_linear.md, "Edge of stability").
///
/// The kernel. GD on (1/(2P)) Σ Δ² with raw learning rate N η γ0² changes the residual by
/// −η Θ̂ Δ to first order in η, with Θ̂ = X M Xᵀ/P and (derivation note Section 1.2; the
/// tangent kernel of f(x) = (1/(Nγ0)) w^L·Π(W^ℓ/√N) W^0 x, summed over the L + 1 weights)
///
///     M = C_g^1 I + Σ_{ℓ=1}^{L-1} β_ℓ² C_g^{ℓ+1} A^ℓᵀA^ℓ/N + A^LᵀA^L/N,
///     A^1 = W^0, A^{ℓ+1} = W^ℓ A^ℓ/√N  (residual: A^{ℓ+1} = A^ℓ + β W^ℓ A^ℓ/√N),
///
/// β_ℓ = 1 for an MLP and β for residual blocks. The forward features of the gradient
/// direction h^0 are the network's own h^ℓ = A^ℓ h^0/√D, so M's Rayleigh quotient on h^0 is
/// a ratio of DMFT order parameters, exact at D → ∞:
///
///     κ(t) = C_g^1(t,t) + Σ_{ℓ=1}^{L-1} β_ℓ² C_g^{ℓ+1}(t,t) C_h^ℓ(t,t)/C_h^0(t,t) + C_h^L(t,t)/C_h^0(t,t).
///
/// In the rich regime the gradient lies along the learned direction, the kernel's top
/// one: at ν = α = ∞, L = 1 (derivation note C4) κ = S_+ + S_− is exactly the rate along
/// w*. The data enter through the top of the spectrum of XᵀX/P, the Marchenko-Pastur
/// edge λ_+ = (1 + α^{-1/2})² (full batch; α = ∞: 1); for online SGD with fresh batches the
/// mean-square rate E[(XᵀX/B)²] = 1 + 1/α_B takes its place. So
///
///     eos_indicator(t) = max_{s ≤ t} η λ_data κ(s).
///
/// Exact limits (the tests): lazy (ν → ∞, γ0 → 0) it is (L + 1) η λ_+, the classic GD
/// criterion (derivation note C5); at α = ν = ∞, L = 1 it is max_s η (S_+ + S_−)(s) of the
/// C4 recursion. It is the kernel's value along the gradient, so it misses directions the
/// gradient does not visit (at finite ν the bulk of A^ℓᵀA^ℓ/N spreads over a Marchenko-
/// Pastur law of ratio 1/ν, whose upper edge lies above its mean).
enum DeepLinearStability {
    /// The data factor λ_data: the Marchenko-Pastur edge (1 + α^{-1/2})² for full batch,
    /// 1 + 1/α_B for online SGD.
    static func dataEdge(_ setup: DeepLinearSetup) -> Double {
        if setup.isOnline { return 1 + 1 / setup.batchAlpha }
        let root = 1 + 1 / setup.alpha.squareRoot()
        return root * root
    }

    /// η λ_data κ(t) at every step t from the equal-time correlations (`ch[ℓ]` is C_h^ℓ for
    /// ℓ = 0...L, `cg[ℓ - 1]` C_g^ℓ for ℓ = 1...L, n × n row-major), as a running maximum.
    /// NaN from the first step whose correlations are not finite (a blown-up solution) on; a
    /// step with no gradient (C_h^0 = 0: the training residual is exactly zero) has no
    /// direction to measure and keeps the maximum so far.
    static func indicator(setup: DeepLinearSetup, ch: [[Double]], cg: [[Double]], n: Int) -> [Double] {
        let L = setup.L
        let hiddenWeight = setup.residual ? setup.effectiveBeta * setup.effectiveBeta : 1
        let scale = setup.eta * dataEdge(setup)
        var out = [Double](repeating: .nan, count: n)
        var largest = Double.nan
        for t in 0..<n {
            let d = t * n + t
            guard ch.allSatisfy({ $0[d].isFinite }), cg.allSatisfy({ $0[d].isFinite }) else { break }
            let h0 = ch[0][d]
            if h0 > 0 {
                var kappa = cg[0][d]
                if L >= 2 { for l in 1...(L - 1) { kappa += hiddenWeight * cg[l][d] * ch[l][d] / h0 } }
                kappa += ch[L][d] / h0
                let value = scale * kappa
                largest = largest.isNaN ? value : max(largest, value)
            }
            out[t] = largest
        }
        return out
    }
}
