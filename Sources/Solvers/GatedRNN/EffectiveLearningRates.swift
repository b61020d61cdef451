import LinearAlgebra

/// Seed 003's per-neuron, per-lag effective learning rates (eqs. 8-9) of the sequences
/// in a chunk after its forward pass, accumulated into envelopes on a lag grid.
///
/// The one-step Jacobian J_t = dh_t/dh_{t-1} is split as J_t = (I - S_t) + E_t (eq. 8).
/// Kept: the diagonal of E_t,
///     E_{t,q} = s_q (1 - c_q^2) da~_q/dh_{t-1,q} + (c_q - h_{t-1,q}) ds_q/dh_{t-1,q},
/// with da~_q/dh_q = W_h[q,q] without layer norm and, with it, the diagonal of the layer
/// norm's Jacobian times W_h: (1/sigma) (W_h[q,q] - mean_r W_h[r,q] - a~_q (a~ . W_h[:,q]) / H);
/// ds_q/dh_q = s(1-s) U_s[q,q] (diagonal gate), s(1-s) u_s[q] (shared), 0 (constant).
/// Dropped: every off-diagonal entry of E_t, and the second and higher orders of the
/// expansion; `GatedRNNDiagnosticsTests` measures both against the exact Jacobian product.
/// To first order in E (the Frechet derivative of the product), for lag l = t - m:
///     gamma0_{t,l} = prod_{j=m+1..t} (1 - s_j),
///     gamma1_{t,l} = sum_{j=m+1..t} E_j prod_{i != j} (1 - s_i) = gamma0_{t,l} sum_j E_j / (1 - s_j),
/// both from prefix sums over t (the products in log space), and mu = eta (gamma0 + gamma1).
/// Every pair (t, t - l) with t - l >= 0 counts once (one lag window for every lag).
/// A leak 1 - s below 1e-12 is taken as 1e-12 (so log and E / (1 - s) stay finite).
struct EffectiveLearningRates {
    let lags: [Int]
    let H: Int
    let eta: Double
    /// Per-neuron sums of |mu| and |eta gamma0| over (sequence, t), lag-major (L x H), and
    /// the number of (sequence, t) pairs per lag.
    private(set) var full: [Double]
    private(set) var zeroth: [Double]
    private(set) var pairs: [Double]
    /// Issue 14's matched statistic per lag: the samples
    /// psi_t(l) = sum_q mu_{t,l}^(q) delta_t^(q) v_{t-l}^(q), one per (sequence, t >= l),
    /// with delta_t = (yhat_t - y_t) w_out and v the states' tangent along a fixed direction.
    private(set) var matched: [[Double]]
    static let leakFloor = 1e-12

    init(lags: [Int], H: Int, eta: Double) {
        self.lags = lags
        self.H = H
        self.eta = eta
        full = [Double](repeating: 0, count: lags.count * H)
        zeroth = full
        pairs = [Double](repeating: 0, count: lags.count)
        matched = Array(repeating: [], count: lags.count)
    }

