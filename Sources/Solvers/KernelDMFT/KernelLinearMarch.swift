/// The deep linear DMFT of seed 002 (section 4.1, eq. (11)) solved exactly by marching
/// forward in time, without a fixed-point iteration.
///
/// Every operator of eq. (11) is causal on the grid (a = k P + mu): E^l is strictly lower
/// block-triangular in time, F^l lower, so M = (I - E F)^{-1} and M' = (I - F E)^{-1} are
/// unit lower block-triangular, and the time-k row block of
///
///     Phi^l = M [Phi^{l-1} + E G^{l+1} E^T] M^T,   G^l = M' [G^{l+1} + F Phi^{l-1} F^T] M'^T,
///     ra^l = M E,  rb^{l-1} = M' F,  rho = M^L E^L 1 / gamma0,  Delta from eq. (3)
///     (`KernelDMFTPrediction`: the readout rule gives Delta(t_k) after the bottom-up pass,
///     the kernel rules after the top-down pass),
///
/// depends only on row blocks <= k. At time k the layers go bottom-up for E, M, ra, Phi
/// (E^l's row k needs ra^{l-1} and Phi^{l-1} of the same row, and F only of earlier rows),
/// then top-down for F, M', rb, G (F^l's row k needs rb^l and G^{l+1} of the same row).
/// This is the unique solution of the equations `KernelLinearDMFT` iterates, in
/// O(L (P T)^3) operations, at any gamma0, depth and time at which it exists; the damped
/// iteration (seed 002 does not discuss its convergence) takes a minute at L = 5 where
/// this takes seconds, and can fail to converge.
enum KernelLinearMarch {
    static func solve(shape initial: KernelDMFTState, L: Int, kx: [Double], prediction: KernelDMFTPrediction,
                      gamma0: Double, dt: Double, responses: Bool, control: RunControl) throws -> KernelDMFTState {
        let P = initial.P, n = initial.n, c = gamma0 * dt
        var st = initial.cleared()
        let kxGrid = initial.phiBelow(1, kx: kx)
        let ones = [Double](repeating: 1, count: n * n)
        var e = st.phi, f = st.phi, m = st.phi, mz = st.phi, x = st.phi, z = st.phi
        var scratch = [Double](repeating: 0, count: P * n)
        var scratch2 = scratch
        for k in 0..<initial.timePoints {
            try control.poll()
            let r0 = k * P, w = r0 + P, rows = r0..<w
            let past = KernelBlock(rows: 0..<r0, cols: 0..<r0), upTo = KernelBlock(rows: 0..<w, cols: 0..<w)
            let rowPast = KernelBlock(rows: rows, cols: 0..<r0), rowUpTo = KernelBlock(rows: rows, cols: 0..<w)
            let tmpPast = KernelBlock(rows: 0..<P, cols: 0..<r0), tmpUpTo = KernelBlock(rows: 0..<P, cols: 0..<w)
            let strictCols = KernelBlock(rows: 0..<w, cols: 0..<r0)
            for l in 1...L {
                let i = l - 1
                let below = l == 1 ? kxGrid : st.phi[l - 2]
                let above = l < L ? st.g[l] : ones
                let useRA = responses && l >= 2
                for a in rows {
                    for b in 0..<r0 {
                        e[i][a * n + b] = c * st.delta[b] * below[a * n + b] + (useRA ? st.ra[l - 2][a * n + b] : 0)
                    }
                }
                // M row k = [ (E F)_k M_<k | I ].
                KernelBlock.multiply(e[i], rowPast, f[i], past, into: &scratch, tmpPast, n: n)
                KernelBlock.multiply(scratch, tmpPast, m[i], past, into: &scratch2, tmpPast, n: n)
                KernelBlock.copy(scratch2, tmpPast, into: &m[i], rowPast, n: n)
                for a in rows { m[i][a * n + a] = 1 }
                // ra^l row k = M_k E_{<=k}.
                KernelBlock.multiply(m[i], rowUpTo, e[i], strictCols, into: &st.ra[i], rowPast, n: n)
                // X = Phi^{l-1} + E G^{l+1} E^T, row k.
                KernelBlock.multiply(e[i], rowPast, above, past, into: &scratch, tmpPast, n: n)
                for a in rows { for b in 0..<w { x[i][a * n + b] = below[a * n + b] } }
                KernelBlock.multiply(scratch, tmpPast, e[i], strictCols, transposeB: true, into: &x[i], rowUpTo,
                                     n: n, beta: 1)
                KernelBlock.mirror(&x[i], rows: rows, n: n)
                // Phi^l row k = M_k X M^T.
                KernelBlock.multiply(m[i], rowUpTo, x[i], upTo, into: &scratch2, tmpUpTo, n: n)
                KernelBlock.multiply(scratch2, tmpUpTo, m[i], upTo, transposeB: true, into: &st.phi[i], rowUpTo,
                                     n: n)
                KernelBlock.mirror(&st.phi[i], rows: rows, n: n)
            }
            for a in rows {
                var s = 0.0
                for b in 0..<r0 { s += st.ra[L - 1][a * n + b] }
                st.rho[a] = s / gamma0
            }
            prediction.afterFields(&st.delta, step: k, rho: st.rho, phiTop: st.phi[L - 1])
            for l in stride(from: L, through: 1, by: -1) {
                let i = l - 1
                let below = l == 1 ? kxGrid : st.phi[l - 2]
                let above = l < L ? st.g[l] : ones
                let useRB = responses && l < L
                for a in rows {
                    for b in 0..<w {
                        f[i][a * n + b] = (useRB ? st.rb[l - 1][a * n + b] : 0)
                            + (b < r0 ? c * st.delta[b] * above[a * n + b] : 0)
                    }
                }
                // M' row k = [ (F E)_k M'_<k | I ].
                KernelBlock.multiply(f[i], rowUpTo, e[i], strictCols, into: &scratch, tmpPast, n: n)
                KernelBlock.multiply(scratch, tmpPast, mz[i], past, into: &scratch2, tmpPast, n: n)
                KernelBlock.copy(scratch2, tmpPast, into: &mz[i], rowPast, n: n)
                for a in rows { mz[i][a * n + a] = 1 }
                // rb^{l-1} row k = M'_k F_{<=k}.
                if l >= 2 { KernelBlock.multiply(mz[i], rowUpTo, f[i], upTo, into: &st.rb[l - 2], rowUpTo, n: n) }
                // Z = G^{l+1} + F Phi^{l-1} F^T, row k.
                KernelBlock.multiply(f[i], rowUpTo, below, upTo, into: &scratch2, tmpUpTo, n: n)
                for a in rows { for b in 0..<w { z[i][a * n + b] = above[a * n + b] } }
                KernelBlock.multiply(scratch2, tmpUpTo, f[i], upTo, transposeB: true, into: &z[i], rowUpTo, n: n,
                                     beta: 1)
                KernelBlock.mirror(&z[i], rows: rows, n: n)
                // G^l row k = M'_k Z M'^T.
                KernelBlock.multiply(mz[i], rowUpTo, z[i], upTo, into: &scratch2, tmpUpTo, n: n)
                KernelBlock.multiply(scratch2, tmpUpTo, mz[i], upTo, transposeB: true, into: &st.g[i], rowUpTo, n: n)
                KernelBlock.mirror(&st.g[i], rows: rows, n: n)
            }
            prediction.afterGradients(&st.delta, step: k, phi: st.phi, g: st.g, timePoints: initial.timePoints)
            guard st.delta[r0..<min(w + P, n)].allSatisfy({ $0.isFinite }) else {
                throw ModelError("kernel_dmft: the deep linear DMFT diverged at t = \(Double(k) * dt) "
                    + "(Delta is not finite); reduce model.gamma0, model.T or model.dt")
            }
        }
        return st
    }
}
