/// The deterministic N -> infinity dynamics of the order parameters (seed 001, eqs.
/// (33)-(42)) for one setup, solved by `DormandPrince` from a given initial state.
///
/// The model integrates it from each realization's own Q(0), R(0), T and v(0), measured on
/// the sampled weights: those carry the O(1/sqrt N) asymmetry that ends the symmetric
/// plateau, so the theory's disorder average is comparable to the simulation's.
public struct TeacherStudentTheory: Sendable {
    public let K: Int
    public let M: Int
    public let activation: Activation
    public let eta: Double
    public let sigma: Double
    /// Minibatch size B; the eta^2 terms are divided by it (see `OrderParameterFlow`).
    /// A huge B switches the second-order terms off (gradient flow, the eta -> 0 limit at
    /// fixed eta t).
    public let batch: Int
    public let trainSecondLayer: Bool
    public var integrator: DormandPrince

    public init(K: Int, M: Int, activation: Activation, eta: Double, sigma: Double, batch: Int = 1,
                trainSecondLayer: Bool, integrator: DormandPrince = DormandPrince()) {
        self.K = K
        self.M = M
        self.activation = activation
        self.eta = eta
        self.sigma = sigma
        self.batch = batch
        self.trainSecondLayer = trainSecondLayer
        self.integrator = integrator
    }

    private func flow(for op: OrderParameters) -> OrderParameterFlow {
        precondition(op.K == K && op.M == M, "TeacherStudentTheory: state has K = \(op.K), M = \(op.M)")
        return OrderParameterFlow(K: K, M: M, activation: activation, eta: eta, batch: batch, sigma: sigma,
                                  trainSecondLayer: trainSecondLayer, T: op.T, vStar: op.vStar, fixedV: op.v)
    }

    /// The time derivatives (dQ/dt, dR/dt, dv/dt) at `state`, returned in the fields
    /// Q, R, v of an `OrderParameters` (T and v* are copied unchanged; v's rate is zero
    /// when the second layer is not trained).
    public func rates(at state: OrderParameters) -> OrderParameters {
        let f = flow(for: state)
        let y = f.pack(state)
        var dy = [Double](repeating: 0, count: f.dimension)
        y.withUnsafeBufferPointer { yb in
            dy.withUnsafeMutableBufferPointer { db in
                if let yp = yb.baseAddress, let dp = db.baseAddress { f.evaluate(yp, dp) }
            }
        }
        var out = dy.withUnsafeBufferPointer { f.unpack($0, into: state) }
        if !trainSecondLayer { out.v = [Double](repeating: 0, count: K) }
        return out
    }

    /// The state at each of `times` (ascending, >= t0), starting from `initial` at `t0`.
    /// Times the integrator could not reach (non-finite state, step-size underflow) get
    /// Q, R and v filled with NaN, so a failed solve is visible and never traps.
    public func solve(from initial: OrderParameters, at t0: Double = 0, times: [Double],
                      control: RunControl? = nil) throws -> [OrderParameters] {
        let f = flow(for: initial)
        var states = [OrderParameters]()
        states.reserveCapacity(times.count)
        _ = try integrator.integrate(
            y0: f.pack(initial), from: t0, times: times,
            poll: { try control?.poll() },
            rhs: { _, y, dy in f.evaluate(y, dy) },
            record: { _, y in states.append(f.unpack(y, into: initial)) })
        var failed = initial
        failed.Q = failed.Q.map { _ in .nan }
        failed.R = failed.R.map { _ in .nan }
        failed.v = failed.v.map { _ in .nan }
        while states.count < times.count { states.append(failed) }
        return states
    }
}
