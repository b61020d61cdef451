import Foundation

/// The P training points of seed 002 (inputs x_mu in dimension D and targets y_mu) and the
/// input kernel K^x_{mu alpha} = x_mu . x_alpha / D that is all the DMFT sees of them
/// (base case Phi^0 = K^x of eqs. (3) and (10)).
public struct KernelDMFTData: Sendable, Equatable {
    public let P: Int
    public let D: Int
    /// Inputs, P x D row-major.
    public let x: [Double]
    /// Targets y_mu.
    public let y: [Double]
    /// K^x = X X^T / D, P x P row-major.
    public let kx: [Double]

    /// Inputs and targets given explicitly.
    public init(P: Int, D: Int, x: [Double], y: [Double]) {
        self.P = P
        self.D = D
        self.x = x
        self.y = y
        var k = [Double](repeating: 0, count: P * P)
        for m in 0..<P {
            for a in 0..<P {
                var s = 0.0
                for i in 0..<D { s += x[m * D + i] * x[a * D + i] }
                k[m * P + a] = s / Double(D)
            }
        }
        kx = k
    }

    /// Draws a data set from `stream`: Gaussian inputs x ~ N(0, I_D), or "whitened" inputs
    /// (orthonormalized Gaussian vectors times sqrt D, so K^x = I exactly, P <= D); targets
    /// from a teacher beta ~ N(0, I_D): y = beta . x / sqrt D ("linear") or
    /// y = tanh(beta . x / sqrt D) ("single_index"); rescaled to |y| = targetNorm when
    /// targetNorm > 0.
    public static func draw(P: Int, D: Int, inputs: KernelDMFTSetup.Inputs, target: KernelDMFTSetup.Target,
                            targetNorm: Double, stream: inout RandomStream) -> KernelDMFTData {
        var x = stream.gaussians(P * D)
        if inputs == .whitened {
            // Orthonormal rows (Gram-Schmidt twice, for orthogonality to rounding), then scaled by sqrt D.
            Orthonormal.orthonormalizeRows(&x, count: P, length: D)
            let r = Double(D).squareRoot()
            for i in x.indices { x[i] *= r }
        }
        let beta = stream.gaussians(D)
        var y = (0..<P).map { m -> Double in
            var s = 0.0
            for i in 0..<D { s += beta[i] * x[m * D + i] }
            let field = s / Double(D).squareRoot()
            return target == .linear ? field : Foundation.tanh(field)
        }
        if targetNorm > 0 {
            let n = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if n > 0 { y = y.map { $0 * targetNorm / n } }
        }
        return KernelDMFTData(P: P, D: D, x: x, y: y)
    }
}
