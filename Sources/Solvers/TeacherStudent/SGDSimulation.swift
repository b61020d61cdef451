/// One realization of online SGD for the teacher-student pair (seed 001, eqs. (1)-(4) with
/// the networks of eqs. (7)-(8) and the second layers of the "hidden layer" section):
///
///     lambda = W x / sqrt N,  rho = W* x / sqrt N,  x ~ N(0, I_N) fresh at every sample,
///     Delta_s = sum_m v*_m g(rho_m,s) + sigma xi_s - sum_k v_k g(lambda_k,s),
///     W_i += (eta / sqrt N) (1/B) sum_s Delta_s v_i g'(lambda_i,s) x_s,
///     v_i += (eta / N) (1/B) sum_s Delta_s g(lambda_i,s)      (trainable second layer).
///
/// Time alpha = steps / N. Generating the N Gaussian inputs dominates a step, so the rest
/// is arranged to cost little: all buffers are allocated once; student and teacher rows
/// share one zero-padded matrix so the K + M local fields come from passes over x in
/// groups of four rows; at batch 1 the previous step's update is applied in the same pass
/// that computes the next step's fields (one read and write of W per step instead of
/// two; W does not fit in L1 at N = 784); Q, R and eg are measured only when recorded.
/// Nothing in the step loop allocates or calls a closure.
final class SGDSimulation {
    let N: Int, K: Int, M: Int, B: Int
    /// Row stride (N rounded up to 4); student rows 0..<K padded to `teacherRow` (K rounded
    /// up to 4), teacher rows from there, padded to `rows`. Padding is zero in weights and
    /// inputs, so it never changes a field.
    let stride: Int, teacherRow: Int, rows: Int
    let g: Activation
    let eta: Double, sigma: Double
    let trainSecondLayer: Bool
    let vStar: [Double]

    /// rows x stride: student W (rows 0..<K), teacher W* (rows teacherRow..<teacherRow+M).
    let weights: UnsafeMutablePointer<Double>
    /// Inputs: B x stride for the current step, plus one more row at batch 1 (the previous
    /// step's input, whose update is pending).
    let inputs: UnsafeMutablePointer<Double>
    private let inputRows: Int
    /// Batch 1: which input row is the current one, and whether the previous step's update
    /// (coefficients with the other input row) is still to be applied.
    private var current = 0
    private var pending = false
    /// B x rows local fields of the current step.
    let fields: UnsafeMutablePointer<Double>
    /// B x K first-layer update coefficients.
    let coefficients: UnsafeMutablePointer<Double>
    /// Student second layer, and its pending update.
    let v: UnsafeMutablePointer<Double>
    let dv: UnsafeMutablePointer<Double>
    /// The teacher's constant overlaps T = W* W*ᵀ / N.
    private(set) var T: [Double] = []

    private var data: RandomStream
    private var noise: RandomStream

