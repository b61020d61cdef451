/// The physical parameters of one teacher-student sweep point, checked (seed 001,
/// sec. "The teacher-student setup"): teacher y = sum_m v*_m g(rho_m) + sigma xi, student
/// yhat = sum_k v_k g(lambda_k), online SGD on fresh Gaussian inputs. Every field is
/// declared once, with its default, bounds and meaning, in `schema`.
public struct TeacherStudentSetup: DeclaredSetup, Equatable {
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

    public static let schema = ParameterSchema<Self>([
        .int("N", \.N, default: 500, bounds: .within(1, 1e9), isSize: true,
             "input dimension N; the ODEs are its N -> infinity limit"),
        .int("M", \.M, default: 2, bounds: .within(1, 1e4), isSize: true,
             "teacher hidden units M; teacher weights W* have N(0, 1) entries, v* = 1"),
        .int("K", \.K, default: 2, bounds: .within(1, 1e4), isSize: true,
             "student hidden units K; K = M is the realizable case"),
        .double("eta", \.eta, default: 0.5, bounds: .positive,
                "learning rate eta: first-layer step eta / sqrt N, second-layer step eta / N"),
        .double("sigma", \.sigma, default: 0, bounds: .nonNegative,
                "label-noise standard deviation sigma: y = sum_m v*_m g(rho_m) + sigma xi"),
        .choice("activation", \.activation, default: .erf,
                "g: \"erf\" is g(x) = erf(x / sqrt 2) (Saad & Solla), \"linear\" is g(x) = x"),
        .bool("train_second_layer", \.trainSecondLayer, default: false,
              "false: soft committee machine, v = v* = 1 fixed; true: the student's v is learned (Goldt et al.)"),
        .double("init_scale", \.initScale, default: 1, bounds: .nonNegative,
                "std of the student's initial first-layer weights; 1 gives Q(0) = I and "
                    + "R(0) = O(1/sqrt N): a symmetric plateau left through the initial asymmetry"),
        .double("v_init", \.vInit, default: 1, bounds: .nonNegative,
                "std of the student's initial second layer, v_i(0) ~ N(0, v_init^2) (train_second_layer = true only)"),
        .int("batch", \.batch, default: 1, bounds: .within(1, 1e6), isSize: true,
             "minibatch size B; time alpha counts steps, the ODEs' eta^2 terms are divided by B"),
        .double("t_max", \.tMax, default: 400, bounds: .positive, unit: "alpha = SGD steps / N", isSize: true,
                "final time; 400 covers the K = M = 2 plateau and its escape"),
    ])

    public init(resolved p: ResolvedParameters<Self>) throws {
        N = try p[\.N]
        M = try p[\.M]
        K = try p[\.K]
        eta = try p[\.eta]
        sigma = try p[\.sigma]
        activation = try p[\.activation]
        trainSecondLayer = try p[\.trainSecondLayer]
        initScale = try p[\.initScale]
        vInit = try p[\.vInit]
        batch = try p[\.batch]
        tMax = try p[\.tMax]
    }

    /// Throws a `ModelError` for a size that would overflow the step counter or memory
    /// (each parameter's bounds are the schema's).
    public func checkCombination() throws {
        guard Double(N) * Double(K + M) <= 1e10 else {
            throw ModelError("model.N = \(N): N x (K + M) = \(Double(N) * Double(K + M)) weights is too large for one realization")
        }
        guard tMax * Double(N) <= 1e15 else {
            throw ModelError("model.t_max = \(tMax): t_max x N exceeds 1e15 SGD steps")
        }
    }

    /// SGD steps of a run to t_max.
    public var steps: Int { Int((tMax * Double(N)).rounded()) }
}
