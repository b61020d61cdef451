import LinearAlgebra

/// One width-N network of seed 002, eq. (1), in NTK parameterization with the output
/// scaled by 1/gamma, gamma = gamma0 sqrt N:
///
///     h^1 = W^0 x / sqrt D,   h^{l+1} = W^l phi(h^l) / sqrt N,   f = w^L . phi(h^L) / (gamma0 N),
///
/// all weights N(0, 1) at t = 0, trained on the P points by gradient flow
/// d theta / dt = -gamma^2 grad L with L = (1/2) sum_mu (f_mu - y_mu)^2, discretized with
/// Euler steps of dt. With Delta = y - f and the backward fields g^L = phi'(h^L) w^L,
/// z^l = W^l^T g^{l+1} / sqrt N, g^l = phi'(h^l) z^l, one step is
///
///     W^l += dt gamma0 / sqrt N  sum_mu Delta_mu g^{l+1}_mu phi(h^l_mu)^T   (l = 1...L-1),
///     W^0 += dt gamma0 / sqrt D  sum_mu Delta_mu g^1_mu x_mu^T,
///     w^L += dt gamma0 sum_mu Delta_mu phi(h^L_mu).
///
/// The kernels are Phi^l = phi(h^l) . phi(h^l) / N and G^l = g^l . g^l / N (eq. (2)).
public struct KernelDMFTSimulation {
    let setup: KernelDMFTSetup
    let data: KernelDMFTData
    let N: Int
    /// W^0, N x D row-major.
    var w0: [Double]
    /// W^1 ... W^{L-1}, N x N row-major.
    var hidden: [[Double]]
    /// w^L.
    var readout: [Double]
    /// x as D x P (column mu is x_mu).
    let xColumns: [Double]
    /// Forward and backward fields per layer, N x P row-major.
    var h: [[Double]]
    var a: [[Double]]
    var g: [[Double]]
    var a0: [[Double]] = []
    var g0: [[Double]] = []
    var f: [Double]

    /// Draws the initial weights from `weights` (W^0, then W^1 ... W^{L-1}, then w^L).
    public init(setup: KernelDMFTSetup, data: KernelDMFTData, weights: inout RandomStream) {
        self.setup = setup
        self.data = data
        N = setup.N
        let L = setup.L, P = setup.P, D = setup.D
        let n = setup.N
        w0 = weights.gaussians(n * D)
        var layers = [[Double]]()
        for _ in 0..<max(L - 1, 0) { layers.append(weights.gaussians(n * n)) }
        hidden = layers
        readout = weights.gaussians(N)
        var xc = [Double](repeating: 0, count: D * P)
        for m in 0..<P { for i in 0..<D { xc[i * P + m] = data.x[m * D + i] } }
        xColumns = xc
        let zero = [Double](repeating: 0, count: N * P)
        h = Array(repeating: zero, count: L)
        a = h
        g = h
        f = [Double](repeating: 0, count: P)
        forward()
        backward()
        a0 = a
        g0 = g
    }

    /// Delta_mu = y_mu - f_mu at the current weights.
    public var delta: [Double] { (0..<setup.P).map { data.y[$0] - f[$0] } }

    /// h^l, phi(h^l) and f for all P points.
    mutating func forward() {
        let L = setup.L, P = setup.P, D = setup.D, phi = setup.phi
        let n = N
        let w0 = self.w0, xColumns = self.xColumns
        h[0].kdmftWithOutput { out in
            BLAS.gemm(m: n, n: P, k: D, alpha: 1 / Double(D).squareRoot(), a: w0, b: xColumns, beta: 0,
                      c: out)
        }
        for l in 0..<L {
            if l > 0 {
                let prev = a[l - 1], weights = hidden[l - 1]
                h[l].kdmftWithOutput { out in
                    BLAS.gemm(m: n, n: P, k: n, alpha: 1 / Double(n).squareRoot(), a: weights, b: prev,
                              beta: 0, c: out)
                }
            }
            for i in 0..<(n * P) { a[l][i] = phi.value(h[l][i]) }
        }
        let top = a[L - 1], readout = self.readout, scale = 1 / (setup.gamma0 * Double(n))
        f.kdmftWithOutput { out in
            BLAS.gemvTransposed(rows: n, cols: P, alpha: scale, a: top, x: readout,
                                beta: 0, y: out)
        }
    }

