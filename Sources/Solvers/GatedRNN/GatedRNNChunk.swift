import LinearAlgebra

/// The forward pass and exact backpropagation through time (seed 003, eqs. 1, 4-6) of a
/// gated RNN over a chunk of up to `capacity` sequences at once, every state stored
/// (T x chunk x H numbers per stored quantity: this is the BPTT memory `plan` reports).
/// All arrays are time-major, row t * B + b for sequence b of a chunk of B:
///     Z_t = X_t W_in^T + b_in + H_{t-1} W_rec^T   (B x P, one gemm per step),
///     a~ = LN(a) or a,  c = tanh(a~),  s = gate(Z_t[:, H...]),
///     h_t = (1 - s) * h_{t-1} + s * c,  yhat_t = h_t . w_out + b_out.
/// The input projection of all steps and the weight gradients of all steps are single
/// large gemms; the backward pass reuses Z's storage for dL/dZ.
final class GatedRNNChunk {
    let layout: GatedRNNLayout
    let T: Int
    let capacity: Int
    let gate: GateKind
    let s0: Double
    let layerNorm: Bool
    /// Variance floor of the layer norm (PyTorch's default).
    static let normEpsilon = 1e-5

    /// Inputs X (T B x D) and targets (T B).
    let x: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    /// Pre-activations Z (T B x P); after `backward`, dL/dZ.
    let z: UnsafeMutablePointer<Double>
    /// The normalized pre-activation a~ (T B x H; only with layer norm) and 1/sigma (T B).
    let normalized: UnsafeMutablePointer<Double>
    let inverseSigma: UnsafeMutablePointer<Double>
    /// Candidates c = tanh(a~) and gates s (T B x H; the constant gate stores none).
    let candidate: UnsafeMutablePointer<Double>
    let gateValue: UnsafeMutablePointer<Double>
    /// States: slot t holds h_{t-1}, slot 0 is h_{-1} = 0 ((T + 1) B x H).
    let h: UnsafeMutablePointer<Double>
    /// Outputs and dL/dyhat (T B).
    let output: UnsafeMutablePointer<Double>
    let outputGradient: UnsafeMutablePointer<Double>
    /// dL/dh_t and dL/dh_{t-1} (B x H each).
    private let carry: UnsafeMutablePointer<Double>
    private let carryPrevious: UnsafeMutablePointer<Double>
    /// Sequences in the chunk now.
    private(set) var count = 0

    init(setup: GatedRNNSetup, layout: GatedRNNLayout, capacity: Int) {
        self.layout = layout
        T = setup.T
        self.capacity = capacity
        gate = setup.gate
        s0 = setup.s0
        layerNorm = setup.layerNorm
        let rows = T * capacity, H = layout.H
        x = .allocate(capacity: rows * layout.D)
        y = .allocate(capacity: rows)
        z = .allocate(capacity: rows * layout.P)
        normalized = .allocate(capacity: layerNorm ? rows * H : 1)
        inverseSigma = .allocate(capacity: layerNorm ? rows : 1)
        candidate = .allocate(capacity: rows * H)
        gateValue = .allocate(capacity: gate == .constant ? 1 : rows * H)
        h = .allocate(capacity: (T + 1) * capacity * H)
        output = .allocate(capacity: rows)
        outputGradient = .allocate(capacity: rows)
        carry = .allocate(capacity: capacity * H)
        carryPrevious = .allocate(capacity: capacity * H)
    }

    deinit {
        for p in [x, y, z, normalized, inverseSigma, candidate, gateValue, h, output, outputGradient, carry, carryPrevious] {
            p.deallocate()
        }
    }

    /// Doubles a chunk of `capacity` sequences stores (the BPTT memory).
    static func storedNumbers(setup: GatedRNNSetup, layout: GatedRNNLayout, capacity: Int) -> Double {
        let rows = Double(setup.T * capacity), H = Double(layout.H)
        let perRow = Double(layout.D) + 3 + Double(layout.P) + 2 * H + (setup.layerNorm ? H + 1 : 0)
            + (setup.gate == .constant ? 0 : H)
        return rows * perRow + Double(capacity) * H * 3
    }

