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
/// share one zero-padded matrix so the K + M local fields come from one fused pass over x
/// (rows in groups of four, SIMD4 accumulators); Q, R and eg are measured only when
/// recorded. Nothing in the step loop allocates or calls a closure.
final class SGDSimulation {
    let N: Int, K: Int, M: Int, L: Int, B: Int
    /// Row stride (N rounded up to 4) and row count (K + M rounded up to 4); the padding is
    /// zero in weights and inputs, so it never changes a field.
    let stride: Int, rows: Int
    let g: Activation
    let eta: Double, sigma: Double
    let trainSecondLayer: Bool
    let vStar: [Double]

    /// rows x stride: student W (rows 0..<K), teacher W* (rows K..<K+M), zero rows.
    let weights: UnsafeMutablePointer<Double>
    /// B x stride inputs of the current step.
    let inputs: UnsafeMutablePointer<Double>
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
        L = K + M
        B = setup.batch
        stride = (N + 3) / 4 * 4
        rows = (L + 3) / 4 * 4
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
        inputs = .allocate(capacity: B * stride)
        inputs.initialize(repeating: 0, count: B * stride)
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
            teacherStream.fillGaussian(UnsafeMutableBufferPointer(start: weights + (K + n) * stride, count: N))
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

    /// Runs `count` SGD steps.
    func run(steps count: Int) {
        let invSqrtN = 1 / Double(N).squareRoot()
        let firstLayerRate = eta * invSqrtN / Double(B)
        let secondLayerRate = eta / (Double(N) * Double(B))
        for _ in 0..<count {
            for s in 0..<B {
                let x = inputs + s * stride
                let h = fields + s * rows
                data.fillGaussian(UnsafeMutableBufferPointer(start: x, count: N))
                localFields(x, h, scale: invSqrtN)
                var delta = 0.0
                for m in 0..<M { delta += vStar[m] * g.g(h[K + m]) }
                if sigma > 0 { delta += sigma * noise.nextGaussian() }
                // The coefficient slots hold g(lambda_k) until Delta is known.
                let c = coefficients + s * K
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
            updateWeights()
            if trainSecondLayer {
                for k in 0..<K {
                    v[k] += dv[k]
                    dv[k] = 0
                }
            }
        }
    }

    /// h_r = (row r of the weights) . x / sqrt N for every row, four rows per pass over x.
    @inline(__always)
    private func localFields(_ x: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, scale: Double) {
        var r = 0
        while r < rows {
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
            r += 4
        }
    }

    /// W_i += sum_s c_si x_s for the student rows.
    @inline(__always)
    private func updateWeights() {
        for s in 0..<B {
            let x = inputs + s * stride
            for i in 0..<K {
                let row = weights + i * stride
                let c = SIMD4<Double>(repeating: coefficients[s * K + i])
                var j = 0
                while j < stride {
                    store4(load4(row + j) + c * load4(x + j), row + j)
                    j += 4
                }
            }
        }
    }

    /// True while every local field of the last step is finite (weights not blown up).
    var isFinite: Bool {
        for r in 0..<L where !fields[r].isFinite { return false }
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
            for n in 0..<M { R[i * M + n] = overlap(i, K + n) }
        }
        return OrderParameters(K: K, M: M, Q: Q, R: R, T: T, v: (0..<K).map { v[$0] }, vStar: vStar)
    }

    private func teacherOverlaps() -> [Double] {
        var T = [Double](repeating: 0, count: M * M)
        for n in 0..<M {
            for m in n..<M {
                let t = overlap(K + n, K + m)
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
private func store4(_ value: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Double>.self)
}
