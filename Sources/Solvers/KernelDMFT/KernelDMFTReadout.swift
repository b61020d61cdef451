/// The prediction dynamics (seed 002, eq. (3)) on the discrete time grid.
///
/// With Euler steps of gradient flow, w^L(t_k) = w^L(0) + gamma0 dt sum_{j<k} sum_alpha
/// Delta_alpha(t_j) phi(h^L_alpha(t_j)), so f = w^L . phi(h^L) / (gamma0 N) becomes, at
/// infinite width,
///
///     f_mu(t_k) = <r^L phi(h^L_mu(t_k))> / gamma0 + dt sum_{j<k} sum_alpha Phi^L_{mu alpha}(t_k, t_j) Delta_alpha(t_j),
///
/// whose first term is, by Stein's lemma (r^L ~ N(0, 1), the same for every mu and t),
/// rho_mu(t_k) = <d phi(h^L_mu(t_k)) / d r^L> / gamma0. In continuous time its derivative
/// is eq. (3), df/dt = K^NTK(t, t) Delta(t); on the grid it is the exact infinite-width
/// limit of the simulated Euler steps, so theory and simulation differ only by finite N.
enum KernelDMFTReadout {
    /// Delta(t_k) = y - f(t_k), computed forward in k from rho and Phi^L.
    static func delta(rho: [Double], phiTop: [Double], y: [Double], P: Int, timePoints: Int, dt: Double) -> [Double] {
        var delta = [Double](repeating: 0, count: P * timePoints)
        for k in 0..<timePoints { extendDelta(&delta, step: k, rho: rho, phiTop: phiTop, y: y, P: P, dt: dt) }
        return delta
    }

    /// Writes Delta(t_k) from Delta(t_j < k), rho(t_k) and the time-k rows of Phi^L (the
    /// step of `delta`, and of the time-marching solvers once those rows are known).
    static func extendDelta(_ delta: inout [Double], step k: Int, rho: [Double], phiTop: [Double], y: [Double],
                            P: Int, dt: Double) {
        let n = delta.count
        for m in 0..<P {
            let a = k * P + m
            var s = 0.0
            let row = a * n
            for b in 0..<(k * P) { s += phiTop[row + b] * delta[b] }
            delta[a] = y[m] - rho[a] - dt * s
        }
    }

    /// Delta(t_k) of the static NTK: Delta(t_{k+1}) = (I - dt K) Delta(t_k), Delta(0) = y.
    static func staticDelta(ntk: [Double], y: [Double], P: Int, timePoints: Int, dt: Double) -> [Double] {
        var delta = [Double](repeating: 0, count: P * timePoints)
        var current = y
        for k in 0..<timePoints {
            for m in 0..<P { delta[k * P + m] = current[m] }
            var next = current
            for m in 0..<P {
                var s = 0.0
                for a in 0..<P { s += ntk[m * P + a] * current[a] }
                next[m] = current[m] - dt * s
            }
            current = next
        }
        return delta
    }
}
