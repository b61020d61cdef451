import COpenBLAS

/// Errors from LAPACK, with the routine and its `info` code.
public struct LAPACKError: Error, CustomStringConvertible, Sendable {
    public let routine: String
    public let info: Int
    public var description: String { "\(routine) failed with info = \(info)" }
}

/// Thin wrappers over the LAPACK routines dynsweep's solvers use.
public enum LAPACK {
    /// Solves A·X = B in place for a square `n` × `n` A (column-major as LAPACK expects;
    /// pass Aᵀ for a row-major A) and `nrhs` right-hand sides in `b` (column-major, n × nrhs).
    public static func solve(n: Int, nrhs: Int, a: inout [Double], b: inout [Double]) throws {
        var n32 = Int32(n), nrhs32 = Int32(nrhs), lda = Int32(n), ldb = Int32(n), info: Int32 = 0
        var ipiv = [Int32](repeating: 0, count: n)
        dgesv_(&n32, &nrhs32, &a, &lda, &ipiv, &b, &ldb, &info)
        if info != 0 { throw LAPACKError(routine: "dgesv", info: Int(info)) }
    }

    /// Eigenvalues (ascending) and, if `vectors`, orthonormal eigenvectors (columns, in
    /// place of `a`) of a symmetric `n` × `n` matrix.
    public static func symmetricEigen(n: Int, a: inout [Double], vectors: Bool) throws -> [Double] {
        var jobz: CChar = vectors ? 86 : 78  // "V" or "N"
        var uplo: CChar = 85  // "U"
        var n32 = Int32(n), lda = Int32(n), info: Int32 = 0, lwork: Int32 = -1
        var w = [Double](repeating: 0, count: n)
        var query = 0.0
        dsyev_(&jobz, &uplo, &n32, &a, &lda, &w, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dsyev_(&jobz, &uplo, &n32, &a, &lda, &w, &work, &lwork, &info)
        if info != 0 { throw LAPACKError(routine: "dsyev", info: Int(info)) }
        return w
    }
}
