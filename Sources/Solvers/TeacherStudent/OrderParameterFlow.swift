import Foundation

/// The right-hand side of the order-parameter ODEs (seed 001, eqs. (33)-(36) for the soft
/// committee machine and (37)-(42) for the trainable second layer), in a form that is
/// cheap at K = M = 4.
///
/// With the local fields u = (lambda_1..lambda_K, rho_1..rho_M), their covariance C
/// (`OrderParameters.fieldCovariance`) and the error weights w = (-v, v*), so that
/// Delta = sum_a w_a g(u_a) + sigma xi, the seed's equations read
///
///     dR_in/dt = eta v_i S3(i, K+n)
///     dQ_ik/dt = eta v_i S3(i, k) + eta v_k S3(k, i)
///                + (eta^2 / B) v_i v_k [S4(i, k) + sigma^2 J2(i, k)]
///     dv_i/dt  = eta sum_a w_a I2(i, a)            (trainable second layer only)
///
/// with S3(i, b) = sum_a w_a I3(i, b, a) = <Delta g'(lambda_i) u_b> and
/// S4(i, k) = sum_ab w_a w_b I4(i, k, a, b) = <Delta^2 g'(lambda_i) g'(lambda_k)> (noise
/// aside). The second line is the symmetric form: the seed's second dQ/dt line repeats
/// I3(i, k, .) with v_k, a typo; exchanging i and k in the first line is what the
/// derivation (eqs. (19)-(24)) gives.
///
/// Batch size B: an update averages B independent samples, so the first-order terms are
/// unchanged while the second-order term, the mean square of the averaged update,
/// keeps only the B diagonal terms of the double sum over samples (eq. (22); the
/// cross terms carry x_s . x_s' / N = O(1/sqrt N)): it is divided by B. The second
/// layer's update is O(1/N) per step, so its own fluctuations vanish at any B.
///
/// Cost: I3 is affine in C_ba, so its denominators are hoisted per (i, a) and the K x L
/// table S3 costs O(K L^2); I4 is symmetric in (i, k) and in (a, b), and its L1, L2
/// factors depend on a single field, so S4 needs L(L+1)/2 arcsines per pair i <= k.
/// At K = M = 4 one evaluation is about 400 arcsines.
final class OrderParameterFlow {
    let K: Int, M: Int, L: Int
    let g: Activation
    let eta: Double
    /// eta^2 / B, the coefficient of the second-order term.
    let eta2: Double
    let sigma2: Double
    let trainSecondLayer: Bool
    /// Packed state: the upper triangle of Q (row by row), then R (K x M), then v.
    let dimension: Int
    let rOffset: Int, vOffset: Int
    /// Index of Q_ik (i <= k or not) in the packed state.
    let qIndex: [Int]

    // Workspace, reused by every evaluation.
    private let c: UnsafeMutablePointer<Double>      // L x L field covariance
    private let w: UnsafeMutablePointer<Double>      // L error weights
    private let v: UnsafeMutablePointer<Double>      // K student second layer
    private let s3: UnsafeMutablePointer<Double>     // K x L
    private let d: UnsafeMutablePointer<Double>      // L scratch
    private let rs: UnsafeMutablePointer<Double>     // L scratch
    private let workspace: UnsafeMutablePointer<Double>

    init(K: Int, M: Int, activation: Activation, eta: Double, batch: Int, sigma: Double,
         trainSecondLayer: Bool, T: [Double], vStar: [Double], fixedV: [Double]) {
        self.K = K
        self.M = M
        L = K + M
        g = activation
        self.eta = eta
        eta2 = eta * eta / Double(batch)
        sigma2 = sigma * sigma
        self.trainSecondLayer = trainSecondLayer
        rOffset = K * (K + 1) / 2
        vOffset = rOffset + K * M
        dimension = vOffset + (trainSecondLayer ? K : 0)
        var qi = [Int](repeating: 0, count: K * K)
        var next = 0
        for i in 0..<K {
            for k in i..<K {
                qi[i * K + k] = next
                qi[k * K + i] = next
                next += 1
            }
        }
        qIndex = qi
        let L = K + M
        let size = L * L + L + K + K * L + 2 * L
        workspace = UnsafeMutablePointer<Double>.allocate(capacity: size)
        workspace.initialize(repeating: 0, count: size)
        let base = workspace
        c = base
        w = base + L * L
        v = w + L
        s3 = v + K
        d = s3 + K * L
        rs = d + L
        // Constant parts: the teacher block of C, v*, and v when it is not learned.
        for n in 0..<M {
            for m in 0..<M { c[(K + n) * L + K + m] = T[n * M + m] }
            w[K + n] = vStar[n]
        }
        for i in 0..<K { v[i] = fixedV[i] }
    }

    deinit { workspace.deallocate() }

