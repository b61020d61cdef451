/// The order parameters of seed 002's DMFT on the discrete time grid t_k = k dt
/// (k = 0...K), as P T x P T matrices indexed a = k P + mu (time-major): the kernels
/// Phi^l, G^l (eq. (9)), the responses that eq. (10) calls A and B, and the error
/// Delta(t) (eq. (3)).
///
/// The responses are stored unscaled, as averages of Jacobians of the single-site
/// process (seed section 3.2):
///   ra[l] = < d phi(h^l) / d r^l >   (gamma0 dt A^l of eq. (10); strictly causal),
///   rb[l] = < d g^{l+1} / d u^{l+1} > (gamma0 dt B^l; causal, with an equal-time part
///            < phi''(h) z > for a nonlinear phi),
/// and `rho` = < d phi(h^L) / d r^L > / gamma0 is the readout term of the prediction
/// f = w^L . phi(h^L) / (gamma0 N) (see `KernelDMFTReadout`).
public struct KernelDMFTState: Sendable {
    public let P: Int
    public let timePoints: Int
    public var n: Int { P * timePoints }
    /// Phi^1 ... Phi^L.
    public var phi: [[Double]]
    /// G^1 ... G^L.
    public var g: [[Double]]
    /// ra[l - 1] = <d phi(h^l)/d r^l>, l = 1...L (the last is not used by eq. (10)).
    public var ra: [[Double]]
    /// rb[l - 1] = <d g^{l+1}/d u^{l+1}>, l = 1...L (the last is B^L = 0).
    public var rb: [[Double]]
    /// <d phi(h^L)/d r^L> / gamma0, length P T.
    public var rho: [Double]
    /// Delta_mu(t_k) = y_mu - f_mu(t_k), length P T.
    public var delta: [Double]
    /// Sampled density of h^l on `KernelPreactivationBins` [time, layer, bin] (the Monte
    /// Carlo march), or empty.
    public var hDensity: [Double] = []

    /// The kernels at initialization, constant in time (the gamma0 = 0 solution), no
    /// responses, and Delta from the static NTK.
    public init(staticKernels s: KernelStaticKernels, L: Int, P: Int, timePoints: Int, y: [Double], dt: Double) {
        self.P = P
        self.timePoints = timePoints
        let n = P * timePoints
        func replicate(_ k: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: n * n)
            for a in 0..<n { for b in 0..<n { out[a * n + b] = k[(a % P) * P + b % P] } }
            return out
        }
        phi = (1...L).map { replicate(s.phi[$0]) }
        g = (0..<L).map { replicate(s.g[$0]) }
        let zero = [Double](repeating: 0, count: n * n)
        ra = Array(repeating: zero, count: L)
        rb = ra
        rho = [Double](repeating: 0, count: n)
        delta = KernelDMFTReadout.staticDelta(ntk: s.ntk, y: y, P: P, timePoints: timePoints, dt: dt)
    }

    /// The same shape with every kernel, response, rho and Delta zero: the start of the
    /// time marches, which fill it row by row.
    func cleared() -> KernelDMFTState {
        var st = self
        let zero = [Double](repeating: 0, count: n * n)
        st.phi = Array(repeating: zero, count: phi.count)
        st.g = st.phi
        st.ra = st.phi
        st.rb = st.phi
        st.rho = [Double](repeating: 0, count: n)
        st.delta = st.rho
        return st
    }

    /// Phi^{l-1} as a P T x P T matrix, with Phi^0 = K^x at every pair of times.
    func phiBelow(_ l: Int, kx: [Double]) -> [Double] {
        if l > 1 { return phi[l - 2] }
        let n = self.n, P = self.P
        var out = [Double](repeating: 0, count: n * n)
        for a in 0..<n { for b in 0..<n { out[a * n + b] = kx[(a % P) * P + b % P] } }
        return out
    }

    /// G^{l+1}, with G^{L+1} = 1.
    func gAbove(_ l: Int) -> [Double] {
        if l < g.count { return g[l] }
        return [Double](repeating: 1, count: n * n)
    }
}

/// What one iteration estimates from the current state (before damping).
struct KernelDMFTEstimate {
    var phi: [[Double]]
    var g: [[Double]]
    var ra: [[Double]]
    var rb: [[Double]]
    var rho: [Double]
}
