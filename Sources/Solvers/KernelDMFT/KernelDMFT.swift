import Foundation

/// `model.kind = "kernel_dmft"`: feature learning in wide networks by the self-consistent
/// dynamical field theory of Bordelon & Pehlevan (seed 002). The simulation trains width-N
/// networks of eq. (1) by gradient flow; the theory solves the DMFT (eqs. (9)-(11)) in
/// closed form for linear networks and by the alternating Monte Carlo of section 4 for
/// nonlinear ones, or one of the approximations of section 5.
public struct KernelDMFT: Model {
    public static let kind = "kernel_dmft"
    public static let summary = """
        Feature learning in wide networks (seed 002, Bordelon & Pehlevan): depth-L networks of \
        width N in NTK parameterization with f scaled by 1/(gamma0 sqrt N), trained by gradient flow \
        on P points; records the loss, |Delta| and the kernels Phi^l, G^l. The theory is the \
        self-consistent DMFT: closed-form saddle-point equations for linear networks (eq. 11), the \
        alternating Monte Carlo for tanh/relu (section 4, samples split over the ranks), or the \
        static-NTK / gradient-independence approximations.
        """

    public static let timeAxis = TimeAxis(
        meaning: "training time t of gradient flow (record times snap to multiples of dt)",
        endParameter: "T", isDiscrete: false)

    public let setup: KernelDMFTSetup
    public let theoryEnabled: Bool
    private let fixedData: LazyDataSet