    /// g^l = phi'(h^l) z^l, from g^L = phi'(h^L) w^L down.
    mutating func backward() {
        let L = setup.L, P = setup.P, phi = setup.phi
        let n = N
        for i in 0..<n { for m in 0..<P { g[L - 1][i * P + m] = phi.derivative(h[L - 1][i * P + m]) * readout[i] } }
        var l = L - 2
        while l >= 0 {
            let upper = g[l + 1], weights = hidden[l]
            g[l].kdmftWithOutput { out in
                BLAS.gemm(transposeA: true, m: n, n: P, k: n, alpha: 1 / Double(n).squareRoot(), a: weights,
                          b: upper, beta: 0, c: out)
            }
            for i in 0..<(n * P) { g[l][i] *= phi.derivative(h[l][i]) }
            l -= 1
        }
    }

    /// One Euler step of gradient flow (all updates from the same weights), then the new
    /// forward and backward fields.
    public mutating func step() {
        let L = setup.L, P = setup.P, D = setup.D, n = N
        let delta = self.delta
        let c = setup.dt * setup.gamma0
        // g^{l+1} scaled by Delta per column.
        var scaled = g
        for l in 0..<L { for i in 0..<n { for m in 0..<P { scaled[l][i * P + m] *= delta[m] } } }
        let xColumns = self.xColumns
        w0.kdmftWithOutput { out in
            BLAS.gemm(transposeB: true, m: n, n: D, k: P, alpha: c / Double(D).squareRoot(), a: scaled[0],
                      b: xColumns, beta: 1, c: out)
        }
        for l in 0..<max(L - 1, 0) {
            let grads = scaled[l + 1], acts = a[l]
            hidden[l].kdmftWithOutput { out in
                BLAS.gemm(transposeB: true, m: n, n: n, k: P, alpha: c / Double(n).squareRoot(), a: grads,
                          b: acts, beta: 1, c: out)
            }
        }
        let top = a[L - 1]
        readout.kdmftWithOutput { out in
            BLAS.gemv(rows: n, cols: P, alpha: c, a: top, x: delta, beta: 1, y: out)
        }
        forward()
        backward()
    }

    /// u^T v / N over the N units for every pair of points: a P x P kernel.
    func kernel(_ u: [Double], _ v: [Double]) -> [Double] {
        let P = setup.P
        var out = [Double](repeating: 0, count: P * P)
        out.kdmftWithOutput { o in
            BLAS.gemm(transposeA: true, m: P, n: P, k: N, alpha: 1 / Double(N), a: u, b: v, beta: 0,
                      c: o)
        }
        return out
    }

    func trace(_ u: [Double], _ v: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += u[i] * v[i] }
        return s / Double(N)
    }

    /// The current Phi^l(t, t), l = 1...L.
    public var phiKernels: [[Double]] { a.map { kernel($0, $0) } }
    /// The current G^l(t, t), l = 1...L.
    public var gKernels: [[Double]] { g.map { kernel($0, $0) } }

    /// Writes record `index` of `record`.
    func write(to record: inout KernelDMFTRecord, index: Int) {
        let L = setup.L
        record.write(index: index, delta: delta, phi: phiKernels, g: gKernels,
                     phiTrace0: (0..<L).map { trace(a[$0], a0[$0]) },
                     gTrace0: (0..<L).map { trace(g[$0], g0[$0]) })
        record.writeDensity(index: index, layers: h.map { values in
            var counts = [Double](repeating: 0, count: KernelPreactivationBins.count)
            values.withUnsafeBufferPointer { KernelPreactivationBins.add($0, to: &counts) }
            return KernelPreactivationBins.density(counts[...], total: Double(values.count))
        })
    }

    /// Runs to the last of `times` (snapped to steps of dt) and records at each of them;
    /// stops (leaving NaN) if the loss stops being finite.
    public mutating func run(times: [Double], control: RunControl) throws -> (KernelDMFTRecord, Bool) {
        var record = KernelDMFTRecord(count: times.count, L: setup.L, P: setup.P)
        let targets = times.map { min(max(Int(($0 / setup.dt).rounded()), 0), setup.steps) }
        var current = 0
        // Poll about every 2 ms: a step costs about 6 N^2 P (L - 1) + 6 N D P flops.
        let flopsPerStep = 6.0 * Double(N * setup.P) * Double(N * max(setup.L - 1, 0) + setup.D)
        let stepsPerPoll = max(1, Int(2e6 / max(flopsPerStep, 1)))
        for (index, target) in targets.enumerated() {
            while current < target {
                step()
                current += 1
                if current % stepsPerPoll == 0 { try control.poll() }
            }
            write(to: &record, index: index)
            if !record.loss[index].isFinite { return (record, true) }
        }
        return (record, false)
    }
}
