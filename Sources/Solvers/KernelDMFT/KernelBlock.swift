import LinearAlgebra

/// A rectangular block of a square row-major n x n matrix (rows `row..<row+rows`, columns
/// `col..<col+cols`), for the causal row-block products of the time-marching solvers:
/// with kernels indexed a = k P + mu, the block of times <= k is a leading block, so the
/// products work in place on the full matrices with BLAS leading dimensions.
struct KernelBlock {
    var row: Int
    var col: Int
    var rows: Int
    var cols: Int

    init(rows: Range<Int>, cols: Range<Int>) {
        row = rows.lowerBound
        col = cols.lowerBound
        self.rows = rows.count
        self.cols = cols.count
    }

    /// c[block] = alpha op(a[aBlock]) op(b[bBlock]) + beta c[block], all n x n row-major.
    /// The blocks' shapes must agree (op(a) rows x k, op(b) k x cols); empty products set
    /// c[block] to beta c[block].
    static func multiply(_ a: [Double], _ aBlock: KernelBlock, transposeA: Bool = false,
                         _ b: [Double], _ bBlock: KernelBlock, transposeB: Bool = false,
                         into c: inout [Double], _ cBlock: KernelBlock, n: Int, alpha: Double = 1, beta: Double = 0) {
        let inner = transposeA ? aBlock.rows : aBlock.cols
        strided(transposeA: transposeA, transposeB: transposeB, m: cBlock.rows, n: cBlock.cols, k: inner,
                alpha: alpha, a, offset: aBlock.row * n + aBlock.col, lda: n, b, offset: bBlock.row * n + bBlock.col,
                ldb: n, beta: beta, into: &c, offset: cBlock.row * n + cBlock.col, ldc: n)
    }

    /// BLAS gemm on arrays at element offsets with row strides (row-major):
    /// c = alpha op(a) op(b) + beta c, op(a) m x k, op(b) k x n. Nothing happens when the
    /// output is empty; k = 0 scales c by beta.
    static func strided(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                        alpha: Double = 1, _ a: [Double], offset aOffset: Int, lda: Int,
                        _ b: [Double], offset bOffset: Int, ldb: Int, beta: Double = 0,
                        into c: inout [Double], offset cOffset: Int, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[cOffset + i * ldc + j] *= beta } }
            return
        }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let a0 = pa.baseAddress, let b0 = pb.baseAddress, let c0 = pc.baseAddress else { return }
                    BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                              a: a0 + aOffset, lda: lda, b: b0 + bOffset, ldb: ldb, beta: beta, c: c0 + cOffset,
                              ldc: ldc)
                }
            }
        }
    }

    /// c[cBlock] = a[aBlock] (same shapes, both n x n row-major storage).
    static func copy(_ a: [Double], _ aBlock: KernelBlock, into c: inout [Double], _ cBlock: KernelBlock, n: Int) {
        for i in 0..<cBlock.rows {
            for j in 0..<cBlock.cols { c[(cBlock.row + i) * n + cBlock.col + j] = a[(aBlock.row + i) * n + aBlock.col + j] }
        }
    }

    /// Makes a symmetric matrix whose row block `rows` (columns `0..<rows.upperBound`) was
    /// just computed symmetric again: the earlier columns are mirrored into the rows above,
    /// and the diagonal block is symmetrized against rounding.
    static func mirror(_ a: inout [Double], rows: Range<Int>, n: Int) {
        for r in rows {
            for c in 0..<rows.lowerBound { a[c * n + r] = a[r * n + c] }
            for c in rows where c > r {
                let v = 0.5 * (a[r * n + c] + a[c * n + r])
                a[r * n + c] = v
                a[c * n + r] = v
            }
        }
    }
}