    /// Draws sequences `indices` of `set` into the chunk.
    func load(_ task: LagRegressionTask, _ set: LagRegressionTask.Set, indices: ArraySlice<Int>) {
        precondition(indices.count <= capacity)
        count = indices.count
        task.fill(set, indices: indices, x: x, y: y)
    }

    /// The forward pass at weights `theta`; returns the sum over the chunk of
    /// sum_t (yhat_t - y_t)^2.
    func forward(_ theta: UnsafePointer<Double>) -> Double {
        let B = count, H = layout.H, P = layout.P, D = layout.D, rows = T * B
        guard B > 0 else { return 0 }
        BLAS.gemm(transposeB: true, m: rows, n: P, k: D, alpha: 1, a: x, b: theta + layout.inputWeights,
                  beta: 0, c: z)
        let bias = theta + layout.inputBias
        for r in 0..<rows { for p in 0..<P { z[r * P + p] += bias[p] } }
        h.initialize(repeating: 0, count: B * H)
        let wRec = theta + layout.recurrentWeights
        for t in 0..<T {
            let zt = z + t * B * P, previous = h + t * B * H, next = h + (t + 1) * B * H
            if t > 0 { BLAS.gemm(transposeB: true, m: B, n: P, k: H, alpha: 1, a: previous, b: wRec, beta: 1, c: zt) }
            for b in 0..<B { step(row: t * B + b, zRow: zt + b * P, previous: previous + b * H, next: next + b * H) }
        }
        BLAS.gemv(rows: rows, cols: H, alpha: 1, a: h + B * H, x: theta + layout.readoutWeights, beta: 0, y: output)
        let bOut = theta[layout.readoutBias]
        var loss = 0.0
        for r in 0..<rows {
            output[r] += bOut
            let e = output[r] - y[r]
            loss += e * e
        }
        return loss
    }

    /// One sequence's step: a~, c, s and h_t from Z_t.
    @inline(__always)
    private func step(row: Int, zRow: UnsafeMutablePointer<Double>, previous: UnsafePointer<Double>,
                      next: UnsafeMutablePointer<Double>) {
        let H = layout.H
        let c = candidate + row * H
        if layerNorm {
            var mean = 0.0
            for q in 0..<H { mean += zRow[q] }
            mean /= Double(H)
            var variance = 0.0
            for q in 0..<H { variance += (zRow[q] - mean) * (zRow[q] - mean) }
            let inverse = 1 / (variance / Double(H) + Self.normEpsilon).squareRoot()
            inverseSigma[row] = inverse
            let n = normalized + row * H
            for q in 0..<H {
                n[q] = (zRow[q] - mean) * inverse
                c[q] = tanh(n[q])
            }
        } else {
            for q in 0..<H { c[q] = tanh(zRow[q]) }
        }
        switch gate {
        case .constant:
            for q in 0..<H { next[q] = previous[q] + s0 * (c[q] - previous[q]) }
        case .shared:
            let s = Self.sigmoid(zRow[H])
            let g = gateValue + row * H
            for q in 0..<H {
                g[q] = s
                next[q] = previous[q] + s * (c[q] - previous[q])
            }
        case .diagonal:
            let g = gateValue + row * H
            for q in 0..<H {
                let s = Self.sigmoid(zRow[H + q])
                g[q] = s
                next[q] = previous[q] + s * (c[q] - previous[q])
            }
        }
    }

    @inline(__always)
    static func sigmoid(_ v: Double) -> Double {
        v >= 0 ? 1 / (1 + exp(-v)) : exp(v) / (1 + exp(v))
    }

