import LinearAlgebra

/// The forward-mode tangent v_t = (dh_t/dtheta)[w] of the states of a chunk along a
/// fixed direction w of parameter space (issue 14's matched statistic): the total
/// derivative, through every earlier step, propagated with the step's linearization
///     dZ_t = X_t dW_in^T + db_in + H_{t-1} dW_rec^T + V_{t-1} W_rec^T,
///     da~ = LN'(a) da (or da),  dc = (1 - c^2) da~,  ds = s (1 - s) dz_s (0 for the constant gate),
///     v_t = (1 - s) v_{t-1} + ds (c - h_{t-1}) + s dc,   v_{-1} = 0,
/// after the chunk's forward pass at theta (which stored c, s, a~ and 1/sigma).
final class ParameterTangent {
    let chunk: GatedRNNChunk
    /// dZ (T B x P) and the tangents V: slot t holds v_{t-1} ((T + 1) B x H).
    private let dz: UnsafeMutablePointer<Double>
    let v: UnsafeMutablePointer<Double>

    init(chunk: GatedRNNChunk) {
        self.chunk = chunk
        dz = .allocate(capacity: chunk.T * chunk.capacity * chunk.layout.P)
        v = .allocate(capacity: (chunk.T + 1) * chunk.capacity * chunk.layout.H)
    }

    deinit {
        dz.deallocate()
        v.deallocate()
    }

    /// Fills `v` for the chunk's sequences along `direction` (laid out as theta).
    func propagate(_ theta: UnsafePointer<Double>, direction w: UnsafePointer<Double>) {
        let layout = chunk.layout, T = chunk.T, B = chunk.count, H = layout.H, P = layout.P, D = layout.D
        guard B > 0 else { return }
        let rows = T * B
        BLAS.gemm(transposeB: true, m: rows, n: P, k: D, alpha: 1, a: chunk.x, b: w + layout.inputWeights, beta: 0, c: dz)
        let bias = w + layout.inputBias
        for r in 0..<rows { for p in 0..<P { dz[r * P + p] += bias[p] } }
        // H_{t-1} dW_rec^T for every step at once (slot t of h is h_{t-1}).
        BLAS.gemm(transposeB: true, m: rows, n: P, k: H, alpha: 1, a: chunk.h, b: w + layout.recurrentWeights, beta: 1, c: dz)
        v.initialize(repeating: 0, count: B * H)
        let wRec = theta + layout.recurrentWeights
        for t in 0..<T {
            let dzt = dz + t * B * P, previous = v + t * B * H, next = v + (t + 1) * B * H
            if t > 0 { BLAS.gemm(transposeB: true, m: B, n: P, k: H, alpha: 1, a: previous, b: wRec, beta: 1, c: dzt) }
            for b in 0..<B {
                step(row: t * B + b, dz: dzt + b * P, previousTangent: previous + b * H, state: chunk.h + (t * B + b) * H,
                     next: next + b * H)
            }
        }
    }

    @inline(__always)
    private func step(row: Int, dz: UnsafeMutablePointer<Double>, previousTangent: UnsafePointer<Double>,
                      state previous: UnsafePointer<Double>, next: UnsafeMutablePointer<Double>) {
        let H = chunk.layout.H
        let c = chunk.candidate + row * H
        if chunk.layerNorm {
            // da~ = (1/sigma) (da - mean(da) - a~ mean(a~ da)).
            let n = chunk.normalized + row * H
            var mean = 0.0, projection = 0.0
            for q in 0..<H {
                mean += dz[q]
                projection += n[q] * dz[q]
            }
            mean /= Double(H)
            projection /= Double(H)
            let inverse = chunk.inverseSigma[row]
            for q in 0..<H { dz[q] = inverse * (dz[q] - mean - n[q] * projection) }
        }
        for q in 0..<H {
            let s: Double, ds: Double
            switch chunk.gate {
            case .constant:
                s = chunk.s0
                ds = 0
            case .shared:
                s = chunk.gateValue[row * H]
                ds = s * (1 - s) * dz[H]
            case .diagonal:
                s = chunk.gateValue[row * H + q]
                ds = s * (1 - s) * dz[H + q]
            }
            let dc = (1 - c[q] * c[q]) * dz[q]
            next[q] = (1 - s) * previousTangent[q] + ds * (c[q] - previous[q]) + s * dc
        }
    }
}
