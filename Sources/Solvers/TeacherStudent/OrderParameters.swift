import Foundation

/// The macroscopic state of a teacher-student pair (seed 001, eq. (14)): the overlaps
/// Q = W Wᵀ / N (student-student), R = W W*ᵀ / N (student-teacher; the seed writes
/// R = W* Wᵀ / N but indexes it R_in with i a student and n a teacher unit, which is
/// the K × M layout kept here), T = W* W*ᵀ / N (teacher-teacher, constant), and the
/// second layers v (student) and v* (teacher). For the soft committee machine v = v* = 1.
///
/// They are the covariance of the local fields u = (lambda_1..lambda_K, rho_1..rho_M)
/// of a Gaussian input (eq. (18)): C = [[Q, R], [Rᵀ, T]]. All matrices are row-major.
public struct OrderParameters: Sendable, Equatable {
    public let K: Int
    public let M: Int
    /// K × K student overlaps.
    public var Q: [Double]
    /// K × M student-teacher overlaps, R[i * M + n] = R_in.
    public var R: [Double]
    /// M × M teacher overlaps.
    public var T: [Double]
    /// Student second layer (K).
    public var v: [Double]
    /// Teacher second layer (M).
    public var vStar: [Double]

    public init(K: Int, M: Int, Q: [Double], R: [Double], T: [Double], v: [Double], vStar: [Double]) {
        precondition(Q.count == K * K && R.count == K * M && T.count == M * M && v.count == K && vStar.count == M,
                     "OrderParameters: array sizes do not match K = \(K), M = \(M)")
        self.K = K
        self.M = M
        self.Q = Q
        self.R = R
        self.T = T
        self.v = v
        self.vStar = vStar
    }

    /// Number of local fields, K + M.
    public var fieldCount: Int { K + M }

    /// Covariance of the local fields, C_ab = <u_a u_b> (L × L, L = K + M).
    public func fieldCovariance() -> [Double] {
        let L = fieldCount
        var c = [Double](repeating: 0, count: L * L)
        for i in 0..<K {
            for k in 0..<K { c[i * L + k] = Q[i * K + k] }
            for n in 0..<M {
                c[i * L + K + n] = R[i * M + n]
                c[(K + n) * L + i] = R[i * M + n]
            }
        }
        for n in 0..<M { for m in 0..<M { c[(K + n) * L + K + m] = T[n * M + m] } }
        return c
    }

    /// Output weights of the error signal Delta = sum_a w_a g(u_a) (noise aside):
    /// w = (-v_1..-v_K, v*_1..v*_M).
    public func errorWeights() -> [Double] {
        v.map { -$0 } + vStar
    }

    /// Generalization error eg = 1/2 <(yhat - y_clean)^2> = 1/2 sum_ab w_a w_b I2(a, b)
    /// (seed 001, eqs. (32) and (43)), without the label-noise floor sigma^2/2: it is the
    /// error against the teacher's clean output, the quantity learning can reduce.
    public func generalizationError(_ g: Activation) -> Double {
        Self.generalizationError(g, covariance: fieldCovariance(), weights: errorWeights())
    }

    /// eg for an explicit field covariance `c` (L × L) and error weights `w`.
    static func generalizationError(_ g: Activation, covariance c: [Double], weights w: [Double]) -> Double {
        let L = w.count
        var sum = 0.0
        for a in 0..<L {
            sum += 0.5 * w[a] * w[a] * GaussianIntegrals.i2(g, c11: c[a * L + a], c12: c[a * L + a], c22: c[a * L + a])
            for b in (a + 1)..<L {
                sum += w[a] * w[b] * GaussianIntegrals.i2(g, c11: c[a * L + a], c12: c[a * L + b], c22: c[b * L + b])
            }
        }
        return sum
    }

    /// The order parameters of explicit weights: `student` is K × N, `teacher` M × N,
    /// both row-major. Used for tests and tools; the simulation measures its own buffers.
    public static func measure(student: [Double], teacher: [Double], K: Int, M: Int, N: Int,
                               v: [Double], vStar: [Double]) -> OrderParameters {
        precondition(student.count == K * N && teacher.count == M * N, "measure: weights are not K x N and M x N")
        func overlap(_ a: [Double], _ i: Int, _ b: [Double], _ k: Int) -> Double {
            var acc = 0.0
            for j in 0..<N { acc += a[i * N + j] * b[k * N + j] }
            return acc / Double(N)
        }
        var Q = [Double](repeating: 0, count: K * K), R = [Double](repeating: 0, count: K * M)
        var T = [Double](repeating: 0, count: M * M)
        for i in 0..<K {
            for k in 0..<K { Q[i * K + k] = overlap(student, i, student, k) }
            for n in 0..<M { R[i * M + n] = overlap(student, i, teacher, n) }
        }
        for n in 0..<M { for m in 0..<M { T[n * M + m] = overlap(teacher, n, teacher, m) } }
        return OrderParameters(K: K, M: M, Q: Q, R: R, T: T, v: v, vStar: vStar)
    }
}
