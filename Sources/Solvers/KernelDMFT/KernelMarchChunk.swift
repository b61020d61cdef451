/// One chunk of single-site samples of one layer, advanced one time step at a time by the
/// time-marching Monte Carlo (`KernelMonteCarloMarch`): the recursion of
/// `KernelSingleSiteChunk` (seed 002, eq. (10), with its forward-mode tangents), split at
/// each time t_k into the part that needs only the kernels below (h, phi(h), and the
/// tangents dh, d phi(h)) and the part that needs the kernels above (z, g, dz, dg).
///
/// Fields are n x C row-major (row a = k P + mu, column = sample of the chunk); rows of
/// times > k are still zero. The Gaussian draws and the +-1 directions are those of
/// `KernelSingleSiteChunk` (same streams, same order), so the chunk's sums equal those of
/// one alternating iteration with the causal factors at the marched kernels.
struct KernelMarchChunk {
    let P: Int
    let n: Int
    let C: Int
    let epsU: [Double]
    let epsR: [Double]
    /// phi(h) and g = phi'(h) z.
    var a: [Double]
    var g: [Double]
    /// phi'(h), phi''(h) at the current time (P x C).
    var d1: [Double]
    var d2: [Double]
    /// Counts of h(t_k) on `KernelPreactivationBins` at the current time.
    var hCounts: [Double]
    var tangents: [Tangent]

    /// A tangent of the recursion with source `du` (a direction in u), `dr` (in r), or
    /// the constant direction 1 in r (`rOnes`, for the readout rho).
    struct Tangent {
        enum Source { case u, r, rOnes }
        let source: Source
        /// The +-1 direction eta (n x C), empty for `rOnes`.
        let eta: [Double]
        var da: [Double]
        var dg: [Double]
        /// dh at the current time (P x C).
        var dh: [Double]
    }

    /// The chunk's draws for `samples` of `layer`, with tangents for the responses wanted
    /// (ra: d phi(h)/d r; rb: d g/d u; rho: d phi(h)/d r along 1).
    init(samples: Range<Int>, layer: Int, P: Int, n: Int, seed: UInt64, replica: Int, wantsRA: Bool, wantsRB: Bool,
         wantsRho: Bool) {
        self.P = P
        self.n = n
        C = samples.count
        epsU = KernelSingleSiteChunk.gaussians(seed: seed, replica: replica, layer: layer, substream: 0, samples: samples, count: n)
        epsR = KernelSingleSiteChunk.gaussians(seed: seed, replica: replica, layer: layer, substream: 1, samples: samples, count: n)
        let field = [Double](repeating: 0, count: n * C), now = [Double](repeating: 0, count: P * C)
        a = field
        g = field
        d1 = now
        d2 = now
        hCounts = [Double](repeating: 0, count: KernelPreactivationBins.count)
        tangents = []
        if wantsRA {
            let eta = KernelSingleSiteChunk.signs(seed: seed, replica: replica, layer: layer, substream: 2, samples: samples, count: n)
            tangents.append(Tangent(source: .r, eta: eta, da: field, dg: field, dh: now))
        }
        if wantsRB {
            let eta = KernelSingleSiteChunk.signs(seed: seed, replica: replica, layer: layer, substream: 3, samples: samples, count: n)
            tangents.append(Tangent(source: .u, eta: eta, da: field, dg: field, dh: now))
        }
        if wantsRho { tangents.append(Tangent(source: .rOnes, eta: [], da: field, dg: field, dh: now)) }
    }

    /// h(t_k) = u(t_k) + E_k g(t_<k), u(t_k) = (F_u eps)(t_k); phi(h), phi', phi''; the
    /// tangents' dh and d phi(h). `eRow` is E's time-k row block (P x kP, contiguous).
    mutating func advanceFields(step k: Int, uFactor: [Double], eRow: [Double], activation: KernelActivation) {
        let r0 = k * P, width = r0 + P, off = r0 * C, count = P * C
        var h = [Double](repeating: 0, count: count)
        KernelBlock.strided(m: P, n: C, k: width, uFactor, offset: r0 * n, lda: n, epsU, offset: 0, ldb: C,
                            into: &h, offset: 0, ldc: C)
        KernelBlock.strided(m: P, n: C, k: r0, eRow, offset: 0, lda: max(r0, 1), g, offset: 0, ldb: C, beta: 1,
                            into: &h, offset: 0, ldc: C)
        for i in 0..<count {
            a[off + i] = activation.value(h[i])
            d1[i] = activation.derivative(h[i])
            d2[i] = activation.secondDerivative(h[i])
        }
        hCounts = [Double](repeating: 0, count: KernelPreactivationBins.count)
        h.withUnsafeBufferPointer { KernelPreactivationBins.add($0, to: &hCounts) }
        for t in tangents.indices {
            var dh = [Double](repeating: 0, count: count)
            KernelBlock.strided(m: P, n: C, k: r0, eRow, offset: 0, lda: max(r0, 1), tangents[t].dg, offset: 0,
                                ldb: C, into: &dh, offset: 0, ldc: C)
            if tangents[t].source == .u { for i in 0..<count { dh[i] += tangents[t].eta[off + i] } }
            for i in 0..<count { tangents[t].da[off + i] = d1[i] * dh[i] }
            tangents[t].dh = dh
        }
    }