    /// Backpropagation through time after `forward`: adds `scale` times the gradient of
    /// the chunk's summed squared error to `gradient` (laid out as `theta`).
    func backward(_ theta: UnsafePointer<Double>, scale: Double, into gradient: UnsafeMutablePointer<Double>) {
        let B = count, H = layout.H, P = layout.P, D = layout.D, rows = T * B
        guard B > 0 else { return }
        for r in 0..<rows { outputGradient[r] = 2 * scale * (output[r] - y[r]) }
        // Readout: dw_out = sum_t h_t dyhat_t, db_out = sum dyhat.
        BLAS.gemvTransposed(rows: rows, cols: H, alpha: 1, a: h + B * H, x: outputGradient, beta: 1,
                            y: gradient + layout.readoutWeights)
        var biasGradient = 0.0
        for r in 0..<rows { biasGradient += outputGradient[r] }
        gradient[layout.readoutBias] += biasGradient

        let wOut = theta + layout.readoutWeights, wRec = theta + layout.recurrentWeights
        carry.initialize(repeating: 0, count: B * H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let zt = z + t * B * P, previous = h + t * B * H
            for b in 0..<B {
                backStep(row: t * B + b, carry: carry + b * H, outputGradient: outputGradient[t * B + b], wOut: wOut,
                         previous: previous + b * H, dz: zt + b * P, carryPrevious: carryPrevious + b * H)
            }
            if t > 0 { BLAS.gemm(m: B, n: H, k: P, alpha: 1, a: zt, b: wRec, beta: 1, c: carryPrevious) }
            carry.update(from: carryPrevious, count: B * H)
        }
        // dW_in += dZ^T X, dW_rec += dZ^T H_prev (slot t = h_{t-1}), db_in += column sums of dZ.
        BLAS.gemm(transposeA: true, m: P, n: D, k: rows, alpha: 1, a: z, b: x, beta: 1, c: gradient + layout.inputWeights)
        BLAS.gemm(transposeA: true, m: P, n: H, k: rows, alpha: 1, a: z, b: h, beta: 1,
                  c: gradient + layout.recurrentWeights)
        let inputBias = gradient + layout.inputBias
        for r in 0..<rows { for p in 0..<P { inputBias[p] += z[r * P + p] } }
    }

    /// One sequence's step backward: from dL/dh_t (carry plus the readout's share) to
    /// dL/dZ_t (written over Z_t) and the leak's share of dL/dh_{t-1}.
    @inline(__always)
    private func backStep(row: Int, carry: UnsafePointer<Double>, outputGradient dy: Double, wOut: UnsafePointer<Double>,
                          previous: UnsafePointer<Double>, dz: UnsafeMutablePointer<Double>,
                          carryPrevious: UnsafeMutablePointer<Double>) {
        let H = layout.H
        let c = candidate + row * H
        var sharedGate = 0.0
        for q in 0..<H {
            let g = carry[q] + dy * wOut[q]
            let s = gate == .constant ? s0 : gateValue[row * H + q]
            carryPrevious[q] = g * (1 - s)
            let gateGradient = g * (c[q] - previous[q])
            // dz holds dL/da~ for now; the gate part of dz is dL/dz_s.
            dz[q] = g * s * (1 - c[q] * c[q])
            switch gate {
            case .constant: break
            case .shared: sharedGate += gateGradient
            case .diagonal: dz[H + q] = gateGradient * s * (1 - s)
            }
        }
        if gate == .shared {
            let s = gateValue[row * H]
            dz[H] = sharedGate * s * (1 - s)
        }
        if layerNorm {
            // da = (1/sigma) (da~ - mean(da~) - a~ mean(da~ a~)).
            let n = normalized + row * H
            var meanGradient = 0.0, meanProjection = 0.0
            for q in 0..<H {
                meanGradient += dz[q]
                meanProjection += dz[q] * n[q]
            }
            meanGradient /= Double(H)
            meanProjection /= Double(H)
            let inverse = inverseSigma[row]
            for q in 0..<H { dz[q] = inverse * (dz[q] - meanGradient - n[q] * meanProjection) }
        }
    }
}

import Foundation
