/// How the training error Delta(t) = y - f(t) follows from the order parameters (seed 002,
/// eq. (3)), by one of three rules on the Euler grid. A network's Euler step moves the
/// weights by Delta theta = dt sum_alpha Delta_alpha(t_k) grad f_alpha(theta_k), so
/// f(theta_{k+1}) - f(theta_k) is the integral of grad f . Delta theta along the segment,
/// and grad f(theta_a) . grad f(theta_b) is, at infinite width, the two-time NTK
/// K^NTK(t_a, t_b) = sum_{l=0}^{L} G^{l+1}(t_a, t_b) (.) Phi^l(t_a, t_b) (Phi^0 = K^x,
/// G^{L+1} = 1):
///
/// - `trapezoid`: the trapezoid rule on that segment,
///   Delta(t_{k+1}) = Delta(t_k) - (dt/2) [K^NTK(t_k, t_k) + K^NTK(t_{k+1}, t_k)] Delta(t_k),
///   an error O(dt^3) per step against the network's Euler step. It is causal: E and F at
///   time k + 1 need Delta before k + 1 only, so Delta(t_{k+1}) is written at the end of
///   step k + 1. Its Monte Carlo error is relative to Delta, so it falls with the loss.
/// - `ntk`: the left end only, Delta(t_{k+1}) = (I - dt K^NTK(t_k, t_k)) Delta(t_k), eq. (3)
///   stepped like the network to first order (O(dt^2 gamma0^2) per step); with frozen
///   kernels it is exactly the static-NTK approximation.
/// - `readout`: f(t_k) = rho(t_k) + dt sum_{j<k} Phi^L(t_k, t_j) Delta(t_j)
///   (`KernelDMFTReadout`), the exact infinite-width limit of the Euler steps. Estimated by
///   Monte Carlo it carries an absolute error of order |y| / sqrt(S) that does not fall with
///   the loss (a floor near |y|^2 / S); in closed form (linear phi) it is exact.
struct KernelDMFTPrediction {
    let rule: KernelDMFTSetup.Prediction
    let y: [Double]
    let kx: [Double]
    let P: Int
    let dt: Double

    /// Whether the readout term rho = <d phi(h^L)/d r^L> / gamma0 is needed.
    var needsRho: Bool { rule == .readout }

    /// Delta on the whole grid from the kernels (and rho).
    func delta(phi: [[Double]], g: [[Double]], rho: [Double], timePoints: Int) -> [Double] {
        var delta = [Double](repeating: 0, count: P * timePoints)
        for k in 0..<timePoints {
            afterFields(&delta, step: k, rho: rho, phiTop: phi[phi.count - 1])
            afterGradients(&delta, step: k, phi: phi, g: g, timePoints: timePoints)
        }
        return delta
    }

    /// Time marching, once the time-k rows of Phi^l and rho are known: the readout rule
    /// writes Delta(t_k); the kernel rules write Delta(t_0) = y at k = 0.
    func afterFields(_ delta: inout [Double], step k: Int, rho: [Double], phiTop: [Double]) {
        switch rule {
        case .readout: KernelDMFTReadout.extendDelta(&delta, step: k, rho: rho, phiTop: phiTop, y: y, P: P, dt: dt)
        case .ntk, .trapezoid: if k == 0 { for m in 0..<P { delta[m] = y[m] } }
        }
    }

    /// Time marching, once the time-k rows of G^l are known too: the ntk rule writes
    /// Delta(t_{k+1}) (needed from step k + 2 on: E and F at time k use Delta before k),
    /// the trapezoid rule Delta(t_k), which needs K^NTK(t_k, t_{k-1}).
    func afterGradients(_ delta: inout [Double], step k: Int, phi: [[Double]], g: [[Double]], timePoints: Int) {
        switch rule {
        case .readout: return
        case .ntk:
            guard k + 1 < timePoints else { return }
            step(&delta, from: k, kernels: [(k, k, 1)], phi: phi, g: g)
        case .trapezoid:
            guard k >= 1 else { return }
            step(&delta, from: k - 1, kernels: [(k - 1, k - 1, 0.5), (k, k - 1, 0.5)], phi: phi, g: g)
        }
    }

    /// Delta(t_{j+1}) = Delta(t_j) - dt sum_i w_i K^NTK(t_{a_i}, t_{b_i}) Delta(t_j) with
    /// K^NTK(t, s) = sum_{l=0}^{L} G^{l+1}(t, s) (.) Phi^l(t, s) (Phi^0 = K^x, G^{L+1} = 1).
    private func step(_ delta: inout [Double], from j: Int, kernels: [(Int, Int, Double)], phi: [[Double]],
                      g: [[Double]]) {
        let n = delta.count, L = phi.count
        for m in 0..<P {
            var s = 0.0
            for (a, b, weight) in kernels {
                for alpha in 0..<P {
                    let entry = (a * P + m) * n + b * P + alpha
                    var kernel = kx[m * P + alpha] * g[0][entry]
                    for l in 1...L { kernel += phi[l - 1][entry] * (l < L ? g[l][entry] : 1) }
                    s += weight * kernel * delta[j * P + alpha]
                }
            }
            delta[(j + 1) * P + m] = delta[j * P + m] - dt * s
        }
    }
}
