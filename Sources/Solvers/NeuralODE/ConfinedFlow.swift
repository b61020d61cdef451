import Foundation
import LinearAlgebra

/// The drift of the inference dynamics for a fixed control (seed 000, eqs. 2.1 and 2.6):
/// f(y) = M y - mu(y) y with M = M(w) the coupling matrix of `ForceField`, and its
/// vector-Jacobian products, which the discrete adjoint (`InferenceIntegrator.backward`)
/// chains through the RK4 stages.
///
/// - spherical: mu(y) = y.My / |y|^2, so y.f(y) = 0 and |y|^2 is a constant of the flow;
/// - soft: mu(y) = mu0 (|y|^2/N)^k.
struct ConfinedFlow {
    let N: Int
    let confinement: Confinement
    let mu0: Double
    let k: Double

    /// f(y) into `out`, M y into `my`; returns mu(y).
    func evaluate(_ M: UnsafePointer<Double>, at y: UnsafePointer<Double>,
                  my: UnsafeMutablePointer<Double>, out: UnsafeMutablePointer<Double>) -> Double {
        BLAS.gemv(rows: N, cols: N, alpha: 1, a: M, x: y, beta: 0, y: my)
        let mu = multiplier(y: y, my: my)
        for i in 0..<N { out[i] = my[i] - mu * y[i] }
        return mu
    }

    /// mu(y), given M y.
    func multiplier(y: UnsafePointer<Double>, my: UnsafePointer<Double>) -> Double {
        let yy = BLAS.dot(N, y, y)
        switch confinement {
        case .spherical: return BLAS.dot(N, y, my) / yy
        case .soft: return k == 0 ? mu0 : mu0 * pow(yy / Double(N), k)
        }
    }

    /// The pullback of a cotangent `v` of f(y): `out` = (df/dy)^T v, and `u`, the factor
    /// that makes v's share of the gradient with respect to the control
    /// (df/dw_k)^T v = (g_K / N) sum_ij K_ijk u_i y_j.
    ///
    /// With df/dy = M - mu I - y (grad mu)^T: (df/dy)^T v = M^T v - mu v - grad mu (y.v).
    /// Spherical: grad mu = (M y + M^T y)/|y|^2 - 2 mu y/|y|^2, and mu depends on w too,
    /// which projects the cotangent: u = v - y (y.v)/|y|^2. Soft: grad mu =
    /// mu0 k (|y|^2/N)^(k-1) 2y/N, u = v. `pair` and `product` are 2N scratch numbers.
    func pullback(_ M: UnsafePointer<Double>, at y: UnsafePointer<Double>, my: UnsafePointer<Double>, mu: Double,
                  cotangent v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
                  u: UnsafeMutablePointer<Double>,
                  pair: UnsafeMutablePointer<Double>, product: UnsafeMutablePointer<Double>) {
        let yv = BLAS.dot(N, y, v), yy = BLAS.dot(N, y, y)
        switch confinement {
        case .spherical:
            // M^T [v y] in one pass over M.
            for i in 0..<N {
                pair[2 * i] = v[i]
                pair[2 * i + 1] = y[i]
            }
            BLAS.gemm(transposeA: true, m: N, n: 2, k: N, alpha: 1, a: M, b: pair, beta: 0, c: product)
            let c = yv / yy
            for i in 0..<N {
                let gradMu = (my[i] + product[2 * i + 1]) / yy - 2 * mu * y[i] / yy
                out[i] = product[2 * i] - mu * v[i] - gradMu * yv
                u[i] = v[i] - y[i] * c
            }
        case .soft:
            BLAS.gemvTransposed(rows: N, cols: N, alpha: 1, a: M, x: v, beta: 0, y: out)
            let slope = k == 0 ? 0 : mu0 * k * pow(yy / Double(N), k - 1) * 2 / Double(N)
            for i in 0..<N {
                out[i] += -mu * v[i] - slope * y[i] * yv
                u[i] = v[i]
            }
        }
    }
}
