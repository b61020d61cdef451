import LinearAlgebra

/// The single-site process of seed 002, eq. (10), for one layer and one chunk of samples,
/// on the discrete grid (a = k P + mu):
///
///     h(t_k) = u(t_k) + sum_{j<k} E(t_k, t_j) g(t_j),      g = phi'(h) z,
///     z(t_k) = r(t_k) + sum_{j<=k} F(t_k, t_j) phi(h(t_j)),
///
/// (E, F from `KernelDMFTOperators`) solved forward in k for all samples of the chunk at
/// once (one BLAS product per time step), together with forward-mode tangents of the same
/// recursion:
///
///     dh = du + E dg,   d phi(h) = phi'(h) dh,   dz = dr + F d phi(h),   dg = phi''(h) z dh + phi'(h) dz.
///
/// Sample n draws u = F_u eps, r = F_r eps' (F F^T the kernel) and random +-1 directions
/// from its own counter-based streams, so a chunk's sums depend only on its sample indices.
enum KernelSingleSiteChunk {
    /// Sums over the chunk's samples (not yet divided by the sample count).
    struct Result {
        var phi: [Double]
        var g: [Double]
        var ra: [Double]
        var rb: [Double]
        var rho: [Double]
    }

    struct Plan {
        let layer: Int
        let P: Int
        let timePoints: Int
        let n: Int
        /// eRows[k]: rows kP..<(k+1)P of E, columns 0..<kP (contiguous).
        let eRows: [[Double]]
        /// fRows[k]: rows kP..<(k+1)P of F, columns 0..<(k+1)P.
        let fRows: [[Double]]
        let uFactor: [Double]
        let uRank: Int
        let rFactor: [Double]
        let rRank: Int
        let activation: KernelActivation
        let seed: UInt64
        /// The theory replica whose streams the samples come from (0 without replicas).
        let replica: Int
        let wantsRA: Bool
        let wantsRB: Bool
        let wantsRho: Bool

        init(layer: Int, L: Int, P: Int, timePoints: Int, ops: KernelDMFTOperators,
             uFactor: (matrix: [Double], rank: Int), rFactor: (matrix: [Double], rank: Int),
             activation: KernelActivation, seed: UInt64, replica: Int, wantsRA: Bool, wantsRB: Bool,
             wantsRho: Bool) {
            self.layer = layer
            self.P = P
            self.timePoints = timePoints
            let n = P * timePoints
            self.n = n
            eRows = (0..<timePoints).map { k in
                var rows = [Double](repeating: 0, count: P * k * P)
                for i in 0..<P { for b in 0..<(k * P) { rows[i * k * P + b] = ops.e[(k * P + i) * n + b] } }
                return rows
            }
            fRows = (0..<timePoints).map { k in
                let w = (k + 1) * P
                var rows = [Double](repeating: 0, count: P * w)
                for i in 0..<P { for b in 0..<w { rows[i * w + b] = ops.f[(k * P + i) * n + b] } }
                return rows
            }
            self.uFactor = uFactor.matrix
            uRank = uFactor.rank
            self.rFactor = rFactor.matrix
            rRank = rFactor.rank
            self.activation = activation
            self.seed = seed
            self.replica = replica
            self.wantsRA = wantsRA
            self.wantsRB = wantsRB
            self.wantsRho = wantsRho
        }

        /// Gaussian u = F_u eps (substream 0) and r = F_r eps' (substream 1), n x C.
        func sources(_ samples: Range<Int>) -> (u: [Double], r: [Double]) {
            let C = samples.count
            func draw(_ factor: [Double], _ rank: Int, _ sub: Int) -> [Double] {
                var out = [Double](repeating: 0, count: n * C)
                guard rank > 0 else { return out }
                let eps = KernelSingleSiteChunk.gaussians(seed: seed, replica: replica, layer: layer, substream: sub,
                                                          samples: samples, count: rank)
                out.kdmftWithOutput { o in
                    BLAS.gemm(m: n, n: C, k: rank, alpha: 1, a: factor, b: eps, beta: 0, c: o)
                }
                return out
            }
            return (draw(uFactor, uRank, 0), draw(rFactor, rRank, 1))
        }

        /// Random +-1 directions (n x C) from substream `sub`.
        func signs(_ samples: Range<Int>, _ sub: Int) -> [Double] {
            KernelSingleSiteChunk.signs(seed: seed, replica: replica, layer: layer, substream: sub, samples: samples,
                                        count: n)
        }

