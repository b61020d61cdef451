import Foundation
import LinearAlgebra

/// The kernels at initialization (gamma0 = 0, seed 002 eqs. (2), (3), (10) with h = u,
/// z = r): Phi^l = <phi(u) phi(u)^T> with u ~ N(0, Phi^{l-1}), Phi^0 = K^x;
/// G^l = <phi'(u) phi'(u)^T> (.) G^{l+1} (r independent of u), G^{L+1} = 1; and the static
/// NTK K = sum_{l=0}^{L} G^{l+1} (.) Phi^l of eq. (3). Computed deterministically: exactly
/// for linear, with the arc-cosine formulas for relu, and by 2-D Gauss-Hermite quadrature
/// (48 x 48 nodes) for tanh.
public struct KernelStaticKernels: Sendable {
    /// Phi^0 ... Phi^L, each P x P row-major.
    public let phi: [[Double]]
    /// G^1 ... G^{L+1} (the last is all ones), each P x P.
    public let g: [[Double]]
    /// The static NTK, P x P.
    public let ntk: [Double]

    public init(kx: [Double], P: Int, L: Int, activation: KernelActivation) throws {
        let rule = try GaussHermite(points: 48)
        var phi = [kx]
        var dots = [[Double]]()
        for _ in 1...L {
            let prev = phi[phi.count - 1]
            var next = [Double](repeating: 0, count: P * P)
            var dot = next
            for m in 0..<P {
                for a in m..<P {
                    let (v, d) = Self.pair(prev[m * P + m], prev[a * P + a], prev[m * P + a], activation, rule)
                    next[m * P + a] = v
                    next[a * P + m] = v
                    dot[m * P + a] = d
                    dot[a * P + m] = d
                }
            }
            phi.append(next)
            dots.append(dot)
        }
        var g = [[Double]](repeating: [], count: L + 1)
        g[L] = [Double](repeating: 1, count: P * P)
        for l in stride(from: L - 1, through: 0, by: -1) {
            g[l] = (0..<(P * P)).map { dots[l][$0] * g[l + 1][$0] }
        }
        var ntk = [Double](repeating: 0, count: P * P)
        for l in 0...L { for k in 0..<(P * P) { ntk[k] += g[l][k] * phi[l][k] } }
        self.phi = phi
        self.g = g
        self.ntk = ntk
    }

    /// (<phi(u1) phi(u2)>, <phi'(u1) phi'(u2)>) for (u1, u2) ~ N(0, [[a, c], [c, b]]).
    static func pair(_ a: Double, _ b: Double, _ c: Double, _ act: KernelActivation,
                     _ rule: GaussHermite) -> (Double, Double) {
        switch act {
        case .linear:
            return (c, 1)
        case .relu:
            guard a > 0, b > 0 else { return (0, a > 0 || b > 0 ? 0 : 0) }
            let s = (a * b).squareRoot()
            let cosT = min(max(c / s, -1), 1)
            let theta = acos(cosT)
            let v = s / (2 * Double.pi) * (sin(theta) + (Double.pi - theta) * cosT)
            return (v, (Double.pi - theta) / (2 * Double.pi))
        case .tanh:
            let sa = max(a, 0).squareRoot()
            let k = sa > 0 ? c / sa : 0
            let rest = max(b - k * k, 0).squareRoot()
            var v = 0.0, d = 0.0
            for i in 0..<rule.nodes.count {
                let u1 = sa * rule.nodes[i]
                let f1 = act.value(u1), d1 = act.derivative(u1)
                var sv = 0.0, sd = 0.0
                for j in 0..<rule.nodes.count {
                    let u2 = k * rule.nodes[i] + rest * rule.nodes[j]
                    sv += rule.weights[j] * act.value(u2)
                    sd += rule.weights[j] * act.derivative(u2)
                }
                v += rule.weights[i] * f1 * sv
                d += rule.weights[i] * d1 * sd
            }
            return (v, d)
        }
    }
}

/// Gauss-Hermite nodes and weights for the standard normal density (Golub-Welsch).
struct GaussHermite: Sendable {
    let nodes: [Double]
    let weights: [Double]

    init(points n: Int) throws {
        // Jacobi matrix of the probabilists' Hermite polynomials: off-diagonal sqrt(k).
        var j = [Double](repeating: 0, count: n * n)
        for k in 1..<n {
            let e = Double(k).squareRoot()
            j[(k - 1) * n + k] = e
            j[k * n + k - 1] = e
        }
        let values = try LAPACK.symmetricEigen(n: n, a: &j, vectors: true)
        nodes = values
        // Column i of the (column-major) eigenvector matrix starts at j[i * n].
        weights = (0..<n).map { j[$0 * n] * j[$0 * n] }
    }
}
