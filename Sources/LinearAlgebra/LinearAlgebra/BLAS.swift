import COpenBLAS

/// Thin, typed wrappers over the CBLAS routines dynsweep's solvers use (row-major,
/// Double). Callers pass raw buffers so that hot loops allocate nothing.
public enum BLAS {
    /// Limits OpenBLAS to `n` threads. One MPI rank per core should run one BLAS thread:
    /// otherwise every rank starts a pool the size of the machine and they slow each other.
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(n))
    }

    /// y ← alpha·A·x + beta·y, A row-major with `rows` × `cols`.
    @inlinable
    public static func gemv(rows: Int, cols: Int, alpha: Double, a: UnsafePointer<Double>,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(cols), alpha, a, Int32(cols),
                    x, 1, beta, y, 1)
    }

    /// y ← alpha·Aᵀ·x + beta·y, A row-major with `rows` × `cols`.
    @inlinable
    public static func gemvTransposed(rows: Int, cols: Int, alpha: Double, a: UnsafePointer<Double>,
                                      x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(cols), alpha, a, Int32(cols),
                    x, 1, beta, y, 1)
    }

    /// y ← alpha·A·x + beta·y in single precision (accumulated in Float), A row-major.
    @inlinable
    public static func gemv(rows: Int, cols: Int, alpha: Float, a: UnsafePointer<Float>,
                            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(cols), alpha, a, Int32(cols), x, 1, beta, y, 1)
    }

    /// y ← alpha·Aᵀ·x + beta·y in single precision, A row-major with `rows` × `cols`.
    @inlinable
    public static func gemvTransposed(rows: Int, cols: Int, alpha: Float, a: UnsafePointer<Float>,
                                      x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(cols), alpha, a, Int32(cols), x, 1, beta, y, 1)
    }

    /// C ← alpha·op(A)·op(B) + beta·C, all row-major; op(A) is m × k, op(B) is k × n.
    @inlinable
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Double, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                            beta: Double, c: UnsafeMutablePointer<Double>) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposeA ? m : k),
                    b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// C ← alpha·op(A)·op(B) + beta·C on sub-blocks of larger row-major matrices: `lda`,
    /// `ldb`, `ldc` are the row strides of the stored A, B, C (>= their column counts), so
    /// causal row blocks of an n × n kernel multiply in place without copies.
    @inlinable
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// A ← A + alpha·x·yᵀ, A row-major `rows` × `cols`.
    @inlinable
    public static func ger(rows: Int, cols: Int, alpha: Double, x: UnsafePointer<Double>,
                           y: UnsafePointer<Double>, a: UnsafeMutablePointer<Double>) {
        cblas_dger(CblasRowMajor, Int32(rows), Int32(cols), alpha, x, 1, y, 1, a, Int32(cols))
    }

    /// xᵀy over `n` entries.
    @inlinable
    public static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        cblas_ddot(Int32(n), x, 1, y, 1)
    }

    /// y ← alpha·x + y over `n` entries.
    @inlinable
    public static func axpy(_ n: Int, alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(Int32(n), alpha, x, 1, y, 1)
    }
}
