/// `model.kind = "neural_ode"`: a neural ODE whose force is a quenched Gaussian random
/// field, trained by online SGD through the adjoint (seed 000, Urbani, "Theory of
/// learning of high-dimensional controlled non-linear dynamical systems (I)", secs. 2
/// and 5.1). The seed's equations are stripped; this is the project's reconstruction,
/// defined in issue 11 and docs/models/neural_ode.md. Its theory is the large-N DMFT of
/// docs/models/neural_ode_dmft.md (`NeuralODEMeanField`), a deterministic recursion for
/// m, q and the loss over epochs, solved once per sweep point.
public struct NeuralODE: Model {
    public static let kind = "neural_ode"
    public static let summary = """
        Neural ODE dx/dt = F(x; w) - mu(x) x driven by a quenched Gaussian random force field \
        F = (g_J/sqrt N) J x + (g_K/N) K x w (seed 000, secs. 2 and 5.1): a student control w \
        learns a teacher's w* by online SGD on the loss |xhat(t_final) - x(t_final)|^2 / 2, \
        its gradient from the discrete adjoint of the RK4 inference. Records m = w.w*/N, \
        q = w.w/N, loss and test_loss (per N) against epochs; the theory is the DMFT's closed \
        recursion for m, q and the loss (spherical confinement, zero temperatures).
        """

    public static let timeAxis = TimeAxis(meaning: "epoch = SGD updates of the control (time e: after e updates)",
                                          endParameter: "epochs", isDiscrete: true)

