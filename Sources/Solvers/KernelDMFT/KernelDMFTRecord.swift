/// The recorded observables of `kernel_dmft`, shared by the width-N simulation and the
/// DMFT so both are written in the same layout (time outermost, then layer, then samples):
/// loss, |Delta|, the sample-traced kernels sum_mu Phi^l_{mu mu}(t, t) and (t, 0), the
/// same for G^l, and the P x P kernels Phi^l(t, t), G^l(t, t) (seed 002, eq. (2)).
public struct KernelDMFTRecord: Sendable {
    public let L: Int
    public let P: Int
    public let count: Int
    public var loss: [Double]
    public var deltaNorm: [Double]
    public var phiTrace: [Double]
    public var phiTrace0: [Double]
    public var gTrace: [Double]
    public var gTrace0: [Double]
    public var phiKernel: [Double]
    public var gKernel: [Double]
    /// Density of h^l on `KernelPreactivationBins` [record, layer, bin].
    public var hDensity: [Double]

    /// `count` records, all NaN until written.
    public init(count: Int, L: Int, P: Int) {
        self.L = L
        self.P = P
        self.count = count
        loss = [Double](repeating: .nan, count: count)
        deltaNorm = loss
        phiTrace = [Double](repeating: .nan, count: count * L)
        phiTrace0 = phiTrace
        gTrace = phiTrace
        gTrace0 = phiTrace
        phiKernel = [Double](repeating: .nan, count: count * L * P * P)
        gKernel = phiKernel
        hDensity = [Double](repeating: .nan, count: count * L * KernelPreactivationBins.count)
    }

    /// Writes the preactivation densities of record `index` (one array of bins per layer).
    public mutating func writeDensity(index: Int, layers: [[Double]]) {
        let bins = KernelPreactivationBins.count
        for (l, density) in layers.enumerated() where l < L {
            for b in 0..<bins { hDensity[(index * L + l) * bins + b] = density[b] }
        }
    }

    /// Writes record `index`: the error vector Delta(t), the equal-time kernels
    /// Phi^l(t, t), G^l(t, t) (l = 1...L, each P x P row-major) and the traces
    /// sum_mu Phi^l_{mu mu}(t, 0), sum_mu G^l_{mu mu}(t, 0).
    public mutating func write(index: Int, delta: [Double], phi: [[Double]], g: [[Double]],
                               phiTrace0: [Double], gTrace0: [Double]) {
        let d2 = delta.reduce(0) { $0 + $1 * $1 }
        loss[index] = 0.5 * d2
        deltaNorm[index] = d2.squareRoot()
        for l in 0..<L {
            var tp = 0.0, tg = 0.0
            for m in 0..<P {
                tp += phi[l][m * P + m]
                tg += g[l][m * P + m]
            }
            phiTrace[index * L + l] = tp
            gTrace[index * L + l] = tg
            self.phiTrace0[index * L + l] = phiTrace0[l]
            self.gTrace0[index * L + l] = gTrace0[l]
            let base = (index * L + l) * P * P
            for k in 0..<(P * P) {
                phiKernel[base + k] = phi[l][k]
                gKernel[base + k] = g[l][k]
            }
        }
    }

    /// The trajectories, named as `KernelDMFT.observables` declares them.
    public var trajectories: Trajectories {
        ["loss": loss, "delta_norm": deltaNorm, "phi_trace": phiTrace, "phi_trace0": phiTrace0, "g_trace": gTrace,
         "g_trace0": gTrace0, "phi_kernel": phiKernel, "g_kernel": gKernel, "h_density": hDensity]
    }
}