    /// The log-leaks ln(1 - s_{t,q}) and corrections E_{t,q} / (1 - s_{t,q}) of sequence
    /// `b` of `chunk` (after its forward pass at `theta`), each T x H, time-major.
    static func oneStepTerms(_ chunk: GatedRNNChunk, theta: UnsafePointer<Double>, sequence b: Int)
        -> (logLeak: [Double], correction: [Double]) {
        let T = chunk.T, H = chunk.layout.H, P = chunk.layout.P, B = chunk.count
        let layout = chunk.layout
        var logLeak = [Double](repeating: 0, count: T * H), correction = logLeak
        var columnMean = [Double](repeating: 0, count: H)
        if chunk.layerNorm {
            for r in 0..<H { for q in 0..<H { columnMean[q] += theta[layout.recurrent(r, q)] } }
            for q in 0..<H { columnMean[q] /= Double(H) }
        }
        var projection = [Double](repeating: 0, count: H)
        for t in 0..<T {
            let row = t * B + b
            let c = chunk.candidate + row * H, previous = chunk.h + (t * B + b) * H
            if chunk.layerNorm {
                // a~ . W_h[:, q] for every q: a~^T W_h (W_h is the first H rows of W_rec).
                projection.withUnsafeMutableBufferPointer { out in
                    guard let base = out.baseAddress else { return }
                    BLAS.gemvTransposed(rows: H, cols: H, alpha: 1, a: theta + layout.recurrentWeights,
                                        x: chunk.normalized + row * H, beta: 0, y: base)
                }
            }
            for q in 0..<H {
                let s = chunk.gate == .constant ? chunk.s0 : chunk.gateValue[row * H + q]
                var candidateSlope = theta[layout.recurrent(q, q)]
                if chunk.layerNorm {
                    candidateSlope = chunk.inverseSigma[row]
                        * (candidateSlope - columnMean[q] - chunk.normalized[row * H + q] * projection[q] / Double(H))
                }
                var gateSlope = 0.0
                switch chunk.gate {
                case .constant: break
                case .shared: gateSlope = s * (1 - s) * theta[layout.recurrent(H, q)]
                case .diagonal: gateSlope = s * (1 - s) * theta[layout.recurrent(H + q, q)]
                }
                let e = s * (1 - c[q] * c[q]) * candidateSlope + (c[q] - previous[q]) * gateSlope
                let leak: Double
                if chunk.gate == .constant {
                    leak = 1 - s
                } else {
                    // 1 - sigmoid(z) = sigmoid(-z), accurate when s is near 1.
                    leak = GatedRNNChunk.sigmoid(-chunk.z[row * P + H + (chunk.gate == .shared ? 0 : q)])
                }
                let kept = max(leak, leakFloor)
                logLeak[t * H + q] = log(kept)
                correction[t * H + q] = e / kept
            }
        }
        return (logLeak, correction)
    }

    /// Adds sequence `b` of `chunk` to the envelope sums and, given the chunk's tangents,
    /// its matched-statistic samples.
    mutating func add(_ chunk: GatedRNNChunk, theta: UnsafePointer<Double>, sequence b: Int,
                      tangent: ParameterTangent? = nil) {
        let T = chunk.T
        let (logLeak, correction) = Self.oneStepTerms(chunk, theta: theta, sequence: b)
        // Prefix sums over t, slot t + 1 after step t (slot 0 = 0).
        var leakSum = [Double](repeating: 0, count: (T + 1) * H), correctionSum = leakSum
        for t in 0..<T {
            for q in 0..<H {
                leakSum[(t + 1) * H + q] = leakSum[t * H + q] + logLeak[t * H + q]
                correctionSum[(t + 1) * H + q] = correctionSum[t * H + q] + correction[t * H + q]
            }
        }
        let B = chunk.count, wOut = theta + chunk.layout.readoutWeights
        for (i, lag) in lags.enumerated() where lag < T {
            pairs[i] += Double(T - lag)
            for t in lag..<T {
                let now = (t + 1) * H, then = (t + 1 - lag) * H
                // delta_t^(q) = e_t w_out[q]; v_{t-l} is tangent slot t - l + 1.
                let error = chunk.output[t * B + b] - chunk.y[t * B + b]
                let source = tangent.map { $0.v + ((t - lag + 1) * B + b) * H }
                var psi = 0.0
                for q in 0..<H {
                    let gamma0 = exp(leakSum[now + q] - leakSum[then + q])
                    let gamma1 = gamma0 * (correctionSum[now + q] - correctionSum[then + q])
                    let mu = eta * (gamma0 + gamma1)
                    full[i * H + q] += abs(mu)
                    zeroth[i * H + q] += abs(eta * gamma0)
                    if let source { psi += mu * error * wOut[q] * source[q] }
                }
                if tangent != nil { matched[i].append(psi) }
            }
        }
    }

    /// The per-neuron envelopes f_q(l) (neuron-major, H x L: the `envelope_neuron` layout)
    /// and their zeroth-order parts, averaged over (sequence, t).
    var perNeuron: (full: [Double], zeroth: [Double]) {
        let L = lags.count
        var f = [Double](repeating: .nan, count: H * L), f0 = f
        for i in 0..<L where pairs[i] > 0 {
            for q in 0..<H {
                f[q * L + i] = full[i * H + q] / pairs[i]
                f0[q * L + i] = zeroth[i * H + q] / pairs[i]
            }
        }
        return (f, f0)
    }
}

import Foundation