    /// Draws the disorder: the teacher W* (entries N(0, 1)) from `teacher`, the student W
    /// (entries N(0, init_scale^2)) from `student`, v(0) from `secondLayer`; inputs come
    /// from `data` and label noise from `noise`. Rows are drawn in order, so a sweep over
    /// K or M keeps the first rows (the same teacher across a K sweep).
    init(setup: TeacherStudentSetup, teacher: RandomStream, student: RandomStream, secondLayer: RandomStream,
         data: RandomStream, noise: RandomStream) {
        N = setup.N
        K = setup.K
        M = setup.M
        B = setup.batch
        stride = (N + 3) / 4 * 4
        teacherRow = (K + 3) / 4 * 4
        rows = teacherRow + (M + 3) / 4 * 4
        inputRows = B == 1 ? 2 : B
        g = setup.activation
        eta = setup.eta
        sigma = setup.sigma
        trainSecondLayer = setup.trainSecondLayer
        // The teacher's second layer is v* = 1 in both modes, so switching the student's
        // second layer on or off learns the same teacher.
        vStar = [Double](repeating: 1, count: M)
        self.data = data
        self.noise = noise

        weights = .allocate(capacity: rows * stride)
        weights.initialize(repeating: 0, count: rows * stride)
        inputs = .allocate(capacity: inputRows * stride)
        inputs.initialize(repeating: 0, count: inputRows * stride)
        fields = .allocate(capacity: B * rows)
        fields.initialize(repeating: 0, count: B * rows)
        coefficients = .allocate(capacity: B * K)
        coefficients.initialize(repeating: 0, count: B * K)
        v = .allocate(capacity: K)
        v.initialize(repeating: 1, count: K)
        dv = .allocate(capacity: K)
        dv.initialize(repeating: 0, count: K)

        var teacherStream = teacher, studentStream = student, secondStream = secondLayer
        for n in 0..<M {
            teacherStream.fillGaussian(UnsafeMutableBufferPointer(start: weights + (teacherRow + n) * stride, count: N))
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
        inputs.deallocate()
        fields.deallocate()
        coefficients.deallocate()
        v.deallocate()
        dv.deallocate()
    }

    /// Runs `count` SGD steps; afterwards the weights include every update.
    func run(steps count: Int) {
        for _ in 0..<count {
            if B == 1 { fusedStep() } else { batchStep() }
            if trainSecondLayer {
                for k in 0..<K {
                    v[k] += dv[k]
                    dv[k] = 0
                }
            }
        }
        flush()
    }

    /// Batch 1: draw x, apply the previous step's update while computing the new fields,
    /// and leave this step's update pending.
    @inline(__always)
    private func fusedStep() {
        let x = inputs + current * stride
        data.fillGaussian(UnsafeMutableBufferPointer(start: x, count: N))
        if pending {
            fusedUpdateAndFields(previous: inputs + (1 - current) * stride, x, fields)
        } else {
            localFields(x, fields)
        }
        errorSignal(fields, coefficients)
        pending = true
        current = 1 - current
    }

    /// Batch B > 1: the B samples' fields with the current weights, then one update.
    @inline(__always)
    private func batchStep() {
        for s in 0..<B {
            let x = inputs + s * stride
            data.fillGaussian(UnsafeMutableBufferPointer(start: x, count: N))
            localFields(x, fields + s * rows)
            errorSignal(fields + s * rows, coefficients + s * K)
        }
        addBatchToStudent()
    }

    /// Applies a pending batch-1 update.
    private func flush() {
        guard pending else { return }
        addToStudent(coefficients, inputs + (1 - current) * stride)
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

    /// h_r = (row r) . x / sqrt N for every row, four rows per pass over x.
    @inline(__always)
    private func localFields(_ x: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>) {
        var r = 0
        while r < rows {
            dot4(r, x, h)
            r += 4
        }
    }

    /// Student rows: W_i += c_i x_prev and h_i = W_i . x / sqrt N in one pass per four
    /// rows; teacher rows: plain fields.
    @inline(__always)
    private func fusedUpdateAndFields(previous xp: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                                      _ h: UnsafeMutablePointer<Double>) {
        let scale = 1 / Double(N).squareRoot()
        var r = 0
        while r < teacherRow {
            let w0 = weights + r * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride
            // Padding rows (r + q >= K) get a zero coefficient and stay zero.
            let c0 = SIMD2<Double>(repeating: coefficient(r)), c1 = SIMD2<Double>(repeating: coefficient(r + 1))
            let c2 = SIMD2<Double>(repeating: coefficient(r + 2)), c3 = SIMD2<Double>(repeating: coefficient(r + 3))
            var a0 = SIMD2<Double>(), a1 = SIMD2<Double>(), a2 = SIMD2<Double>(), a3 = SIMD2<Double>()
            var j = 0
            while j < stride {
                let p = load2(xp + j), xv = load2(x + j)
                let u0 = load2(w0 + j) + c0 * p
                let u1 = load2(w1 + j) + c1 * p
                let u2 = load2(w2 + j) + c2 * p
                let u3 = load2(w3 + j) + c3 * p
                store2(u0, w0 + j)
                store2(u1, w1 + j)
                store2(u2, w2 + j)
                store2(u3, w3 + j)
                a0 += u0 * xv
                a1 += u1 * xv
                a2 += u2 * xv
                a3 += u3 * xv
                j += 2
            }
            h[r] = a0.sum() * scale
            h[r + 1] = a1.sum() * scale
            h[r + 2] = a2.sum() * scale
            h[r + 3] = a3.sum() * scale
            r += 4
        }
        while r < rows {
            dot4(r, x, h)
            r += 4
        }
    }

    /// The pending coefficient of row r (zero for padding rows).
    @inline(__always)
    private func coefficient(_ r: Int) -> Double { r < K ? coefficients[r] : 0 }

    /// Fields of rows r..<r+4.
    @inline(__always)
    private func dot4(_ r: Int, _ x: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>) {
        let scale = 1 / Double(N).squareRoot()
        let w0 = weights + r * stride, w1 = w0 + stride, w2 = w1 + stride, w3 = w2 + stride
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        var j = 0
        while j < stride {
            let xv = load4(x + j)
            a0 += load4(w0 + j) * xv
            a1 += load4(w1 + j) * xv
            a2 += load4(w2 + j) * xv
            a3 += load4(w3 + j) * xv
            j += 4
        }
        h[r] = a0.sum() * scale
        h[r + 1] = a1.sum() * scale
        h[r + 2] = a2.sum() * scale
        h[r + 3] = a3.sum() * scale
    }

    /// W_i += sum_s c_si x_s for the student rows: one pass over each row for the whole
    /// batch (the B inputs stay in cache; W does not).
    @inline(__always)
    private func addBatchToStudent() {
        for i in 0..<K {
            let row = weights + i * stride
            var j = 0
            while j < stride {
                var w = load4(row + j)
                for s in 0..<B { w += SIMD4<Double>(repeating: coefficients[s * K + i]) * load4(inputs + s * stride + j) }
                store4(w, row + j)
                j += 4
            }
        }
    }

    /// W_i += c_i x for the student rows.
    @inline(__always)
    private func addToStudent(_ c: UnsafePointer<Double>, _ x: UnsafePointer<Double>) {
        for i in 0..<K {
            let row = weights + i * stride
            let ci = SIMD4<Double>(repeating: c[i])
            var j = 0
            while j < stride {
                store4(load4(row + j) + ci * load4(x + j), row + j)
                j += 4
            }
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
                let q = overlap(i, k)
                Q[i * K + k] = q
                Q[k * K + i] = q
            }
            for n in 0..<M { R[i * M + n] = overlap(i, teacherRow + n) }
        }
        return OrderParameters(K: K, M: M, Q: Q, R: R, T: T, v: (0..<K).map { v[$0] }, vStar: vStar)
    }

    private func teacherOverlaps() -> [Double] {
        var T = [Double](repeating: 0, count: M * M)
        for n in 0..<M {
            for m in n..<M {
                let t = overlap(teacherRow + n, teacherRow + m)
                T[n * M + m] = t
                T[m * M + n] = t
            }
        }
        return T
    }

    /// (row a) . (row b) / N.
    private func overlap(_ a: Int, _ b: Int) -> Double {
        let wa = weights + a * stride, wb = weights + b * stride
        var acc = SIMD4<Double>()
        var j = 0
        while j < stride {
            acc += load4(wa + j) * load4(wb + j)
            j += 4
        }
        return acc.sum() / Double(N)
    }
}

@inline(__always)
private func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func load4(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func load2(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
}

@inline(__always)
private func load2(_ p: UnsafeMutablePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
}

@inline(__always)
private func store2(_ value: SIMD2<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD2<Double>.self)
}

@inline(__always)
private func store4(_ value: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Double>.self)
}
