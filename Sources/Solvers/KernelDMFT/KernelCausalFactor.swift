import LinearAlgebra

/// The lower-triangular (Cholesky) factor F of a positive semidefinite P T x P T kernel K,
/// F F^T = K, built row by row in grid order a = k P + mu.
///
/// Row a of F depends only on rows <= a of K, so u = F eps ~ N(0, K) can be sampled forward
/// in time: u(t_k) is fixed by eps up to time k and by the kernel rows up to time k, which
/// is what the time-marching Monte Carlo (`KernelMonteCarloMarch`) needs, and the alternating
/// iteration with the same factor is a causal map whose fixed point the march computes.
/// Kernels are only semidefinite (constant in time at initialization, or of rank <= S when
/// estimated from S samples): a pivot whose remaining variance is below `threshold` times
/// the diagonal entry is set to zero and its column dropped (the sample is fully determined
/// by the earlier ones).
struct KernelCausalFactor {
    let n: Int
    /// F, n x n row-major; rows >= `rowsDone` are still zero.
    private(set) var lower: [Double]
    private(set) var rowsDone = 0
    private var pivots: [Double]
    static let threshold = 1e-10

    init(n: Int) {
        self.n = n
        lower = [Double](repeating: 0, count: n * n)
        pivots = [Double](repeating: 0, count: n)
    }

    /// The full factor of `k` (n x n row-major).
    static func full(_ k: [Double], n: Int) -> [Double] {
        var f = KernelCausalFactor(n: n)
        f.extend(with: k, through: n)
        return f.lower
    }

    /// Computes rows `rowsDone..<end` from the same rows of `k` (columns <= row).
    mutating func extend(with k: [Double], through end: Int) {
        let n = self.n
        lower.withUnsafeMutableBufferPointer { buffer in
            guard let f = buffer.baseAddress else { return }
            for a in rowsDone..<end {
                let rowA = a * n
                for b in 0..<a {
                    let s = k[rowA + b] - (b > 0 ? BLAS.dot(b, f + rowA, f + b * n) : 0)
                    f[rowA + b] = pivots[b] > 0 ? s / pivots[b] : 0
                }
                let d = k[rowA + a] - (a > 0 ? BLAS.dot(a, f + rowA, f + rowA) : 0)
                let pivot = d > Self.threshold * abs(k[rowA + a]) && d > 0 ? d.squareRoot() : 0
                pivots[a] = pivot
                f[rowA + a] = pivot
            }
        }
        rowsDone = max(rowsDone, end)
    }
}