    /// z(t_k) = r(t_k) + F_k phi(h(t_<=k)), r(t_k) = (F_r eps')(t_k); g = phi'(h) z; the
    /// tangents' dz and dg = phi''(h) z dh + phi'(h) dz. `fRow` is F's time-k row block
    /// (P x (k+1)P, contiguous).
    mutating func advanceGradients(step k: Int, rFactor: [Double], fRow: [Double]) {
        let r0 = k * P, width = r0 + P, off = r0 * C, count = P * C
        var z = [Double](repeating: 0, count: count)
        KernelBlock.strided(m: P, n: C, k: width, rFactor, offset: r0 * n, lda: n, epsR, offset: 0, ldb: C,
                            into: &z, offset: 0, ldc: C)
        KernelBlock.strided(m: P, n: C, k: width, fRow, offset: 0, lda: width, a, offset: 0, ldb: C, beta: 1,
                            into: &z, offset: 0, ldc: C)
        for i in 0..<count { g[off + i] = d1[i] * z[i] }
        for t in tangents.indices {
            var dz = [Double](repeating: 0, count: count)
            KernelBlock.strided(m: P, n: C, k: width, fRow, offset: 0, lda: width, tangents[t].da, offset: 0, ldb: C,
                                into: &dz, offset: 0, ldc: C)
            switch tangents[t].source {
            case .r: for i in 0..<count { dz[i] += tangents[t].eta[off + i] }
            case .rOnes: for i in 0..<count { dz[i] += 1 }
            case .u: break
            }
            for i in 0..<count {
                tangents[t].dg[off + i] = d2[i] * z[i] * tangents[t].dh[i] + d1[i] * dz[i]
            }
        }
    }

    /// Sum over the chunk of x(t_k) y(t_<width)^T: P x width, appended to `out`.
    func outerRow(_ x: [Double], _ y: [Double], step k: Int, width: Int, into out: inout [Double]) {
        guard width > 0 else { return }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: P * width))
        KernelBlock.strided(transposeB: true, m: P, n: width, k: C, x, offset: k * P * C, lda: C, y, offset: 0,
                            ldb: C, into: &out, offset: start, ldc: width)
    }

    /// The chunk's sums for the time-k rows after `advanceFields`: Phi^l row (P x (k+1)P),
    /// then ra^l row (P x kP) if wanted, then the readout's P sums if wanted, then the
    /// counts of h(t_k) on `KernelPreactivationBins`.
    func fieldSums(step k: Int) -> [Double] {
        var out = [Double]()
        outerRow(a, a, step: k, width: (k + 1) * P, into: &out)
        for t in tangents {
            switch t.source {
            case .r: outerRow(t.da, t.eta, step: k, width: k * P, into: &out)
            case .rOnes:
                for i in 0..<P {
                    var s = 0.0
                    for j in 0..<C { s += t.da[(k * P + i) * C + j] }
                    out.append(s)
                }
            case .u: break
            }
        }
        out.append(contentsOf: hCounts)
        return out
    }

    /// The chunk's sums for the time-k rows after `advanceGradients`: G^l row
    /// (P x (k+1)P), then rb^{l-1} row (P x (k+1)P) if wanted.
    func gradientSums(step k: Int) -> [Double] {
        var out = [Double]()
        outerRow(g, g, step: k, width: (k + 1) * P, into: &out)
        for t in tangents where t.source == .u { outerRow(t.dg, t.eta, step: k, width: (k + 1) * P, into: &out) }
        return out
    }
}
