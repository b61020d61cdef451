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

    public static let timeAxis = TimeAxis(
        meaning: "alpha = SGD steps / N (record times snap to the nearest step, round(alpha N))",
        endParameter: "t_max", isDiscrete: false)

    public let setup: TeacherStudentSetup
    public let theoryEnabled: Bool

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: TeacherStudentSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        try self.init(validated: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated.
    public init(validated setup: TeacherStudentSetup, theoryEnabled: Bool) throws {
        self.setup = setup
        self.theoryEnabled = theoryEnabled
    }

    /// N = 20, K = M = 2 for alpha <= 2 with a trainable second layer: every observable,
    /// milliseconds of SGD and ODE.
    public static let smallExample: ParameterSet = ["N": 20, "t_max": 2, "train_second_layer": true]

    public var endTime: Double { setup.tMax }

    /// eg, Q, R and (trainable second layer) v.
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