    public let setup: NeuralODESetup
    public let theoryEnabled: Bool

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: NeuralODESetup, theoryEnabled: Bool) throws {
        try setup.validate()
        try self.init(validated: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated; refuses what the DMFT does not cover.
    public init(validated setup: NeuralODESetup, theoryEnabled: Bool) throws {
        self.setup = setup
        self.theoryEnabled = theoryEnabled
        if theoryEnabled { try Self.checkTheory(setup) }
    }

    /// The DMFT covers spherical confinement at zero temperatures with exact gradients, and
    /// needs its series in range at the initial overlaps.
    static func checkTheory(_ s: NeuralODESetup) throws {
        let off = "; set theory.enabled = false to run the simulation alone"
        guard s.confinement == .spherical else {
            throw ModelError("model.confinement = \"soft\": the neural_ode theory covers spherical confinement only" + off)
        }
        guard s.tTeacher == 0, s.tStudent == 0 else {
            throw ModelError("model.T_teacher/T_student > 0: the neural_ode theory covers zero temperatures only" + off)
        }
        guard s.betaP == .infinity else {
            throw ModelError("model.beta_p = \(s.betaP): the neural_ode theory covers exact backpropagation only "
                + "(beta_p = inf)" + off)
        }
        do { try meanField(s, grid: s.theoryGrid).checkRange(m: s.m0, q: s.q0) } catch let error as NeuralODEMeanField.OutOfRange {
            throw ModelError("model.t_final = \(s.tFinal): the theory cannot be evaluated accurately there, "
                + error.description + off)
        }
    }

    static func meanField(_ s: NeuralODESetup, grid: Int) -> NeuralODEMeanField {
        NeuralODEMeanField(gJ: s.gJ, gK: s.gK, tFinal: s.tFinal, eta: s.eta, batch: s.batch, grid: grid)
    }

    /// N = 8, 5 epochs of 4 RK4 steps: every observable in milliseconds.
    public static let smallExample: ParameterSet = ["N": 8, "epochs": 5, "t_final": 0.4, "dt": 0.1]

    public var endTime: Double { Double(setup.epochs) }

    public var observables: [ObservableSpec] {
        [
            ObservableSpec("m", "teacher overlap m = w.w*/N of the control (seed 000, sec. 2.4; Fig. 2)"),
            ObservableSpec("q", "self-overlap q = w.w/N of the control (seed 000, sec. 2.4; Fig. 2)"),
            ObservableSpec("loss", "l/N = |xhat(t_final) - x(t_final)|^2 / (2N) of the epoch's training samples "
                           + "before its update (seed 000, eq. 2.7), an unbiased estimate of the population loss"),
            ObservableSpec("test_loss", "l/N averaged over test_samples fresh inputs at the same control"),
        ]
    }

    /// m, q, loss and test_loss as the DMFT predicts them (the population loss L(m, q) for
    /// both losses), and the accuracy of the solve.
    public var theoryObservables: [ObservableSpec] {
        guard theoryEnabled else { return [] }
        return observables + [
            ObservableSpec("dmft_error", "estimated discretization error of the DMFT at this epoch: max over m, q and "
                           + "the loss of |grid - grid/2| / 3 (trapezoid rule, O(grid^-2))"),
        ]
    }
    public var theoryMode: TheoryMode { theoryEnabled ? .perPoint : .none }
    public var lossObservable: String { "loss" }

    /// Flops: drawing J and K (~40 flop-equivalents per Gaussian); per epoch one pass over
    /// K (a dot and an axpy per slice, 4 N^3) and, per sample, RK4 steps of 4 teacher and
    /// 4 student matrix-vector products, 4 two-column transposed products backward (16 N^2
    /// flops each step), and the outer-product accumulation (8 N^2 per step); test losses
    /// at 101 record epochs at most. Bytes: K (8 N^3, or 4 N^3 in float32), J, M(w*), M(w),
    /// A and the tape.
    public var cost: CostEstimate {
        let N = Double(setup.N), steps = Double(setup.steps), B = Double(setup.batch)
        let epochs = Double(setup.epochs)
        let perSampleForward = steps * 4 * 2 * N * N
        let perTrainingSample = 2 * perSampleForward + steps * 4 * (4 * N * N + 2 * N * N)
        let records = min(epochs + 1, 101)
        let flops = 40 * (N * N * N + N * N) + epochs * (4 * N * N * N + B * perTrainingSample)
            + records * Double(setup.testSamples) * 2 * perSampleForward
        let tensorBytes = setup.kStorage == .float32 ? 4 * (N * N * N + 2 * N * N) : 8 * N * N * N
        let bytes = tensorBytes + 8 * (4 * N * N + 8 * steps * N + 4 * steps + 16 * N)
        // Theory: per epoch, about 40 iterations of two (grid+1)^3 products and the 2(grid+1)^2
        // series sums, at grid and grid/2.
        let g = Double(setup.theoryGrid + 1)
        let theoryFlops = theoryEnabled ? 1.2 * (epochs + 1) * (40 * 4 * g * g * g + 8 * g * g * g + 200 * g * g) : 0
        let theoryBytes = theoryEnabled ? 8 * 12 * g * g : 0
        return CostEstimate(flopsPerRealization: flops, bytesPerRealization: bytes,
                            flopsPerTheory: theoryFlops, bytesPerTheory: theoryBytes)
    }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        try NeuralODERun(setup: setup, seed: seed, times: times).run(control: control)
    }

    /// The DMFT recursion from (m0, q0) at the record epochs, solved at `theory_grid` and at
    /// half of it for the error estimate. Epochs past one the theory cannot evaluate are NaN.
    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories {
        let epochs = times.map { Int($0.rounded()) }
        let last = epochs.last ?? 0
        let fine = try Self.meanField(setup, grid: setup.theoryGrid)
            .curves(m0: setup.m0, q0: setup.q0, through: last, control: control)
        let coarse = try Self.meanField(setup, grid: max(2, setup.theoryGrid / 2))
            .curves(m0: setup.m0, q0: setup.q0, through: last, control: control)
        func error(_ e: Int) -> Double {
            max(abs(fine.m[e] - coarse.m[e]), abs(fine.q[e] - coarse.q[e]), abs(fine.loss[e] - coarse.loss[e])) / 3
        }
        let loss = epochs.map { fine.loss[$0] }
        return ["m": epochs.map { fine.m[$0] }, "q": epochs.map { fine.q[$0] }, "loss": loss, "test_loss": loss,
                "dmft_error": epochs.map(error)]
    }
}
