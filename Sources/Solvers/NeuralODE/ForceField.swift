import LinearAlgebra

/// The quenched random force field of one realization (seed 000, sec. 5.1, as issue 11
/// defines it): F_i(x; w) = (g_J / sqrt N) sum_j J_ij x_j + (g_K / N) sum_jk K_ijk x_j w_k
/// with J_ij, K_ijk iid N(0, 1), neither symmetrized. It is linear in x and in w, so for
/// a given control it is one N x N coupling matrix, F(x; w) = M(w) x with
/// M(w) = (g_J / sqrt N) J + (g_K / N) sum_k w_k K_k, and its covariance is
/// E[F_i(x;w) F_j(y;w')] = delta_ij (x.y/N) (g_J^2 + g_K^2 w.w'/N).
///
/// K is stored as N slices K_k = K_{..k} (each N x N, row-major in (i, j)), so that one
/// streaming pass over K per epoch does both halves of an SGD update: for each cache-sized
/// block of slices, the gradient components (g_K/N) <K_k, A> (A = the epoch's accumulated
/// adjoint-times-state outer products), the new w_k, and those w_k's share of the next
/// epoch's M(w), while the block is still in cache (`updateControl`). The field never changes after it is drawn. (Package
/// access: dynsweep-bench times the pass on its own.)
///
/// `K_storage = "float32"` keeps K rounded to single precision (the same draws, each
/// rounded) and accumulates its two contractions in single precision: half the memory and
/// half the bytes of the per-epoch pass, for relative errors of about 1e-6 in M(w) and the
/// gradient (sums of N^2 rounded products).
package final class ForceField {
    let N: Int
    let gJ: Double
    let gK: Double
    /// J_ij at i * N + j.
    let J: UnsafeMutablePointer<Double>
    /// K_ijk at k * N^2 + i * N + j, in the precision `K_storage` asks for.
    let K: Tensor

    enum Tensor {
        case double(UnsafeMutablePointer<Double>)
        /// K in single precision, with its scratch: A and M(w)'s K part (N^2 each), and a
        /// block's gradient and control (N each).
        case float(UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
    }

    /// Draws J from `couplings` and K from `tensor`, each in storage order (a float32 K is
    /// the same draws rounded).
    package init(N: Int, gJ: Double, gK: Double, storage: TensorPrecision = .float64,
                 couplings: inout RandomStream, tensor: inout RandomStream) {
        self.N = N
        self.gJ = gJ
        self.gK = gK
        let n2 = N * N
        J = .allocate(capacity: n2)
        couplings.fillGaussian(UnsafeMutableBufferPointer(start: J, count: n2))
        switch storage {
        case .float64:
            let K = UnsafeMutablePointer<Double>.allocate(capacity: n2 * N)
            tensor.fillGaussian(UnsafeMutableBufferPointer(start: K, count: n2 * N))
            self.K = .double(K)
        case .float32:
            let K = UnsafeMutablePointer<Float>.allocate(capacity: n2 * N)
            let slice = UnsafeMutablePointer<Double>.allocate(capacity: n2)
            defer { slice.deallocate() }
            for k in 0..<N {
                tensor.fillGaussian(UnsafeMutableBufferPointer(start: slice, count: n2))
                for a in 0..<n2 { K[k * n2 + a] = Float(slice[a]) }
            }
            self.K = .float(K, scratch: .allocate(capacity: 2 * n2 + 2 * N))
        }
    }

    deinit {
        J.deallocate()
        switch K {
        case .double(let K): K.deallocate()
        case .float(let K, let scratch):
            K.deallocate()
            scratch.deallocate()
        }
    }

    private var scaleJ: Double { gJ / Double(N).squareRoot() }
    private var scaleK: Double { gK / Double(N) }

    /// M(w) = (g_J / sqrt N) J + (g_K / N) sum_k w_k K_k into `matrix` (N x N).
    package func couplingMatrix(for w: UnsafePointer<Double>, into matrix: UnsafeMutablePointer<Double>) {
        let n2 = N * N, scaleJ = scaleJ, scaleK = scaleK
        for a in 0..<n2 { matrix[a] = scaleJ * J[a] }
        guard gK != 0 else { return }
        switch K {
        case .double(let K):
            BLAS.gemvTransposed(rows: N, cols: n2, alpha: scaleK, a: K, x: w, beta: 1, y: matrix)
        case .float(let K, let scratch):
            let mf = scratch + n2, wf = scratch + 2 * n2 + N
            for k in 0..<N { wf[k] = Float(w[k]) }
            BLAS.gemvTransposed(rows: N, cols: n2, alpha: 1, a: K, x: wf, beta: 0, y: mf)
            for a in 0..<n2 { matrix[a] += scaleK * Double(mf[a]) }
        }
    }

    /// The gradient of the loss with respect to the control, given the accumulated outer
    /// products `A` = sum over RK stages of u y^T (the stage's w-cotangent factor u times
    /// its input y, see `ConfinedFlow`): grad_k = (g_K / N) <K_k, A>.
    func gradient(outerProducts A: UnsafePointer<Double>, into grad: UnsafeMutablePointer<Double>) {
        let n2 = N * N, scaleK = scaleK
        guard gK != 0 else {
            for k in 0..<N { grad[k] = 0 }
            return
        }
        switch K {
        case .double(let K):
            BLAS.gemv(rows: N, cols: n2, alpha: scaleK, a: K, x: A, beta: 0, y: grad)
        case .float(let K, let scratch):
            let af = scratch, gf = scratch + 2 * n2
            for a in 0..<n2 { af[a] = Float(A[a]) }
            BLAS.gemv(rows: N, cols: n2, alpha: 1, a: K, x: af, beta: 0, y: gf)
            for k in 0..<N { grad[k] = scaleK * Double(gf[k]) }
        }
    }

    /// One SGD update in one pass over K: w_k <- w_k - eta grad_k with
    /// grad_k = (g_K / N) <K_k, A>, and `matrix` <- M(w) of the updated control. K is
    /// walked in blocks of slices small enough to stay in the last-level cache: for each
    /// block, one matrix-vector product gives its gradient components (reading A once per
    /// few slices, not once per slice), then its new w_k, then a transposed product adds
    /// the block's share of M(w) while the block is still cached. So K comes from memory
    /// once per epoch, where building M(w) and the gradient separately would read it twice.
    /// Returns |grad|^2.
    @discardableResult
    package func updateControl(_ w: UnsafeMutablePointer<Double>, eta: Double, outerProducts A: UnsafePointer<Double>,
                               matrix: UnsafeMutablePointer<Double>) -> Double {
        let n2 = N * N, scaleJ = scaleJ, scaleK = scaleK
        for a in 0..<n2 { matrix[a] = scaleJ * J[a] }
        // g_K = 0: the loss does not depend on w, the gradient is exactly zero.
        guard gK != 0 else { return 0 }
        var norm2 = 0.0
        switch K {
        case .double(let K):
            let grad = UnsafeMutablePointer<Double>.allocate(capacity: N)
            defer { grad.deallocate() }
            forEachBlock(bytesPerSlice: 8 * n2) { first, count in
                let block = K + first * n2
                BLAS.gemv(rows: count, cols: n2, alpha: scaleK, a: block, x: A, beta: 0, y: grad)
                for b in 0..<count {
                    norm2 += grad[b] * grad[b]
                    w[first + b] -= eta * grad[b]
                }
                BLAS.gemvTransposed(rows: count, cols: n2, alpha: scaleK, a: block, x: w + first, beta: 1, y: matrix)
            }
        case .float(let K, let scratch):
            let af = scratch, mf = scratch + n2, gf = scratch + 2 * n2, wf = scratch + 2 * n2 + N
            for a in 0..<n2 {
                af[a] = Float(A[a])
                mf[a] = 0
            }
            forEachBlock(bytesPerSlice: 4 * n2) { first, count in
                let block = K + first * n2
                BLAS.gemv(rows: count, cols: n2, alpha: 1, a: block, x: af, beta: 0, y: gf)
                for b in 0..<count {
                    let g = scaleK * Double(gf[b])
                    norm2 += g * g
                    w[first + b] -= eta * g
                    wf[b] = Float(w[first + b])
                }
                BLAS.gemvTransposed(rows: count, cols: n2, alpha: 1, a: block, x: wf, beta: 1, y: mf)
            }
            for a in 0..<n2 { matrix[a] += scaleK * Double(mf[a]) }
        }
        return norm2
    }

    /// Calls `body(first, count)` for consecutive blocks of slices of about 6 MB, a share of
    /// a 32 MB last-level cache that leaves room for A, M(w) and a second rank.
    private func forEachBlock(bytesPerSlice: Int, _ body: (Int, Int) -> Void) {
        let size = max(1, min(N, 6_000_000 / bytesPerSlice))
        var first = 0
        while first < N {
            let count = min(size, N - first)
            body(first, count)
            first += count
        }
    }
}
