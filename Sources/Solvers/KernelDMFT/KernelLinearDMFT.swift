/// One iteration of the deep linear DMFT in closed form (seed 002, section 4.1, eq. (11)):
/// with phi(h) = h the single-site fields are linear in the Gaussian sources,
/// (I - E F) h = u + E r and (I - F E) z = r + F u (E = gamma0 C, F = gamma0 D of the
/// seed; `KernelDMFTOperators`), so
///
///     Phi^l = H^l = M [H^{l-1} + E G^{l+1} E^T] M^T,   M = (I - E F)^{-1},
///     G^l       = M' [G^{l+1} + F H^{l-1} F^T] M'^T,  M' = (I - F E)^{-1},
///
/// and the responses are exact: <dh^l/dr^l> = M E, <dz^l/du^l> = M' F, and the readout
/// rho = M^L E^L 1 / gamma0. Every layer is computed from the previous iterate (a Jacobi
/// sweep); `KernelDMFTIteration` damps and repeats until self-consistency.
enum KernelLinearDMFT {
    static func estimate(state: KernelDMFTState, L: Int, kx: [Double], gamma0: Double, dt: Double,
                         responses: Bool, control: RunControl) throws -> KernelDMFTEstimate {
        let n = state.n
        var out = KernelDMFTEstimate(phi: state.phi, g: state.g, ra: state.ra, rb: state.rb, rho: state.rho)
        for l in 1...L {
            try control.poll()
            let ops = KernelDMFTOperators(layer: l, L: L, state: state, kx: kx, gamma0: gamma0, dt: dt,
                                          responses: responses)
            let below = state.phiBelow(l, kx: kx), above = state.gAbove(l)
            let m = try KernelMatrix.inverse(KernelMatrix.identityMinusProduct(ops.e, ops.f, n: n), n: n)
            let mz = try KernelMatrix.inverse(KernelMatrix.identityMinusProduct(ops.f, ops.e, n: n), n: n)
            try control.poll()
            let eg = KernelMatrix.congruence(ops.e, above, n: n)
            out.phi[l - 1] = KernelMatrix.congruence(m, KernelMatrix.add(below, eg), n: n)
            let fh = KernelMatrix.congruence(ops.f, below, n: n)
            out.g[l - 1] = KernelMatrix.congruence(mz, KernelMatrix.add(above, fh), n: n)
            try control.poll()
            let me = KernelMatrix.product(m, ops.e, n: n)
            out.ra[l - 1] = me
            if l >= 2 { out.rb[l - 2] = KernelMatrix.product(mz, ops.f, n: n) }
            if l == L {
                out.rho = (0..<n).map { a in
                    var s = 0.0
                    for b in 0..<n { s += me[a * n + b] }
                    return s / gamma0
                }
            }
        }
        return out
    }
}
