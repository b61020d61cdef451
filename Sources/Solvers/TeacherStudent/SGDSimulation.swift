import VectorKernels

/// One realization of online SGD for the teacher-student pair (seed 001, eqs. (1)-(4) with
/// the networks of eqs. (7)-(8) and the second layers of the "hidden layer" section):
///
///     lambda = W x / sqrt N,  rho = W* x / sqrt N,  x ~ N(0, I_N) fresh at every sample,
///     Delta_s = sum_m v*_m g(rho_m,s) + sigma xi_s - sum_k v_k g(lambda_k,s),
///     W_i += (eta / sqrt N) (1/B) sum_s Delta_s v_i g'(lambda_i,s) x_s,
///     v_i += (eta / N) (1/B) sum_s Delta_s g(lambda_i,s)      (trainable second layer).
///
/// Time alpha = steps / N. A step is arranged for the memory hierarchy (issue 16): the B
/// inputs come from the vectorized Box-Muller fill (`fillGaussianBoxMuller`); one pass over
/// the student rows (`FusedSGDPass`, a C kernel) applies the previous step's
/// update to W while it computes the new step's K fields, so W is read and written once
/// per step (and at N = 784 stays in L1 with the two inputs); the update is therefore
/// pending between steps, and `run` applies it before returning. The teacher is held in
/// its own basis (`TeacherBasis`), an M x M triangle, so its M fields cost M²/2 instead
/// of M N. Q, R and eg are measured only when recorded. Nothing in the step loop allocates.
final class SGDSimulation {
    let N: Int, K: Int, M: Int, B: Int
    /// Row stride (N rounded up to 8, the kernel's vector width); student rows 0..<K padded
    /// to `teacherRow` (K rounded up to 4); fields of the teacher from `teacherRow` on, in
    /// `rows` = teacherRow + M rounded up to 4 per sample. Padding is zero in weights,
    /// inputs and coefficients, so it never changes a field.
    let stride: Int, teacherRow: Int, rows: Int
    /// Teacher row length: M rounded up to 8 in the teacher's basis, `stride` when the
    /// teacher keeps its drawn rows (M > N).
    let teacherWidth: Int
    let g: Activation
    let eta: Double, sigma: Double
    let trainSecondLayer: Bool
    let vStar: [Double]

    /// teacherRow x stride: the student W (rows 0..<K).
    let weights: UnsafeMutablePointer<Double>
    /// (rows - teacherRow) x teacherWidth: the teacher, L of `TeacherBasis` (or W*).
    let teacher: UnsafeMutablePointer<Double>
    /// Inputs: two blocks of B x stride, the current step's and the previous step's (whose
    /// update is pending).
    let inputs: UnsafeMutablePointer<Double>
    /// Which input block is the current one, and whether the previous step's update
    /// (coefficients with the other block) is still to be applied.
    private var current = 0
    private var pending = false
    /// B x rows local fields of the current step.
    let fields: UnsafeMutablePointer<Double>
    /// B x teacherRow first-layer update coefficients (zero in the padding columns).
    let coefficients: UnsafeMutablePointer<Double>
    /// Student second layer, and its pending update.
    let v: UnsafeMutablePointer<Double>
    let dv: UnsafeMutablePointer<Double>
    /// The teacher's constant overlaps T = W* W*ᵀ / N.
    private(set) var T: [Double] = []

    private var data: RandomStream
    private var noise: RandomStream

    /// Draws the disorder: the teacher W* (entries N(0, 1)) from `teacher`, the student W
    /// (entries N(0, init_scale^2), in the teacher's basis) from `student`, v(0) from
    /// `secondLayer`; inputs come from `data` and label noise from `noise`. Rows are drawn
    /// in order, so a sweep over K or M keeps the first rows (the same teacher across a K
    /// sweep; across an M sweep L's leading rows, the Cholesky factor of the leading block).
    init(setup: TeacherStudentSetup, teacher: RandomStream, student: RandomStream, secondLayer: RandomStream,
         data: RandomStream, noise: RandomStream) {
        N = setup.N
        K = setup.K
        M = setup.M
        B = setup.batch
        stride = (N + 7) / 8 * 8
        teacherRow = (K + 3) / 4 * 4
        rows = teacherRow + (M + 3) / 4 * 4
        g = setup.activation
        eta = setup.eta
        sigma = setup.sigma
        trainSecondLayer = setup.trainSecondLayer
        // The teacher's second layer is v* = 1 in both modes, so switching the student's
        // second layer on or off learns the same teacher.
        vStar = [Double](repeating: 1, count: M)
        self.data = data
        self.noise = noise

        weights = .allocate(capacity: teacherRow * stride)
        weights.initialize(repeating: 0, count: teacherRow * stride)
        inputs = .allocate(capacity: 2 * B * stride)
        inputs.initialize(repeating: 0, count: 2 * B * stride)
        fields = .allocate(capacity: B * rows)
        fields.initialize(repeating: 0, count: B * rows)
        coefficients = .allocate(capacity: B * teacherRow)
        coefficients.initialize(repeating: 0, count: B * teacherRow)
        v = .allocate(capacity: K)
        v.initialize(repeating: 1, count: K)
        dv = .allocate(capacity: K)
        dv.initialize(repeating: 0, count: K)

        var teacherStream = teacher, studentStream = student, secondStream = secondLayer
        let drawn = UnsafeMutablePointer<Double>.allocate(capacity: M * stride)
        defer { drawn.deallocate() }
        drawn.initialize(repeating: 0, count: M * stride)
        for n in 0..<M {
            teacherStream.fillGaussian(UnsafeMutableBufferPointer(start: drawn + n * stride, count: N))
        }
        let teacherRows = rows - teacherRow
        let factor = TeacherBasis.lowerFactor(rows: drawn, M: M, N: N, stride: stride)
        let width = factor == nil ? stride : (M + 7) / 8 * 8
        teacherWidth = width
        self.teacher = .allocate(capacity: teacherRows * width)
        self.teacher.initialize(repeating: 0, count: teacherRows * width)
        for n in 0..<M {
            for j in 0..<(factor == nil ? N : n + 1) {
                self.teacher[n * width + j] = factor?[n * M + j] ?? drawn[n * stride + j]
            }
        }
        for i in 0..<K {
            let row = weights + i * stride
            studentStream.fillGaussian(UnsafeMutableBufferPointer(start: row, count: N))
            for j in 0..<N { row[j] *= setup.initScale }
        }
        if trainSecondLayer {
            for i in 0..<K { v[i] = setup.vInit * secondStream.nextGaussian() }
        }
        T = teacherOverlaps()
    }

