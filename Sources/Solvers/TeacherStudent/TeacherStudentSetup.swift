/// The physical parameters of one teacher-student sweep point, checked (seed 001,
/// sec. "The teacher-student setup"): teacher y = sum_m v*_m g(rho_m) + sigma xi, student
/// yhat = sum_k v_k g(lambda_k), online SGD on fresh Gaussian inputs.
public struct TeacherStudentSetup: Sendable, Equatable {
    /// Input dimension.
    public var N: Int
    /// Teacher hidden units.
    public var M: Int
    /// Student hidden units.
    public var K: Int
    /// Learning rate (of both layers; the first layer's step is eta / sqrt N, eq. (13)).
    public var eta: Double
    /// Standard deviation of the label noise.
    public var sigma: Double
    public var activation: Activation
    /// false: soft committee machine, v = v* = 1 fixed (Saad & Solla). true: the
    /// student's second layer v is learned (Goldt et al.).
    public var trainSecondLayer: Bool
    /// Standard deviation of the student's initial first-layer weights.
    public var initScale: Double
    /// Standard deviation of the student's initial second-layer weights v_i(0) (trainable
    /// second layer only).
    public var vInit: Double
    /// Minibatch size B.
    public var batch: Int
    /// Final time, in alpha = SGD steps / N.
    public var tMax: Double

    public init(N: Int = 500, M: Int = 2, K: Int = 2, eta: Double = 0.5, sigma: Double = 0,
                activation: Activation = .erf, trainSecondLayer: Bool = false, initScale: Double = 1,
                vInit: Double = 1, batch: Int = 1, tMax: Double = 400) throws {
        self.N = N
        self.M = M
        self.K = K
        self.eta = eta
        self.sigma = sigma
        self.activation = activation
        self.trainSecondLayer = trainSecondLayer
        self.initScale = initScale
        self.vInit = vInit
        self.batch = batch
        self.tMax = tMax
        try validate()
    }

    /// Throws a `ModelError` naming the first parameter out of its physical range.
    public func validate() throws {
        guard N >= 1 else { throw ModelError("model.N = \(N): the input dimension must be positive (N >= 1)") }
        guard M >= 1 else { throw ModelError("model.M = \(M): the teacher needs at least one hidden unit (M >= 1)") }
        guard K >= 1 else { throw ModelError("model.K = \(K): the student needs at least one hidden unit (K >= 1)") }
        guard eta.isFinite && eta > 0 else {
            throw ModelError("model.eta = \(eta): the learning rate must be a positive finite number (eta > 0)")
        }
        guard sigma.isFinite && sigma >= 0 else {
            throw ModelError("model.sigma = \(sigma): the label-noise standard deviation must be finite and >= 0")
        }
        guard initScale.isFinite && initScale >= 0 else {
            throw ModelError("model.init_scale = \(initScale): the initial weight standard deviation must be finite and >= 0")
        }
        guard vInit.isFinite && vInit >= 0 else {
            throw ModelError("model.v_init = \(vInit): the initial second-layer standard deviation must be finite and >= 0")
        }
        guard batch >= 1 else { throw ModelError("model.batch = \(batch): the minibatch needs at least one sample (batch >= 1)") }
        guard tMax.isFinite && tMax > 0 else {
            throw ModelError("model.t_max = \(tMax): the final time must be a positive finite number (t_max > 0)")
        }
        // Sizes that would overflow the step counter or memory are user errors, not traps.
        guard Double(N) * Double(K + M) <= 1e10 else {
            throw ModelError("model.N = \(N): N x (K + M) = \(N * (K + M)) weights is too large for one realization")
        }
        guard tMax * Double(N) <= 1e15 else {
            throw ModelError("model.t_max = \(tMax): t_max x N exceeds 1e15 SGD steps")
        }
    }

    /// SGD steps of a run to t_max.
    public var steps: Int { Int((tMax * Double(N)).rounded()) }
}
