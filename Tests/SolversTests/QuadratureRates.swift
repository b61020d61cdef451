import Foundation
import Solvers

/// Seed 001's expectations for K = M = 2 (soft committee machine, batch 1, no noise)
/// evaluated by tensor Gauss-Hermite quadrature over the four local fields, without any
/// closed-form integral: an independent check of the ODE at a given state.
struct QuadratureRates {
    var dQ11 = 0.0, dQ12 = 0.0, dR11 = 0.0, eg = 0.0

    init(_ op: OrderParameters, eta: Double, nodes: Int = 24) {
        precondition(op.K == 2 && op.M == 2)
        let c = op.fieldCovariance()
        // Cholesky factor of the 4 x 4 covariance.
        var l = [Double](repeating: 0, count: 16)
        for i in 0..<4 {
            for j in 0...i {
                var s = c[i * 4 + j]
                for k in 0..<j { s -= l[i * 4 + k] * l[j * 4 + k] }
                l[i * 4 + j] = i == j ? s.squareRoot() : s / l[j * 4 + j]
            }
        }
        let (x, w) = Self.gaussHermite(nodes)
        let g = Activation.erf
        for a in 0..<nodes {
            for b in 0..<nodes {
                for d in 0..<nodes {
                    for e in 0..<nodes {
                        let z = [x[a], x[b], x[d], x[e]]
                        let weight = w[a] * w[b] * w[d] * w[e]
                        var u = [0.0, 0, 0, 0]
                        for i in 0..<4 { for k in 0...i { u[i] += l[i * 4 + k] * z[k] } }
                        let delta = g.g(u[2]) + g.g(u[3]) - g.g(u[0]) - g.g(u[1])
                        let gp0 = g.gPrime(u[0]), gp1 = g.gPrime(u[1])
                        dQ11 += weight * (2 * eta * delta * gp0 * u[0] + eta * eta * delta * delta * gp0 * gp0)
                        dQ12 += weight * (eta * delta * (gp0 * u[1] + gp1 * u[0]) + eta * eta * delta * delta * gp0 * gp1)
                        dR11 += weight * eta * delta * gp0 * u[2]
                        eg += weight * 0.5 * delta * delta
                    }
                }
            }
        }
    }

    /// Nodes and weights for E[f(z)], z ~ N(0, 1): the physicists' Gauss-Hermite rule
    /// (Newton on the orthonormal recurrence, Numerical Recipes' gauher) rescaled.
    static func gaussHermite(_ n: Int) -> ([Double], [Double]) {
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        let pim4 = pow(Double.pi, -0.25)
        var z = 0.0
        for i in 0..<((n + 1) / 2) {
            switch i {
            case 0: z = (Double(2 * n + 1)).squareRoot() - 1.85575 * pow(Double(2 * n + 1), -0.16667)
            case 1: z -= 1.14 * pow(Double(n), 0.426) / z
            case 2: z = 1.86 * z - 0.86 * x[0]
            case 3: z = 1.91 * z - 0.91 * x[1]
            default: z = 2 * z - x[i - 2]
            }
            var pp = 0.0
            for _ in 0..<100 {
                var p1 = pim4, p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = z * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
                }
                pp = (2 * Double(n)).squareRoot() * p2
                let z1 = z
                z = z1 - p1 / pp
                if abs(z - z1) < 1e-15 { break }
            }
            x[i] = z
            x[n - 1 - i] = -z
            w[i] = 2 / (pp * pp)
            w[n - 1 - i] = w[i]
        }
        let scale = 2.0.squareRoot(), norm = Double.pi.squareRoot()
        return (x.map { $0 * scale }, w.map { $0 / norm })
    }
}
