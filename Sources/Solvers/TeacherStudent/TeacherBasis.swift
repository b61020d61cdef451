/// The teacher written in an orthonormal input basis whose first M vectors span its rows
/// (issue 16: the teacher's fields then cost M²/2 instead of M N per sample).
///
/// The inputs x ~ N(0, I_N) are rotation invariant: for any orthogonal Q, Qᵀx is again
/// N(0, I_N). Take Q with W* Q = [L 0], L the lower-triangular Cholesky factor of the
/// teacher's Gram matrix W* W*ᵀ = L Lᵀ (it exists when M ≤ N and the rows are
/// independent, which Gaussian rows are with probability 1). Simulating the student in
/// that basis, W' = W Q, gives the same process in law: the fields are unchanged
/// (W x = W' Qᵀx, W* x = L (Qᵀx)_{0..<M}), the update W' += c (Qᵀx)ᵀ is the rotated
/// update, and W'(0) = W(0) Q is again i.i.d. N(0, init_scale²), independent of the teacher,
/// so it is drawn directly. Q, R and T (everything a run records) are rotation invariant.
/// Q itself is never formed.
enum TeacherBasis {
    /// L (M x M, row-major, zero above the diagonal) with L Lᵀ = `rows` `rows`ᵀ, for M rows
    /// of length N `stride` apart; nil when M > N or a pivot is not safely positive (then
    /// the caller keeps the teacher's rows as they are).
    static func lowerFactor(rows: UnsafePointer<Double>, M: Int, N: Int, stride: Int) -> [Double]? {
        guard M <= N else { return nil }
        var gram = [Double](repeating: 0, count: M * M)
        for a in 0..<M {
            for b in 0...a {
                var sum = 0.0
                for j in 0..<N { sum += rows[a * stride + j] * rows[b * stride + j] }
                gram[a * M + b] = sum
            }
        }
        var L = [Double](repeating: 0, count: M * M)
        for j in 0..<M {
            var pivot = gram[j * M + j]
            for k in 0..<j { pivot -= L[j * M + k] * L[j * M + k] }
            // A pivot lost to cancellation (nearly dependent rows) would amplify rounding.
            guard pivot > 1e-10 * gram[j * M + j] else { return nil }
            let diagonal = pivot.squareRoot()
            L[j * M + j] = diagonal
            for i in (j + 1)..<M {
                var sum = gram[i * M + j]
                for k in 0..<j { sum -= L[i * M + k] * L[j * M + k] }
                L[i * M + j] = sum / diagonal
            }
        }
        return L
    }
}
