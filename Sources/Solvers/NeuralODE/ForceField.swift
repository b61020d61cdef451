import LinearAlgebra

/// The quenched random force field of one realization (seed 000, sec. 5.1, as issue 11
/// defines it): F_i(x; w) = (g_J / sqrt N) sum_j J_ij x_j + (g_K / N) sum_jk K_ijk x_j w_k
/// with J_ij, K_ijk iid N(0, 1), neither symmetrized. It is linear in x and in w, so for
/// a given control it is one N x N coupling matrix, F(x; w) = M(w) x with
/// M(w) = (g_J / sqrt N) J + (g_K / N) sum_k w_k K_k, and its covariance is
/// E[F_i(x;w) F_j(y;w')] = delta_ij (x.y/N) (g_J^2 + g_K^2 w.w'/N).
///
/// K is stored as N slices K_k = K_{..k} (each N x N, row-major in (i, j)), so that one
/// streaming pass over K per epoch does both halves of an SGD update: for each k, the
/// gradient component (g_K/N) <K_k, A> (A = the epoch's accumulated adjoint-times-state
/// outer products), the new w_k, and w_k's share of the next epoch's M(w), while K_k is
/// still in cache (`updateControl`). The field never changes after it is drawn. (Package
/// access: dynsweep-bench times the pass on its own.)
package final class ForceField {
    let N: Int
    let gJ: Double
    let gK: Double
    /// J_ij at i * N + j.
    let J: UnsafeMutablePointer<Double>
    /// K_ijk at k * N^2 + i * N + j.
    let K: UnsafeMutablePointer<Double>

    /// Draws J from `couplings` and K from `tensor`, each in storage order.
    package init(N: Int, gJ: Double, gK: Double, couplings: inout RandomStream, tensor: inout RandomStream) {
        self.N = N
        self.gJ = gJ
        self.gK = gK
        J = .allocate(capacity: N * N)
        K = .allocate(capacity: N * N * N)
        couplings.fillGaussian(UnsafeMutableBufferPointer(start: J, count: N * N))
        tensor.fillGaussian(UnsafeMutableBufferPointer(start: K, count: N * N * N))
    }

    deinit {
        J.deallocate()
        K.deallocate()
    }

    /// M(w) = (g_J / sqrt N) J + (g_K / N) sum_k w_k K_k into `matrix` (N x N).
    package func couplingMatrix(for w: UnsafePointer<Double>, into matrix: UnsafeMutablePointer<Double>) {
        let n2 = N * N
        let scaleJ = gJ / Double(N).squareRoot(), scaleK = gK / Double(N)
        for a in 0..<n2 { matrix[a] = scaleJ * J[a] }
        guard gK != 0 else { return }
        for k in 0..<N where w[k] != 0 {
            BLAS.axpy(n2, alpha: scaleK * w[k], K + k * n2, matrix)
        }
    }

    /// The gradient of the loss with respect to the control, given the accumulated outer
    /// products `A` = sum over RK stages of u y^T (the stage's w-cotangent factor u times
    /// its input y, see `ConfinedFlow`): grad_k = (g_K / N) <K_k, A>.
    func gradient(outerProducts A: UnsafePointer<Double>, into grad: UnsafeMutablePointer<Double>) {
        let n2 = N * N, scaleK = gK / Double(N)
        guard gK != 0 else {
            for k in 0..<N { grad[k] = 0 }
            return
        }
        for k in 0..<N { grad[k] = scaleK * BLAS.dot(n2, K + k * n2, A) }
    }

    /// One SGD update in one pass over K: w_k <- w_k - eta grad_k with
    /// grad_k = (g_K / N) <K_k, A>, and `matrix` <- M(w) of the updated control, computed
    /// slice by slice while K_k is in cache. Returns |grad|^2 (for divergence checks).
    @discardableResult
    package func updateControl(_ w: UnsafeMutablePointer<Double>, eta: Double, outerProducts A: UnsafePointer<Double>,
                       matrix: UnsafeMutablePointer<Double>) -> Double {
        let n2 = N * N
        let scaleJ = gJ / Double(N).squareRoot(), scaleK = gK / Double(N)
        for a in 0..<n2 { matrix[a] = scaleJ * J[a] }
        // g_K = 0: the loss does not depend on w, the gradient is exactly zero.
        guard gK != 0 else { return 0 }
        var norm2 = 0.0
        for k in 0..<N {
            let slice = K + k * n2
            let g = scaleK * BLAS.dot(n2, slice, A)
            norm2 += g * g
            w[k] -= eta * g
            BLAS.axpy(n2, alpha: scaleK * w[k], slice, matrix)
        }
        return norm2
    }
}
