/// The causal operators of the single-site equations (10) of seed 002 for layer l, on the
/// grid (a = k P + mu, b = j P + alpha):
///
///     h^l = u^l + E^l g^l,   E^l_ab = [ra^{l-1}_ab + gamma0 dt Delta_alpha(t_j) Phi^{l-1}_ab]  for j < k,
///     z^l = r^l + F^l phi(h^l),  F^l_ab = rb^l_ab (j <= k) + gamma0 dt Delta_alpha(t_j) G^{l+1}_ab (j < k),
///
/// i.e. E = gamma0 C^l and F = gamma0 D^l of seed section 4.1, with ra = gamma0 dt A and
/// rb = gamma0 dt B (integrals as left Riemann sums: the exact limit of Euler steps).
/// `responses: false` is the gradient-independence ansatz A = B = 0 (seed section 5.1).
struct KernelDMFTOperators {
    let n: Int
    /// E^l, n x n row-major, strictly causal.
    let e: [Double]
    /// F^l, n x n row-major, causal.
    let f: [Double]

    init(layer l: Int, L: Int, state: KernelDMFTState, kx: [Double], gamma0: Double, dt: Double, responses: Bool) {
        let n = state.n, P = state.P
        self.n = n
        let below = state.phiBelow(l, kx: kx)
        let above = state.gAbove(l)
        let useRA = responses && l >= 2
        let useRB = responses && l < L
        let c = gamma0 * dt
        var e = [Double](repeating: 0, count: n * n)
        var f = [Double](repeating: 0, count: n * n)
        for a in 0..<n {
            let k = a / P
            let row = a * n
            for b in 0..<(k * P) {
                let w = c * state.delta[b]
                e[row + b] = w * below[row + b] + (useRA ? state.ra[l - 2][row + b] : 0)
                f[row + b] = w * above[row + b] + (useRB ? state.rb[l - 1][row + b] : 0)
            }
            if useRB {
                for b in (k * P)..<((k + 1) * P) { f[row + b] = state.rb[l - 1][row + b] }
            }
        }
        self.e = e
        self.f = f
    }
}
