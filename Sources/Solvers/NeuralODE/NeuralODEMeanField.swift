import LinearAlgebra

/// The large-N theory of `neural_ode` (spherical confinement, zero temperatures, exact
/// backpropagation), derived in docs/models/neural_ode_dmft.md from the generating
/// functional of the forward, backward and control processes (seed 000, sec. 4, for the
/// model as this project defines it).
///
/// Because x(0) is fresh every epoch, every cross-epoch correlation and response of the
/// inference fields is O(N^-1/2): the control process is Markovian in epochs (the memory
/// kernel reduces to its equal-epoch part) and the DMFT closes on the order parameters
/// (m, q) of the current epoch (note, secs. 4-5):
///
///     m' = m - eta (D + Gamma m)
///     q' = q - 2 eta (Gamma q + D m) + eta^2 (Gamma^2 q + 2 Gamma D m + D^2 + Sigma / B)
///     loss = L(m, q) = 1 - C(t_final),   C(t) = Phi(c t^2) / sqrt(Phi(sA2 t^2) Phi(sB2 t^2))
///
/// with sA2 = g_J^2 + g_K^2, sB2 = g_J^2 + g_K^2 q, c = g_J^2 + g_K^2 m (the entry variances
/// and covariance, times N, of the teacher's and student's coupling matrices), the mean
/// gradient g = Gamma w + D w* (note, R3: D = g_K^2 dL/dc, Gamma = 2 g_K^2 dL/dsB2), and
/// Sigma the variance of its orthogonal Gaussian part, g_K^2 |dl/dM|_F^2 / N^2, from the
/// backward (adjoint) correlation (note, R4 and sec. 6.3), computed by quadrature on an
/// inference-time grid. A minibatch of B independent samples divides Sigma by B.
struct NeuralODEMeanField {
    let gJ: Double
    let gK: Double
    let tFinal: Double
    let eta: Double
    let batch: Int
    /// Intervals of the trapezoid grid on [0, t_final] for Sigma (error O(grid^-2)).
    let grid: Int

    /// What one epoch's update needs.
    struct Coefficients: Equatable {
        var loss: Double
        var D: Double
        var gamma: Double
        var sigma: Double
    }

    /// Thrown when an epoch's (m, q) puts the series outside their accurate range.
    struct OutOfRange: Error, CustomStringConvertible {
        let description: String
    }

    func variances(m: Double, q: Double) -> (sA2: Double, sB2: Double, c: Double) {
        (gJ * gJ + gK * gK, gJ * gJ + gK * gK * q, gJ * gJ + gK * gK * m)
    }

    /// Throws `OutOfRange` unless every series argument s t_final^2 is where `BesselSeries`
    /// is accurate (and the student's field has a positive variance).
    func checkRange(m: Double, q: Double) throws {
        let (sA2, sB2, c) = variances(m: m, q: q)
        let T2 = tFinal * tFinal
        for (name, s) in [("(g_J^2 + g_K^2) t_final^2", sA2), ("(g_J^2 + g_K^2 q) t_final^2", sB2),
                          ("(g_J^2 + g_K^2 m) t_final^2", c)] where !BesselSeries.validRange.contains(s * T2) || !s.isFinite {
            throw OutOfRange(description: "\(name) = \(s * T2) (m = \(m), q = \(q)) is outside the theory's range "
                + "\(BesselSeries.validRange.lowerBound)...\(BesselSeries.validRange.upperBound)")
        }
        guard q >= 0 else { throw OutOfRange(description: "q = \(q) < 0") }
    }

    /// The loss and the update coefficients at (m, q).
    func coefficients(m: Double, q: Double) throws -> Coefficients {
        try checkRange(m: m, q: q)
        let (sA2, sB2, c) = variances(m: m, q: q)
        let T2 = tFinal * tFinal
        let PA = BesselSeries.phi(sA2 * T2), PB = BesselSeries.phi(sB2 * T2), Pc = BesselSeries.phi(c * T2)
        let overlap = Pc / (PA * PB).squareRoot()
        let D = -gK * gK * T2 * BesselSeries.phiPrime(c * T2) / (PA * PB).squareRoot()
        let gamma = gK * gK * overlap * T2 * BesselSeries.phiPrime(sB2 * T2) / PB
        let sigma = gK == 0 ? 0 : noiseVariance(sA2: sA2, sB2: sB2, c: c)
        return Coefficients(loss: 1 - overlap, D: D, gamma: gamma, sigma: sigma)
    }

    /// (m, q) after one update from (m, q).
    func update(m: Double, q: Double, _ k: Coefficients) -> (m: Double, q: Double) {
        let (D, G) = (k.D, k.gamma)
        let noise = k.sigma / Double(batch)
        return (m - eta * (D + G * m),
                q - 2 * eta * (G * q + D * m) + eta * eta * (G * G * q + 2 * G * D * m + D * D + noise))
    }

