/// Seed 002's Monte Carlo DMFT for a nonlinear phi (section 4), solved by marching forward
/// in time instead of by the damped alternating iteration.
///
/// The single-site equations (10) are causal: h^l(t_k) needs u^l up to t_k, g^l before t_k
/// and the kernels' time-k rows below (Phi^{l-1}, A^{l-1}); z^l(t_k) needs r^l up to t_k,
/// phi(h^l) up to t_k and the time-k rows above (G^{l+1}, B^l, including its equal-time
/// part). With u = F_u eps and r = F_r eps' drawn through causal factors
/// (`KernelCausalFactor`), every time row of Phi, G, A, B and Delta is therefore fixed by
/// the earlier rows, and one pass solves the equations:
///
///     for k = 0...T/dt:
///       for l = 1...L:  h^l(t_k), phi(h^l(t_k)) for all samples; reduce Phi^l, A^l rows k (and rho at l = L)
///                       and the histogram of h^l(t_k) (Fig. 1(b)-(c))
///       Delta(t_k) (readout rule; `KernelDMFTPrediction`)
///       for l = L...1:  z^l(t_k), g^l(t_k) for all samples; reduce G^l, B^{l-1} rows k
///       Delta(t_k) (trapezoid rule) or Delta(t_{k+1}) (ntk rule): need the time-k rows of every kernel
///
/// With the same samples this is the fixed point of the alternating iteration with causal
/// sampling (`KernelMonteCarloDMFT`, `.causal`), found without damping, at any gamma0 and T
/// where the solution exists (the damped iteration stops converging at moderate T and
/// depth). Each row reduction sums fixed chunks of samples on a `FixedPointSum` grid with
/// one `reduction.sum`, so the result is bit-identical on any number of participants; there
/// are 2 L reductions per time step. Memory: about 10 fields of n x S per layer (n = P T).
struct KernelMonteCarloMarch {
    let setup: KernelDMFTSetup
    let kx: [Double]
    let prediction: KernelDMFTPrediction
    let responses: Bool
    /// The theory replica (`theory.replicas`) whose streams are drawn; 0 without replicas.
    var replica = 0

    func solve(shape initial: KernelDMFTState, reduction: SampleReduction, control: RunControl) throws
        -> KernelDMFTState {
        let L = setup.L, P = initial.P, n = initial.n, S = setup.samples, C = KernelMonteCarloDMFT.chunkSize
        let chunkCount = (S + C - 1) / C, c = setup.gamma0 * setup.dt, inv = 1 / Double(S)
        var st = initial.cleared()
        let bins = KernelPreactivationBins.count
        st.hDensity = [Double](repeating: 0, count: initial.timePoints * L * bins)
        let kxGrid = initial.phiBelow(1, kx: kx), ones = [Double](repeating: 1, count: n * n)
        let mine = reduction.share(of: chunkCount).map { ($0 * C)..<min(($0 + 1) * C, S) }
        var chunks: [[KernelMarchChunk]] = (1...L).map { l in
            mine.map {
                KernelMarchChunk(samples: $0, layer: l, P: P, n: n, seed: UInt64(setup.theorySeed), replica: replica,
                                 wantsRA: responses && l < L, wantsRB: responses && l >= 2,
                                 wantsRho: l == L && prediction.needsRho)
            }
        }
        var uFactors = [KernelCausalFactor](repeating: KernelCausalFactor(n: n), count: L)
        var rFactors = uFactors
        var rows = KernelRowReduction(terms: chunkCount, samples: S, reduction: reduction)
        for k in 0..<initial.timePoints {
            let r0 = k * P, width = r0 + P
            for l in 1...L {
                try control.poll()
                let i = l - 1
                let below = l == 1 ? kxGrid : st.phi[l - 2]
                uFactors[i].extend(with: below, through: width)
                var eRow = [Double](repeating: 0, count: P * r0)
                let useRA = responses && l >= 2
                for p in 0..<P {
                    let a = (r0 + p) * n
                    for b in 0..<r0 {
                        eRow[p * r0 + b] = c * st.delta[b] * below[a + b] + (useRA ? st.ra[l - 2][a + b] : 0)
                    }
                }
                var sums = [[Double]]()
                for j in chunks[i].indices {
                    chunks[i][j].advanceFields(step: k, uFactor: uFactors[i].lower, eRow: eRow,
                                               activation: setup.phi)
                    sums.append(chunks[i][j].fieldSums(step: k))
                }
                let wantsRA = responses && l < L
                let totals = try rows.reduce(sums, segments: [
                    .init(name: "phi\(l)", count: P * width),
                    .init(name: "ra\(l)", count: wantsRA ? P * r0 : 0),
                    .init(name: "rho", count: l == L && prediction.needsRho ? P : 0),
                    .init(name: "h\(l)", count: bins),
                ])
                KernelRowReduction.store(totals[0], scale: inv, into: &st.phi[i], rows: r0..<width, width: width, n: n)
                KernelBlock.mirror(&st.phi[i], rows: r0..<width, n: n)
                if wantsRA {
                    KernelRowReduction.store(totals[1], scale: inv, into: &st.ra[i], rows: r0..<width, width: r0, n: n)
                }
                if l == L && prediction.needsRho { for p in 0..<P { st.rho[r0 + p] = totals[2][p] * inv / setup.gamma0 } }
                let density = KernelPreactivationBins.density(totals[3][...], total: Double(S * P))
                for b in 0..<bins { st.hDensity[(k * L + i) * bins + b] = density[b] }
            }
            prediction.afterFields(&st.delta, step: k, rho: st.rho, phiTop: st.phi[L - 1])
            for l in stride(from: L, through: 1, by: -1) {
                try control.poll()
                let i = l - 1
                let above = l < L ? st.g[l] : ones
                rFactors[i].extend(with: above, through: width)
                var fRow = [Double](repeating: 0, count: P * width)
                let useRB = responses && l < L
                for p in 0..<P {
                    let a = (r0 + p) * n
                    for b in 0..<width {
                        fRow[p * width + b] = (useRB ? st.rb[l - 1][a + b] : 0)
                            + (b < r0 ? c * st.delta[b] * above[a + b] : 0)
                    }
                }
                var sums = [[Double]]()
                for j in chunks[i].indices {
                    chunks[i][j].advanceGradients(step: k, rFactor: rFactors[i].lower, fRow: fRow)
                    sums.append(chunks[i][j].gradientSums(step: k))
                }
                let wantsRB = responses && l >= 2
                let totals = try rows.reduce(sums, segments: [
                    .init(name: "g\(l)", count: P * width),
                    .init(name: "rb\(l)", count: wantsRB ? P * width : 0),
                ])
                KernelRowReduction.store(totals[0], scale: inv, into: &st.g[i], rows: r0..<width, width: width, n: n)
                KernelBlock.mirror(&st.g[i], rows: r0..<width, n: n)
                if wantsRB {
                    KernelRowReduction.store(totals[1], scale: inv, into: &st.rb[l - 2], rows: r0..<width,
                                             width: width, n: n)
                }
            }
            prediction.afterGradients(&st.delta, step: k, phi: st.phi, g: st.g, timePoints: initial.timePoints)
            guard st.delta[r0..<min(width + P, n)].allSatisfy({ $0.isFinite }) else {
                throw ModelError("kernel_dmft: the Monte Carlo DMFT diverged at t = \(Double(k) * setup.dt) "
                    + "(Delta is not finite); reduce model.gamma0, model.T or model.dt")
            }
        }
        return st
    }
}
