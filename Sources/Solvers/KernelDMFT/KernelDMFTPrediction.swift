/// How the training error Delta(t) = y - f(t) follows from the order parameters (seed 002,
/// eq. (3)), by one of two rules on the Euler grid:
///
/// - `ntk`: eq. (3) stepped like the network, Delta(t_{k+1}) = (I - dt K^NTK(t_k)) Delta(t_k)
///   with K^NTK = sum_{l=0}^{L} G^{l+1}(t_k, t_k) (.) Phi^l(t_k, t_k), Phi^0 = K^x,
///   G^{L+1} = 1. Its Monte Carlo error is relative to Delta, so it falls with the loss. It
///   leaves out the second-order terms of a network's Euler step (O(dt gamma0^2) relative
///   per step; `KernelDMFTSimulationTests` measures them), and with frozen kernels it is
///   exactly the static-NTK approximation.
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
    /// writes Delta(t_k); the ntk rule writes Delta(t_0) = y at k = 0.
    func afterFields(_ delta: inout [Double], step k: Int, rho: [Double], phiTop: [Double]) {
        switch rule {
        case .readout: KernelDMFTReadout.extendDelta(&delta, step: k, rho: rho, phiTop: phiTop, y: y, P: P, dt: dt)
        case .ntk: if k == 0 { for m in 0..<P { delta[m] = y[m] } }
        }
    }

    /// Time marching, once the time-k rows of G^l are known too: the ntk rule writes
    /// Delta(t_{k+1}) (needed from step k + 2 on: E and F at time k use Delta before k).
    func afterGradients(_ delta: inout [Double], step k: Int, phi: [[Double]], g: [[Double]], timePoints: Int) {
        guard rule == .ntk, k + 1 < timePoints else { return }
        let n = P * timePoints, L = phi.count, r0 = k * P
        for m in 0..<P {
            var s = 0.0
            for a in 0..<P {
                let entry = (r0 + m) * n + r0 + a
                var kernel = kx[m * P + a] * g[0][entry]
                for l in 1...L { kernel += phi[l - 1][entry] * (l < L ? g[l][entry] : 1) }
                s += kernel * delta[r0 + a]
            }
            delta[r0 + P + m] = delta[r0 + m] - dt * s
        }
    }
}