    deinit {
        weights.deallocate()
        teacher.deallocate()
        inputs.deallocate()
        fields.deallocate()
        coefficients.deallocate()
        v.deallocate()
        dv.deallocate()
    }

    /// Runs `count` SGD steps; afterwards the weights include every update.
    func run(steps count: Int) {
        for _ in 0..<count {
            step()
            if trainSecondLayer {
                for k in 0..<K {
                    v[k] += dv[k]
                    dv[k] = 0
                }
            }
        }
        flush()
    }

    /// Draw the B inputs, apply the previous step's update while computing the new fields
    /// (one pass over W), and leave this step's update pending.
    @inline(__always)
    private func step() {
        let x = inputs + current * B * stride
        for s in 0..<B {
            data.fillGaussianBoxMuller(UnsafeMutableBufferPointer(start: x + s * stride, count: N))
        }
        let scale = 1 / Double(N).squareRoot()
        let update = pending ? (coefficients: UnsafePointer(coefficients),
                                previous: UnsafePointer(inputs + (1 - current) * B * stride)) : nil
        FusedSGDPass.run(weights: weights, width: stride, rows: teacherRow, updateRows: teacherRow, update: update,
                         inputs: x, inputStride: stride, batch: B, scale: scale, fields: fields, fieldStride: rows)
        FusedSGDPass.run(weights: teacher, width: teacherWidth, rows: rows - teacherRow, updateRows: 0, update: nil,
                         inputs: x, inputStride: stride, batch: B, scale: scale, fields: fields + teacherRow,
                         fieldStride: rows)
        for s in 0..<B { errorSignal(fields + s * rows, coefficients + s * teacherRow) }
        pending = true
        current = 1 - current
    }

    /// Applies a pending update, adding the samples in the kernel's order (p = 0, 1, ...),
    /// so the weights are the ones the next fused pass would have produced.
    private func flush() {
        guard pending else { return }
        let previous = inputs + (1 - current) * B * stride
        for i in 0..<K {
            let row = weights + i * stride
            for j in 0..<N {
                var w = row[j]
                for p in 0..<B { w += coefficients[p * teacherRow + i] * previous[p * stride + j] }
                row[j] = w
            }
        }
        pending = false
    }

    /// From the fields `h` of one sample: Delta, the first-layer coefficients
    /// c_k = (eta / (sqrt N B)) Delta v_k g'(lambda_k) and the second-layer increments.
    @inline(__always)
    private func errorSignal(_ h: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Double>) {
        let firstLayerRate = eta / (Double(N).squareRoot() * Double(B))
        let secondLayerRate = eta / (Double(N) * Double(B))
        var delta = 0.0
        for m in 0..<M { delta += vStar[m] * g.g(h[teacherRow + m]) }
        if sigma > 0 { delta += sigma * noise.nextGaussian() }
        // The coefficient slots hold g(lambda_k) until Delta is known.
        for k in 0..<K {
            let gk = g.g(h[k])
            c[k] = gk
            delta -= v[k] * gk
        }
        for k in 0..<K {
            if trainSecondLayer { dv[k] += secondLayerRate * delta * c[k] }
            c[k] = firstLayerRate * delta * v[k] * g.gPrime(h[k])
        }
    }

    /// True while every local field of the last step is finite (weights not blown up).
    var isFinite: Bool {
        for k in 0..<K where !fields[k].isFinite { return false }
        for m in 0..<M where !fields[teacherRow + m].isFinite { return false }
        return true
    }

    /// Q, R, T, v and v* of the current weights (seed 001, eq. (14)).
    func orderParameters() -> OrderParameters {
        var Q = [Double](repeating: 0, count: K * K), R = [Double](repeating: 0, count: K * M)
        for i in 0..<K {
            for k in i..<K {
                let q = overlap(weights + i * stride, weights + k * stride, width: stride)
                Q[i * K + k] = q
                Q[k * K + i] = q
            }
            for n in 0..<M { R[i * M + n] = overlap(weights + i * stride, teacher + n * teacherWidth, width: teacherWidth) }
        }
        return OrderParameters(K: K, M: M, Q: Q, R: R, T: T, v: (0..<K).map { v[$0] }, vStar: vStar)
    }

    private func teacherOverlaps() -> [Double] {
        var T = [Double](repeating: 0, count: M * M)
        for n in 0..<M {
            for m in n..<M {
                let t = overlap(teacher + n * teacherWidth, teacher + m * teacherWidth, width: teacherWidth)
                T[n * M + m] = t
                T[m * M + n] = t
            }
        }
        return T
    }

    /// a . b / N over `width` entries (a multiple of 4).
    private func overlap(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, width: Int) -> Double {
        var acc = SIMD4<Double>()
        var j = 0
        while j < width {
            acc += load4(a + j) * load4(b + j)
            j += 4
        }
        return acc.sum() / Double(N)
    }
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
