import LinearAlgebra

/// Square row-major matrix helpers over BLAS/LAPACK for the P T x P T DMFT kernels.
enum KernelMatrix {
    /// op(A) op(B) for n x n matrices.
    static func product(_ a: [Double], _ b: [Double], n: Int, transposeA: Bool = false,
                        transposeB: Bool = false) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        c.kdmftWithOutput { out in
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: n, n: n, k: n, alpha: 1, a: a, b: b,
                      beta: 0, c: out)
        }
        return c
    }

    /// A^{-1} (LAPACK sees the row-major A as A^T and solves A^T X = I, whose column-major
    /// X = A^{-T} reads row-major as A^{-1}).
    static func inverse(_ a: [Double], n: Int) throws -> [Double] {
        var m = a
        var x = [Double](repeating: 0, count: n * n)
        for i in 0..<n { x[i * n + i] = 1 }
        do {
            try LAPACK.solve(n: n, nrhs: n, a: &m, b: &x)
        } catch {
            throw ModelError("kernel_dmft: a DMFT operator (I - gamma0^2 C D) is singular (\(error)); "
                + "reduce model.gamma0 or model.T")
        }
        return x
    }

    /// I - A B.
    static func identityMinusProduct(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n { c[i * n + i] = 1 }
        c.kdmftWithOutput { out in
            BLAS.gemm(m: n, n: n, k: n, alpha: -1, a: a, b: b, beta: 1, c: out)
        }
        return c
    }

    /// X S X^T for symmetric S, symmetrized against rounding.
    static func congruence(_ x: [Double], _ s: [Double], n: Int) -> [Double] {
        let xs = product(x, s, n: n)
        var out = product(xs, x, n: n, transposeB: true)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let v = 0.5 * (out[i * n + j] + out[j * n + i])
                out[i * n + j] = v
                out[j * n + i] = v
            }
        }
        return out
    }

    static func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }
}