    /// m, q and the loss at epochs 0...last (NaN from the first epoch the theory cannot
    /// evaluate, with the reason).
    func curves(m0: Double, q0: Double, through last: Int, control: RunControl) throws
        -> (m: [Double], q: [Double], loss: [Double], failure: String?) {
        var m = [Double](repeating: .nan, count: last + 1), q = m, loss = m
        var (mNow, qNow) = (m0, q0)
        for epoch in 0...last {
            try control.poll()
            let k: Coefficients
            do { k = try coefficients(m: mNow, q: qNow) } catch let error as OutOfRange {
                return (m, q, loss, "epoch \(epoch): \(error.description)")
            }
            m[epoch] = mNow
            q[epoch] = qNow
            loss[epoch] = k.loss
            (mNow, qNow) = update(m: mNow, q: qNow, k)
        }
        return (m, q, loss, nil)
    }

    /// Sigma = g_K^2 / Phi(sB2 T^2) Int_0^T Int_0^T C_pi(T - t, T - t') Phi(sB2 t t') dt dt'
    /// (note, eq. R4), on the trapezoid grid s_j = j T / grid.
    ///
    /// The backward field in the linear gauge is pi(tau) = r + Delta(tau) + Psi(tau)
    /// (tau = T - t): r + Delta is a linear functional of the forward fields
    /// z = (yhat(s), y(s)), r + Delta(tau_i) = sum_j L_ij z_j, whose covariance Cz is known in
    /// closed form, so the source part is S = L Cz L^T; Psi's own noise has covariance
    /// sB2 C_pi, so C_pi solves the Volterra-Stein equation C = S + sB2 W C W^T (W the
    /// cumulative trapezoid integral), iterated to convergence (its terms fall like
    /// (sB2 T^2)^n / (n!)^2). O(grid^3).
    func noiseVariance(sA2: Double, sB2: Double, c: Double) -> Double {
        let n = grid, n1 = grid + 1, h = tFinal / Double(grid), T = tFinal
        let s = (0...n).map { Double($0) * h }
        let weight = (0...n).map { $0 == 0 || $0 == n ? h / 2 : h }
        let PA = BesselSeries.phi(sA2 * T * T), PB = BesselSeries.phi(sB2 * T * T), Pc = BesselSeries.phi(c * T * T)
        let alpha = 1 / PA.squareRoot()
        let beta = Pc / (PA * PB).squareRoot() / PB.squareRoot()

        // Cz over z = (yhat(s_0..s_n), y(s_0..s_n)).
        let m2 = 2 * n1
        var Cz = [Double](repeating: 0, count: m2 * m2)
        for i in 0..<n1 {
            for j in 0..<n1 {
                let ss = s[i] * s[j]
                let bb = BesselSeries.phi(sB2 * ss), ab = BesselSeries.phi(c * ss), aa = BesselSeries.phi(sA2 * ss)
                Cz[i * m2 + j] = bb
                Cz[i * m2 + n1 + j] = ab
                Cz[(n1 + i) * m2 + j] = ab
                Cz[(n1 + i) * m2 + n1 + j] = aa
            }
        }
        // L: the terminal r = alpha y(T) - beta yhat(T) and the reaction terms
        // Int ds [sB2 R_pi,yhat(tau, s) yhat(s) + c R_pi,y(tau, s) y(s)] integrated once in tau.
        var L = [Double](repeating: 0, count: n1 * m2)
        for i in 0..<n1 {
            let tau = s[i]
            for j in 0..<n1 {
                let v = T - s[j]
                L[i * m2 + j] = -beta * sB2 * tau * BesselSeries.phiPrime(sB2 * v * tau) * weight[j]
                L[i * m2 + n1 + j] = alpha * c * tau * BesselSeries.phiPrime(c * v * tau) * weight[j]
            }
            L[i * m2 + n] -= beta
            L[i * m2 + n1 + n] += alpha
        }
        var LCz = [Double](repeating: 0, count: n1 * m2)
        BLAS.gemm(m: n1, n: m2, k: m2, alpha: 1, a: L, b: Cz, beta: 0, c: &LCz)
        var S = [Double](repeating: 0, count: n1 * n1)
        BLAS.gemm(transposeB: true, m: n1, n: n1, k: m2, alpha: 1, a: LCz, b: L, beta: 0, c: &S)

        // W: row i integrates over [0, tau_i] by the trapezoid rule.
        var W = [Double](repeating: 0, count: n1 * n1)
        for i in 1..<n1 {
            for j in 0...i { W[i * n1 + j] = j == 0 || j == i ? h / 2 : h }
        }
        var C = S, WC = S, next = S
        for _ in 0..<500 {
            BLAS.gemm(m: n1, n: n1, k: n1, alpha: 1, a: W, b: C, beta: 0, c: &WC)
            next = S
            BLAS.gemm(transposeB: true, m: n1, n: n1, k: n1, alpha: sB2, a: WC, b: W, beta: 1, c: &next)
            var change = 0.0, size = 0.0
            for a in 0..<(n1 * n1) {
                change = max(change, abs(next[a] - C[a]))
                size = max(size, abs(next[a]))
            }
            swap(&C, &next)
            if change <= 1e-15 * size { break }
        }
        // Back to forward time, t = T - tau, against <yhat(t) yhat(t')> = Cz's first block.
        var total = 0.0
        for i in 0..<n1 {
            for j in 0..<n1 {
                total += weight[i] * weight[j] * C[(n - i) * n1 + (n - j)] * Cz[i * m2 + j]
            }
        }
        return gK * gK * total / PB
    }
}
