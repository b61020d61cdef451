/// `model.kind = "teacher_student"`: a two-layer student learning a two-layer teacher by
/// online SGD on Gaussian inputs (seed 001): Saad & Solla's soft committee machine, or
/// Goldt et al.'s network with a trainable second layer; with the order-parameter ODEs as
/// the theory, solved per realization from its own initial overlaps.
public struct TeacherStudent: Model {
    public static let kind = "teacher_student"
    public static let summary = """
        Two-layer teacher-student networks trained by online SGD on Gaussian inputs (seed 001): \
        the soft committee machine of Saad & Solla (second layers fixed to 1) or Goldt et al.'s \
        network with a trainable student second layer. Records eg, Q, R (and v) at times \
        alpha = steps / N; the theory integrates the order-parameter ODEs from each \
        realization's own initial Q, R, T, v.
        """

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("N", .int, default: .int(500),
                      "input dimension N (> 0); the ODEs are its N -> infinity limit"),
        ParameterSpec("M", .int, default: .int(2),
                      "teacher hidden units M (>= 1); teacher weights W* have N(0, 1) entries, v* = 1"),
        ParameterSpec("K", .int, default: .int(2),
                      "student hidden units K (>= 1); K = M is the realizable case"),
        ParameterSpec("eta", .double, default: .double(0.5),
                      "learning rate eta (> 0): first-layer step eta / sqrt N, second-layer step eta / N"),
        ParameterSpec("sigma", .double, default: .double(0),
                      "label-noise standard deviation sigma (>= 0): y = sum_m v*_m g(rho_m) + sigma xi"),
        ParameterSpec("activation", .choice(Activation.allCases.map(\.rawValue)), default: .string("erf"),
                      "g: \"erf\" is g(x) = erf(x / sqrt 2) (Saad & Solla), \"linear\" is g(x) = x"),
        ParameterSpec("train_second_layer", .bool, default: .bool(false),
                      "false: soft committee machine, v = v* = 1 fixed; true: the student's v is learned (Goldt et al.)"),
        ParameterSpec("init_scale", .double, default: .double(1),
                      "std of the student's initial first-layer weights (>= 0); 1 gives Q(0) = I and "
                        + "R(0) = O(1/sqrt N): a symmetric plateau left through the initial asymmetry"),
        ParameterSpec("v_init", .double, default: .double(1),
                      "std of the student's initial second layer, v_i(0) ~ N(0, v_init^2) (>= 0; "
                        + "train_second_layer = true only)"),
        ParameterSpec("batch", .int, default: .int(1),
                      "minibatch size B (>= 1); time alpha counts steps, the ODEs' eta^2 terms are divided by B"),
        ParameterSpec("t_max", .double, default: .double(400),
                      "final time in alpha = SGD steps / N (> 0); 400 covers the K = M = 2 plateau and its escape"),
    ]

    public static let timeAxis = TimeAxis(
        meaning: "alpha = SGD steps / N (record times snap to the nearest step, round(alpha N))",
        endParameter: "t_max", isDiscrete: false)

    public let setup: TeacherStudentSetup
    public let theoryEnabled: Bool

    public init(parameters: ParameterSet, theoryEnabled: Bool) throws {
        let name = try parameters.string("activation")
        guard let activation = Activation(rawValue: name) else {
            throw ModelError("model.activation = \"\(name)\" is not known: use \"erf\" or \"linear\"")
        }
        setup = try TeacherStudentSetup(
            N: parameters.int("N"), M: parameters.int("M"), K: parameters.int("K"),
            eta: parameters.double("eta"), sigma: parameters.double("sigma"), activation: activation,
            trainSecondLayer: parameters.bool("train_second_layer"), initScale: parameters.double("init_scale"),
            vInit: parameters.double("v_init"), batch: parameters.int("batch"), tMax: parameters.double("t_max"))
        self.theoryEnabled = theoryEnabled
    }

    /// The model for an explicit setup (tools and tests).
    public init(setup: TeacherStudentSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        self.setup = setup
        self.theoryEnabled = theoryEnabled
    }

    /// The complete parameter set of a setup, e.g. to build the model through the registry path.
    public static func parameterSet(_ s: TeacherStudentSetup) -> ParameterSet {
        ParameterSet([
            "N": .int(s.N), "M": .int(s.M), "K": .int(s.K), "eta": .double(s.eta), "sigma": .double(s.sigma),
            "activation": .string(s.activation.rawValue), "train_second_layer": .bool(s.trainSecondLayer),
            "init_scale": .double(s.initScale), "v_init": .double(s.vInit), "batch": .int(s.batch),
            "t_max": .double(s.tMax),
        ])
    }

    public var endTime: Double { setup.tMax }

    /// eg, Q, R and (trainable second layer) v, in this order.
    public var observables: [ObservableSpec] {
        let K = setup.K, M = setup.M
        var specs = [
            ObservableSpec("eg", "generalization error 1/2 <(yhat - y_clean)^2> from Q, R, T, v via I2 "
                           + "(seed 001, eqs. (32)/(43)), without the noise floor sigma^2/2"),
            ObservableSpec("Q", dims: [ObservableDimension("student_i", K), ObservableDimension("student_j", K)],
                           "student overlaps Q_ij = W_i . W_j / N (seed 001, eq. (14))"),
            ObservableSpec("R", dims: [ObservableDimension("student", K), ObservableDimension("teacher", M)],
                           "student-teacher overlaps R_in = W_i . W*_n / N (seed 001, eq. (14))"),
        ]
        if setup.trainSecondLayer {
            specs.append(ObservableSpec("v", dims: [ObservableDimension("student", K)],
                                        "student second-layer weights v_i (seed 001, eq. (42))"))
        }
        return specs
    }

    public var theoryObservables: [ObservableSpec] { theoryEnabled ? observables : [] }
    public var theoryMode: TheoryMode { theoryEnabled ? .perRealization : .none }
    public var lossObservable: String { "eg" }

    /// Flops: per sample, the K + M fields (2 N (K + M)), the K-row update (2 N K) and the
    /// N Gaussians (about 40 flop-equivalents each: a Philox block is 20 multiplies per
    /// two variates plus the ziggurat); the theory adds about 2000 DP steps of six
    /// right-hand sides of K(K+1)/2 (K+M)^2 arcsines (~50 flops each). Bytes: the weights,
    /// inputs and recorded trajectories.
    public var cost: CostEstimate {
        let N = Double(setup.N), K = Double(setup.K), M = Double(setup.M), B = Double(setup.batch)
        let samples = Double(setup.steps) * B
        let simFlops = samples * N * (2 * (K + M) + 2 * K + 40)
        let theoryFlops = theoryEnabled ? 2000 * 6 * (K * (K + 1) / 2) * (K + M) * (K + M) * 50 : 0
        let bytes = 8 * ((K + M + 4) * (N + 4) + B * (N + 4)) + 8 * 4096 * (1 + K * K + K * M + K)
        return CostEstimate(flopsPerRealization: simFlops + theoryFlops, bytesPerRealization: bytes)
    }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        try TeacherStudentRun(setup: setup, seed: seed, times: times, theoryEnabled: theoryEnabled)
            .run(control: control)
    }
}