    /// The packed state of `op`.
    func pack(_ op: OrderParameters) -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        for i in 0..<K {
            for k in i..<K { y[qIndex[i * K + k]] = op.Q[i * K + k] }
            for n in 0..<M { y[rOffset + i * M + n] = op.R[i * M + n] }
            if trainSecondLayer { y[vOffset + i] = op.v[i] }
        }
        return y
    }

    /// `template` with Q, R (and v) replaced by the packed state `y`.
    func unpack(_ y: UnsafeBufferPointer<Double>, into template: OrderParameters) -> OrderParameters {
        var op = template
        for i in 0..<K {
            for k in 0..<K { op.Q[i * K + k] = y[qIndex[i * K + k]] }
            for n in 0..<M { op.R[i * M + n] = y[rOffset + i * M + n] }
            if trainSecondLayer { op.v[i] = y[vOffset + i] }
        }
        return op
    }

    /// dy = f(y).
    func evaluate(_ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) {
        loadCovariance(y)
        computeS3()
        for i in 0..<K {
            for n in 0..<M { dy[rOffset + i * M + n] = eta * v[i] * s3[i * L + K + n] }
        }
        for i in 0..<K {
            for k in i..<K {
                var rate = eta * (v[i] * s3[i * L + k] + v[k] * s3[k * L + i])
                if eta2 != 0 {
                    let (s4, j2) = secondOrder(i, k)
                    rate += eta2 * v[i] * v[k] * (s4 + sigma2 * j2)
                }
                dy[qIndex[i * K + k]] = rate
            }
        }
        if trainSecondLayer {
            for i in 0..<K { dy[vOffset + i] = eta * secondLayerDrive(i) }
        }
    }

    /// Fills the student blocks of C and the student error weights from the state.
    @inline(__always)
    private func loadCovariance(_ y: UnsafePointer<Double>) {
        for i in 0..<K {
            for k in 0..<K { c[i * L + k] = y[qIndex[i * K + k]] }
            for n in 0..<M {
                let r = y[rOffset + i * M + n]
                c[i * L + K + n] = r
                c[(K + n) * L + i] = r
            }
            if trainSecondLayer { v[i] = y[vOffset + i] }
            w[i] = -v[i]
        }
    }

    /// S3(i, b) = sum_a w_a I3(i, b, a) for all students i and fields b.
    @inline(__always)
    private func computeS3() {
        switch g {
        case .linear:
            // I3(i, b, a) = C_ba: S3(i, b) = sum_a w_a C_ba, the same for every i.
            for b in 0..<L {
                var acc = 0.0
                for a in 0..<L { acc += w[a] * c[b * L + a] }
                for i in 0..<K { s3[i * L + b] = acc }
            }
        case .erf:
            // I3(i, b, a) = (2/pi) (C_ba p - C_ib C_ia) / (p sqrt(p (1 + C_aa) - C_ia^2)),
            // p = 1 + C_ii: with d_a = w_a / denominator_ia,
            // S3(i, b) = (2/pi) (p sum_a d_a C_ba - C_ib sum_a d_a C_ia).
            for i in 0..<K {
                let p = 1 + c[i * L + i]
                var a0 = 0.0
                for a in 0..<L {
                    let cia = c[i * L + a]
                    d[a] = w[a] / (p * (p * (1 + c[a * L + a]) - cia * cia).squareRoot())
                    a0 += d[a] * cia
                }
                for b in 0..<L {
                    var acc = 0.0
                    for a in 0..<L { acc += d[a] * c[b * L + a] }
                    s3[i * L + b] = twoOverPi * (p * acc - c[i * L + b] * a0)
                }
            }
        }
    }

    /// S4(i, k) = sum_ab w_a w_b I4(i, k, a, b) and J2(i, k).
    @inline(__always)
    private func secondOrder(_ i: Int, _ k: Int) -> (Double, Double) {
        switch g {
        case .linear:
            var acc = 0.0
            for a in 0..<L {
                var row = 0.0
                for b in 0..<L { row += w[b] * c[a * L + b] }
                acc += w[a] * row
            }
            return (acc, 1)
        case .erf:
            let c11 = c[i * L + i], c22 = c[k * L + k], c12 = c[i * L + k]
            let p1 = 1 + c11, p2 = 1 + c22
            let l4 = p1 * p2 - c12 * c12
            for a in 0..<L {
                let c1a = c[i * L + a], c2a = c[k * L + a]
                let l1 = l4 * (1 + c[a * L + a]) - c2a * c2a * p1 - c1a * c1a * p2 + 2 * c12 * c1a * c2a
                rs[a] = 1 / l1.squareRoot()
            }
            var acc = 0.0
            for a in 0..<L {
                let c1a = c[i * L + a], c2a = c[k * L + a]
                var row = 0.0
                for b in a..<L {
                    let c1b = c[i * L + b], c2b = c[k * L + b]
                    let l0 = l4 * c[a * L + b] - c2a * c2b * p1 - c1a * c1b * p2 + c12 * (c1a * c2b + c1b * c2a)
                    let term = w[b] * safeAsin(l0 * rs[a] * rs[b])
                    row += b == a ? term : 2 * term
                }
                acc += w[a] * row
            }
            let invSqrtL4 = 1 / l4.squareRoot()
            return (fourOverPiSquared * acc * invSqrtL4, twoOverPi * invSqrtL4)
        }
    }

    /// sum_a w_a I2(i, a) = <Delta g(lambda_i)>, the drive of v_i.
    @inline(__always)
    private func secondLayerDrive(_ i: Int) -> Double {
        var acc = 0.0
        for a in 0..<L {
            acc += w[a] * GaussianIntegrals.i2(g, c11: c[i * L + i], c12: c[i * L + a], c22: c[a * L + a])
        }
        return acc
    }
}
