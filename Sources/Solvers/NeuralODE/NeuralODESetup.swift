/// How the state of a neural ODE is kept from running away (seed 000, sec. 2.1): the
/// `mu(x) x` term of dx/dt = F(x; w) - mu(x) x.
public enum Confinement: String, CaseIterable, Sendable {
    /// mu(x) = x.F(x)/|x|^2: the radial part of the force is removed, so |x|^2 = N is
    /// conserved by the flow (and restored exactly after each noisy step).
    case spherical
    /// mu(x) = mu0 (|x|^2/N)^k: a soft wall that grows rapidly once |x|^2/N > 1.
    case soft
}

/// The precision in which the N^3 tensor K of the force field is stored.
public enum TensorPrecision: String, CaseIterable, Sendable {
    case float64
    /// Half the memory and half the bytes of the per-epoch pass; ~1e-6 relative error.
    case float32
}

/// The parameters of one `neural_ode` sweep point (seed 000, secs. 2 and 5.1, as
/// reconstructed in issue 11 and docs/models/neural_ode.md), checked. Every field is
/// declared once, with its default, bounds and meaning, in `schema`.
public struct NeuralODESetup: DeclaredSetup, Equatable {
    /// Dimension of the state x and of the control w.
    public var N: Int
    /// Strength of the w-independent part of the force, (g_J / sqrt N) J x.
    public var gJ: Double
    /// Strength of the controlled part, (g_K / N) K x w.
    public var gK: Double
    /// Length of the inference dynamics, [0, t_final].
    public var tFinal: Double
    /// RK4 step of the inference dynamics; t_final / dt must be a whole number.
    public var dt: Double
    /// SGD learning rate of the control.
    public var eta: Double
    /// Number of SGD updates (the time axis runs over 0...epochs).
    public var epochs: Int
    /// Fresh samples x(0) per update.
    public var batch: Int
    /// Initial |w|^2 / N of the student.
    public var q0: Double
    /// Initial w.w*/N of the student.
    public var m0: Double
    public var confinement: Confinement
    /// Soft confinement mu(x) = mu0 (|x|^2/N)^k.
    public var mu0: Double
    public var k: Double
    /// Temperatures of the white noise on the teacher's and the student's inference.
    public var tTeacher: Double
    public var tStudent: Double
    /// Inverse temperature of the noise on the adjoint (sec. 2.5.1); infinity is none.
    public var betaP: Double
    /// Fresh samples averaged into `test_loss` at each record epoch.
    public var testSamples: Int
    /// Intervals of the theory's inference-time quadrature grid.
    public var theoryGrid: Int
    /// Precision of the stored K tensor.
    public var kStorage: TensorPrecision