        func run(samples: Range<Int>) -> Result {
            let C = samples.count, n = self.n, P = self.P
            let (u, r) = sources(samples)
            var fields = Fields(n: n, C: C)
            let etaR = wantsRA ? signs(samples, 2) : []
            let etaU = wantsRB ? signs(samples, 3) : []
            let ones = wantsRho ? [Double](repeating: 1, count: n * C) : []
            var tangents = [Tangent]()
            if wantsRA { tangents.append(Tangent(n: n, C: C, du: nil, dr: etaR)) }
            if wantsRB { tangents.append(Tangent(n: n, C: C, du: etaU, dr: nil)) }
            if wantsRho { tangents.append(Tangent(n: n, C: C, du: nil, dr: ones)) }
            let act = activation
            for k in 0..<timePoints {
                let lo = k * P * C, hi = (k + 1) * P * C
                // h = u + E g
                Self.causal(eRows[k], rows: P, width: k * P, C: C, from: fields.g, into: &fields.h, at: lo)
                for i in lo..<hi {
                    fields.h[i] += u[i]
                    let h = fields.h[i]
                    fields.a[i] = act.value(h)
                    fields.d1[i] = act.derivative(h)
                    fields.d2[i] = act.secondDerivative(h)
                }
                // z = r + F phi(h), g = phi'(h) z
                Self.causal(fRows[k], rows: P, width: (k + 1) * P, C: C, from: fields.a, into: &fields.z, at: lo)
                for i in lo..<hi {
                    fields.z[i] += r[i]
                    fields.g[i] = fields.d1[i] * fields.z[i]
                }
                for t in tangents.indices {
                    // Move the tangent out (no copy of its buffers), update it, move it back.
                    var tg = Tangent.empty
                    swap(&tg, &tangents[t])
                    Self.causal(eRows[k], rows: P, width: k * P, C: C, from: tg.dg, into: &tg.dh, at: lo)
                    if let du = tg.du { for i in lo..<hi { tg.dh[i] += du[i] } }
                    for i in lo..<hi { tg.da[i] = fields.d1[i] * tg.dh[i] }
                    Self.causal(fRows[k], rows: P, width: (k + 1) * P, C: C, from: tg.da, into: &tg.dz, at: lo)
                    if let dr = tg.dr { for i in lo..<hi { tg.dz[i] += dr[i] } }
                    for i in lo..<hi {
                        tg.dg[i] = fields.d2[i] * fields.z[i] * tg.dh[i] + fields.d1[i] * tg.dz[i]
                    }
                    swap(&tg, &tangents[t])
                }
            }
            var result = Result(phi: Self.outer(fields.a, fields.a, n: n, C: C),
                                g: Self.outer(fields.g, fields.g, n: n, C: C), ra: [], rb: [], rho: [])
            var t = 0
            if wantsRA {
                result.ra = Self.outer(tangents[t].da, etaR, n: n, C: C)
                t += 1
            }
            if wantsRB {
                result.rb = Self.outer(tangents[t].dg, etaU, n: n, C: C)
                t += 1
            }
            if wantsRho {
                let da = tangents[t].da
                result.rho = (0..<n).map { a in
                    var s = 0.0
                    for j in 0..<C { s += da[a * C + j] }
                    return s
                }
            }
            return result
        }

        /// out[rows at offset] = M (rows x width) * x[0..<width rows] (x is n x C row-major).
        static func causal(_ m: [Double], rows: Int, width: Int, C: Int, from x: [Double], into out: inout [Double],
                           at offset: Int) {
            guard width > 0 else {
                for i in offset..<(offset + rows * C) { out[i] = 0 }
                return
            }
            out.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                BLAS.gemm(m: rows, n: C, k: width, alpha: 1, a: m, b: x, beta: 0, c: base + offset)
            }
        }

        /// sum over the chunk of x_n y_n^T: n x n.
        static func outer(_ x: [Double], _ y: [Double], n: Int, C: Int) -> [Double] {
            var out = [Double](repeating: 0, count: n * n)
            out.kdmftWithOutput { o in
                BLAS.gemm(transposeB: true, m: n, n: n, k: C, alpha: 1, a: x, b: y, beta: 0, c: o)
            }
            return out
        }
    }

    /// eps (count x C, row i = draw i of every sample): standard Gaussians from the stream
    /// of (theory_seed, replica, sample, substream 4 (layer - 1) + substream).
    static func gaussians(seed: UInt64, replica: Int, layer: Int, substream: Int, samples: Range<Int>, count: Int)
        -> [Double] {
        let C = samples.count
        var eps = [Double](repeating: 0, count: count * C)
        for (j, s) in samples.enumerated() {
            var stream = RandomStream(key: .theorySample(seed: seed, sample: s, substream: 4 * (layer - 1) + substream,
                                                         replica: replica))
            for i in 0..<count { eps[i * C + j] = stream.nextGaussian() }
        }
        return eps
    }

    /// Random +-1 directions (count x C) from the same streams, 64 signs per draw.
    static func signs(seed: UInt64, replica: Int, layer: Int, substream: Int, samples: Range<Int>, count: Int)
        -> [Double] {
        let C = samples.count
        var out = [Double](repeating: 0, count: count * C)
        for (j, s) in samples.enumerated() {
            var stream = RandomStream(key: .theorySample(seed: seed, sample: s, substream: 4 * (layer - 1) + substream,
                                                         replica: replica))
            var bits: UInt64 = 0
            for i in 0..<count {
                if i % 64 == 0 { bits = stream.nextUInt64() }
                out[i * C + j] = (bits >> UInt64(i % 64)) & 1 == 0 ? 1 : -1
            }
        }
        return out
    }

    /// Primal fields of a chunk (n x C each) and phi', phi'' at h.
    struct Fields {
        var h, a, z, g, d1, d2: [Double]
        init(n: Int, C: Int) {
            h = [Double](repeating: 0, count: n * C)
            a = h
            z = h
            g = h
            d1 = h
            d2 = h
        }
    }

    /// A forward-mode tangent with source du (in u) or dr (in r).
    struct Tangent {
        var dh, da, dz, dg: [Double]
        let du: [Double]?
        let dr: [Double]?
        static let empty = Tangent(n: 0, C: 0, du: nil, dr: nil)
        init(n: Int, C: Int, du: [Double]?, dr: [Double]?) {
            dh = [Double](repeating: 0, count: n * C)
            da = dh
            dz = dh
            dg = dh
            self.du = du
            self.dr = dr
        }
    }
}