    /// The fixed data set (data_seed) used by the theory and, unless resample_data, the
    /// simulation. Drawn on first use, not when the model is built: `validate` and the
    /// plan build the model at every sweep point and must not allocate P x D inputs
    /// (up to 1e8 numbers) for each. The same stream every time, so the same bits.
    public var data: KernelDMFTData { fixedData.value }

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: KernelDMFTSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        try self.init(validated: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated; refuses a theory too large to solve.
    public init(validated setup: KernelDMFTSetup, theoryEnabled: Bool) throws {
        if theoryEnabled { try setup.validateTheorySize() }
        self.setup = setup
        self.theoryEnabled = theoryEnabled
        fixedData = LazyDataSet(setup: setup)
    }

    /// L = 1 tanh, P = 3, N = 16, T = 0.4 with 64 samples: a network and a Monte Carlo
    /// march of a 15 x 15 grid.
    public static let smallExample: ParameterSet = ["L": 1, "P": 3, "D": 5, "N": 16, "T": 0.4, "samples": 64]

    public var endTime: Double { setup.T }

    public var observables: [ObservableSpec] {
        let L = setup.L, P = setup.P
        let layer = [ObservableDimension("layer", L)]
        let kernel = [ObservableDimension("layer", L), ObservableDimension("sample_i", P),
                      ObservableDimension("sample_j", P)]
        return [
            ObservableSpec("loss", "training loss (1/2) sum_mu Delta_mu(t)^2, Delta = y - f (seed 002, eq. (3))"),
            ObservableSpec("delta_norm", "|Delta(t)|, Euclidean norm of the training error over the P points"),
            ObservableSpec("phi_trace", dims: layer, "sum_mu Phi^l_{mu mu}(t, t), feature kernel of eq. (2)"),
            ObservableSpec("phi_trace0", dims: layer, "sum_mu Phi^l_{mu mu}(t, 0), two-time feature kernel"),
            ObservableSpec("g_trace", dims: layer, "sum_mu G^l_{mu mu}(t, t), gradient kernel of eq. (2)"),
            ObservableSpec("g_trace0", dims: layer, "sum_mu G^l_{mu mu}(t, 0), two-time gradient kernel"),
            ObservableSpec("phi_kernel", dims: kernel, "Phi^l_{mu alpha}(t, t), P x P feature kernel (eq. (2))"),
            ObservableSpec("g_kernel", dims: kernel, "G^l_{mu alpha}(t, t), P x P gradient kernel (eq. (2))"),
            ObservableSpec("h_density", dims: [ObservableDimension("layer", L),
                                               ObservableDimension("h_bin", KernelPreactivationBins.count)],
                           "density of the preactivations h^l over neurons and points (Fig. 1b-c); bin b covers "
                           + "[-5 + b/4, -5 + (b+1)/4); NaN for the damped Monte Carlo iteration"),
        ]
    }

    public var theoryObservables: [ObservableSpec] {
        guard theoryEnabled else { return [] }
        return observables + [
            ObservableSpec("dmft_iterations",
                           "damped iterations to self-consistency (solver = iterate); 1 for the march, 0 for static_ntk"),
            ObservableSpec("dmft_residual", "self-consistency residual: max |F(x) - x| / max(1, |x|) over the kernels "
                + "and Delta of one undamped iteration from the march's solution, or of the last damped iteration "
                + "(docs/config.md, solver settings)"),
        ]
    }

    /// Per point; collective (samples over the ranks) when the Monte Carlo runs, i.e. for
    /// tanh/relu with approximation "dmft" or "gradient_independence". Linear networks and
    /// the static NTK are deterministic and run on one rank.
    public var theoryMode: TheoryMode {
        guard theoryEnabled else { return .none }
        return KernelDMFTTheory.usesMonteCarlo(setup) ? .perPointCollective : .perPoint
    }

    /// The Monte Carlo theories (tanh/relu beyond the static NTK) sample, so replicas
    /// (`theory.replicas`) give independent estimates; the closed forms are deterministic.
    public var theoryIsStochastic: Bool { theoryEnabled && KernelDMFTTheory.usesMonteCarlo(setup) }

    public var lossObservable: String { "loss" }

    /// Simulation: per step ~6 N P (N (L-1) + D) flops plus the record; memory the
    /// weights and fields. Theory (n = P T): the march costs one pass plus the checking
    /// iteration, ~36 L n^3 (linear) or ~28 L n^2 S (Monte Carlo, holding ~10 n x S
    /// fields per layer); the damped iteration ~30 iterations of ~30 L n^3 (linear) or
    /// L (20 n^3 + 14 n^2 S) (Monte Carlo).
    public var cost: CostEstimate {
        let N = Double(setup.N), P = Double(setup.P), L = Double(setup.L), D = Double(setup.D)
        let steps = Double(setup.steps)
        let sim = steps * 6 * N * P * (N * (L - 1) + D)
        let simBytes = 8 * (N * D + (L - 1) * N * N + N + 8 * L * N * P)
        let n = Double(setup.gridSize), S = Double(setup.samples)
        var theory = 0.0, theoryBytes = 0.0
        if theoryEnabled, setup.approximation != .staticNTK {
            let march = setup.solver == .march
            if setup.phi == .linear {
                theory = (march ? 36 : 30 * 30) * L * n * n * n
                theoryBytes = 8 * n * n * (march ? 10 * L + 4 : 4 * L + 10)
            } else {
                theory = march ? L * (28 * n * n * S + n * n * n) : 30 * L * (20 * n * n * n + 14 * n * n * S)
                theoryBytes = 8 * n * n * (4 * L + 12) + 8 * (march ? 10 * L * n * S : 20 * n * 64)
            }
        }
        return CostEstimate(flopsPerRealization: sim, bytesPerRealization: simBytes,
                            flopsPerTheory: theory, bytesPerTheory: theoryBytes)
    }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        var weights = seed.disorder(0)
        var realizationData = data
        if setup.resampleData {
            var stream = seed.disorder(1)
            realizationData = KernelDMFTData.draw(P: setup.P, D: setup.D, inputs: setup.inputs, target: setup.target,
                                                  targetNorm: setup.targetNorm, stream: &stream)
        }
        var sim = KernelDMFTSimulation(setup: setup, data: realizationData, weights: &weights)
        let (record, diverged) = try sim.run(times: times, control: control)
        return RealizationOutput(simulation: record.trajectories, diverged: diverged)
    }

    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories {
        guard theoryEnabled else { return Trajectories() }
        let theory = KernelDMFTTheory(setup: setup, data: data)
        let solution = try theory.solve(control: control, reduction: reduction, replica: replica)
        let record = theory.record(solution, times: times)
        var out = record.trajectories
        out["dmft_iterations"] = [Double](repeating: Double(solution.iterations), count: times.count)
        out["dmft_residual"] = [Double](repeating: solution.residual, count: times.count)
        return out
    }
}

/// The fixed data set of one model, drawn once when first asked for. Models are values
/// shared between threads (`Sendable`), so the draw is under a lock.
private final class LazyDataSet: @unchecked Sendable {
    private let setup: KernelDMFTSetup
    private let lock = NSLock()
    // Guarded by `lock`.
    private var drawn: KernelDMFTData?

    init(setup: KernelDMFTSetup) { self.setup = setup }

    var value: KernelDMFTData {
        lock.lock()
        defer { lock.unlock() }
        if let drawn { return drawn }
        var stream = RandomStream(key: .dataSet(seed: UInt64(setup.dataSeed), substream: 0))
        let data = KernelDMFTData.draw(P: setup.P, D: setup.D, inputs: setup.inputs, target: setup.target,
                                       targetNorm: setup.targetNorm, stream: &stream)
        drawn = data
        return data
    }
}