    public static let schema = ParameterSchema<Self>([
        .int("N", \.N, default: 100, bounds: .within(2, 4000), isSize: true,
             "dimension of the state x and the control w; the field's K tensor holds N^3 numbers (8 N^3 bytes)"),
        .double("g_J", \.gJ, default: 1, bounds: .nonNegative,
                "strength of the w-independent force (g_J / sqrt N) sum_j J_ij x_j, J_ij iid N(0, 1)"),
        .double("g_K", \.gK, default: 1, bounds: .nonNegative,
                "strength of the controlled force (g_K / N) sum_jk K_ijk x_j w_k, K_ijk iid N(0, 1); 0: nothing to learn"),
        .double("t_final", \.tFinal, default: 1, bounds: .positive, isSize: true,
                "inference time: the loss compares teacher and student states at t = t_final"),
        .double("dt", \.dt, default: 0.05, bounds: .positive,
                "RK4 step of the inference dynamics; t_final / dt must be a whole number of steps"),
        .double("eta", \.eta, default: 0.5, bounds: .positive,
                "SGD learning rate: w <- w - eta grad_w l, with the extensive loss l = |xhat - x|^2 / 2"),
        .int("epochs", \.epochs, default: 100, bounds: .within(1, 1e9), unit: "SGD updates", isSize: true,
             "number of SGD updates; time e holds the values after e updates"),
        .int("batch", \.batch, default: 1, bounds: .within(1, 1e6), isSize: true,
             "fresh samples x(0) per update; the gradient is their mean"),
        .double("q0", \.q0, default: 1, bounds: .positive,
                "initial self-overlap |w0|^2 / N of the student's control"),
        .double("m0", \.m0, default: 0, bounds: .within(-1e6, 1e6),
                "initial teacher overlap w0.w*/N, |m0| <= sqrt(q0): w0 = m0 w* + sqrt(q0 - m0^2) u, u orthogonal to w*"),
        .choice("confinement", \.confinement, default: .spherical,
                "\"spherical\": mu = x.F/|x|^2 keeps |x|^2 = N; \"soft\": mu = mu0 (|x|^2/N)^k"),
        .double("mu0", \.mu0, default: 1, bounds: .nonNegative,
                "soft confinement strength mu0 in mu = mu0 (|x|^2/N)^k (confinement = \"soft\" only)"),
        .double("k", \.k, default: 2, bounds: .within(0, 64),
                "soft confinement exponent k in mu = mu0 (|x|^2/N)^k (confinement = \"soft\" only)"),
        .double("T_teacher", \.tTeacher, default: 0, bounds: .nonNegative,
                "temperature of the white noise sqrt(2 T) dW on the teacher's inference dynamics"),
        .double("T_student", \.tStudent, default: 0, bounds: .nonNegative,
                "temperature of the white noise on the student's inference dynamics"),
        .double("beta_p", \.betaP, default: .infinity, bounds: .positive, allowsInfinity: true,
                "inverse temperature of the noise on the backward adjoint (noisy backpropagation); inf: exact gradient"),
        .int("test_samples", \.testSamples, default: 4, bounds: .within(1, 1e6),
             "fresh samples averaged into test_loss at each record epoch"),
        .int("theory_grid", \.theoryGrid, default: 64, bounds: .within(4, 2000),
             "intervals of the DMFT's trapezoid grid on [0, t_final] (error O(grid^-2), reported as dmft_error)"),
        .choice("K_storage", \.kStorage, default: .float64,
                "precision of the stored N^3 tensor K: \"float32\" halves its memory and the epoch's pass over it "
                    + "(K rounded, its contractions summed in single precision: ~1e-6 relative)"),
    ])

    public init(resolved p: ResolvedParameters<Self>) throws {
        N = try p[\.N]
        gJ = try p[\.gJ]
        gK = try p[\.gK]
        tFinal = try p[\.tFinal]
        dt = try p[\.dt]
        eta = try p[\.eta]
        epochs = try p[\.epochs]
        batch = try p[\.batch]
        q0 = try p[\.q0]
        m0 = try p[\.m0]
        confinement = try p[\.confinement]
        mu0 = try p[\.mu0]
        k = try p[\.k]
        tTeacher = try p[\.tTeacher]
        tStudent = try p[\.tStudent]
        betaP = try p[\.betaP]
        testSamples = try p[\.testSamples]
        theoryGrid = try p[\.theoryGrid]
        kStorage = try p[\.kStorage]
    }

    /// Largest number of RK4 steps of one inference.
    static let maxSteps = 10_000_000

    /// Throws a `ModelError` for a t_final that is not a whole number of steps, or an
    /// initial overlap |m0| > sqrt(q0) (each parameter's bounds are the schema's).
    public func checkCombination() throws {
        let ratio = tFinal / dt
        guard ratio.isFinite, ratio >= 0.5, ratio <= Double(Self.maxSteps) else {
            throw ModelError("model.t_final / model.dt = \(tFinal) / \(dt) must give between 1 and "
                + "\(Self.maxSteps) RK4 steps")
        }
        let whole = ratio.rounded()
        guard abs(ratio - whole) <= 1e-9 * whole else {
            throw ModelError("model.t_final = \(tFinal) is not a whole number of steps of model.dt = \(dt) "
                + "(\(ratio) steps); it would round to \(Int(whole)) steps of dt = \(tFinal / whole): "
                + "set dt = t_final / n for a whole n")
        }
        guard m0 * m0 <= q0 * (1 + 1e-12) else {
            throw ModelError("model.m0 = \(m0) exceeds sqrt(model.q0) = \(q0.squareRoot()): "
                + "the initial overlap w0.w*/N cannot exceed |w0| |w*| / N; use |m0| <= sqrt(q0)")
        }
        guard Double(epochs) * Double(batch) * Double(steps) <= 1e15 else {
            throw ModelError("model.epochs = \(epochs): epochs x batch x t_final/dt exceeds 1e15 RK4 steps")
        }
    }

    /// RK4 steps of one inference, t_final / dt.
    public var steps: Int { Int((tFinal / dt).rounded()) }
    /// The step actually taken, t_final / steps (equal to dt up to rounding).
    public var step: Double { tFinal / Double(steps) }
}
