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

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("L", .int, default: .int(2), "hidden layers L (1...31); L = 1 is the two-layer network"),
        ParameterSpec("phi", .choice(KernelActivation.allCases.map(\.rawValue)), default: .string("tanh"),
                      "activation phi: \"linear\" (closed-form DMFT, eq. 11), \"tanh\" or \"relu\" (Monte Carlo)"),
        ParameterSpec("gamma0", .double, default: .double(1),
                      "feature-learning strength gamma0 = gamma / sqrt N (> 0); -> 0 is the static NTK"),
        ParameterSpec("P", .int, default: .int(10), "training points P (>= 1)"),
        ParameterSpec("D", .int, default: .int(50), "input dimension D (>= 1; >= P for whitened inputs)"),
        ParameterSpec("inputs", .choice(KernelDMFTSetup.Inputs.allCases.map(\.rawValue)), default: .string("gaussian"),
                      "x ~ N(0, I_D) (\"gaussian\") or orthonormal x with K^x = I (\"whitened\")"),
        ParameterSpec("target", .choice(KernelDMFTSetup.Target.allCases.map(\.rawValue)), default: .string("linear"),
                      "teacher beta ~ N(0, I_D): y = beta.x/sqrt D (\"linear\") or tanh(beta.x/sqrt D) (\"single_index\")"),
        ParameterSpec("target_norm", .double, default: .double(0),
                      "rescale targets to |y| = target_norm (> 0), or keep the teacher's scale (0)"),
        ParameterSpec("T", .double, default: .double(10), "final training time T (> 0)"),
        ParameterSpec("dt", .double, default: .double(0.1),
                      "Euler step dt of gradient flow (> 0); the DMFT grid has T/dt + 1 times"),
        ParameterSpec("N", .int, default: .int(500), "hidden width N of the simulated networks (>= 1)"),
        ParameterSpec("data_seed", .int, default: .int(1),
                      "seed of the fixed data set (x, y) shared by the simulation and the theory"),
        ParameterSpec("resample_data", .bool, default: .bool(false),
                      "true: each realization draws its own data set (the theory keeps the data_seed set)"),
        ParameterSpec("approximation", .choice(KernelDMFTSetup.Approximation.allCases.map(\.rawValue)),
                      default: .string("dmft"),
                      "theory: full \"dmft\", \"gradient_independence\" (A = B = 0), or \"static_ntk\" (gamma0 = 0 kernels)"),
        ParameterSpec("solver", .choice(KernelDMFTSetup.Solver.allCases.map(\.rawValue)), default: .string("march"),
                      "\"march\": one causal pass forward in time (exact for linear phi); \"iterate\": the damped "
                      + "fixed-point iteration of seed 002, section 4 (uses damping, max_iterations)"),
        ParameterSpec("prediction", .choice(KernelDMFTSetup.Prediction.allCases.map(\.rawValue)),
                      default: .string("trapezoid"),
                      "Delta(t) from eq. 3: \"trapezoid\" steps Delta with the NTK at both ends of each Euler step "
                      + "(O(dt^2) from the networks' steps), \"ntk\" at its start (O(dt)); \"readout\" is their exact "
                      + "limit, but by Monte Carlo its loss cannot fall below ~ |y|^2 / samples"),
        ParameterSpec("samples", .int, default: .int(2000),
                      "Monte Carlo samples S of u, r per layer and iteration (nonlinear phi)"),
        ParameterSpec("damping", .double, default: .double(0.5),
                      "DMFT update speed beta in (0, 1]: X <- (1 - beta) X + beta X_new"),
        ParameterSpec("tolerance", .double, default: .double(1e-4),
                      "stop when the largest relative change of a kernel or of Delta is below this (> 0)"),
        ParameterSpec("max_iterations", .int, default: .int(200), "DMFT iterations before failing (>= 1)"),
        ParameterSpec("theory_seed", .int, default: .int(1),
                      "seed of the Monte Carlo streams (the same samples at every iteration and rank)"),
    ]

    public static let timeAxis = TimeAxis(
        meaning: "training time t of gradient flow (record times snap to multiples of dt)",
        endParameter: "T", isDiscrete: false)

    public let setup: KernelDMFTSetup
    public let theoryEnabled: Bool
    /// The fixed data set (data_seed) used by the theory and, unless resample_data, the simulation.
    public let data: KernelDMFTData

    public init(parameters p: ParameterSet, theoryEnabled: Bool) throws {
        let phi = try Self.choice(p, "phi", KernelActivation.self)
        let inputs = try Self.choice(p, "inputs", KernelDMFTSetup.Inputs.self)
        let target = try Self.choice(p, "target", KernelDMFTSetup.Target.self)
        let approximation = try Self.choice(p, "approximation", KernelDMFTSetup.Approximation.self)
        let solver = try Self.choice(p, "solver", KernelDMFTSetup.Solver.self)
        let prediction = try Self.choice(p, "prediction", KernelDMFTSetup.Prediction.self)
        let setup = try KernelDMFTSetup(
            L: p.int("L"), phi: phi, gamma0: p.double("gamma0"), P: p.int("P"), D: p.int("D"), inputs: inputs,
            target: target, targetNorm: p.double("target_norm"), T: p.double("T"), dt: p.double("dt"),
            N: p.int("N"), dataSeed: p.int("data_seed"), resampleData: p.bool("resample_data"),
            approximation: approximation, solver: solver, prediction: prediction,
            samples: p.int("samples"), damping: p.double("damping"),
            tolerance: p.double("tolerance"), maxIterations: p.int("max_iterations"),
            theorySeed: p.int("theory_seed"))
        try self.init(setup: setup, theoryEnabled: theoryEnabled)
    }

    /// The case of `E` named by the string parameter `name`, or a one-line error listing
    /// the accepted spellings.
    private static func choice<E: RawRepresentable & CaseIterable>(_ p: ParameterSet, _ name: String, _: E.Type)
        throws -> E where E.RawValue == String {
        let value = try p.string(name)
        if let e = E(rawValue: value) { return e }
        let spellings = E.allCases.map { "\"\($0.rawValue)\"" }
        let list = spellings.count > 1
            ? spellings.dropLast().joined(separator: ", ") + " or " + (spellings.last ?? "") : spellings.joined()
        throw ModelError("model.\(name) = \"\(value)\" is not known: use \(list)")
    }

    /// The model for an explicit setup (tools and tests).
    public init(setup: KernelDMFTSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        if theoryEnabled { try setup.validateTheorySize() }
        self.setup = setup
        self.theoryEnabled = theoryEnabled
        var stream = RandomStream(key: .dataSet(seed: UInt64(setup.dataSeed), substream: 0))
        data = KernelDMFTData.draw(P: setup.P, D: setup.D, inputs: setup.inputs, target: setup.target,
                                   targetNorm: setup.targetNorm, stream: &stream)
    }

    /// The complete parameter set of a setup.
    public static func parameterSet(_ s: KernelDMFTSetup) -> ParameterSet {
        ParameterSet([
            "L": .int(s.L), "phi": .string(s.phi.rawValue), "gamma0": .double(s.gamma0), "P": .int(s.P),
            "D": .int(s.D), "inputs": .string(s.inputs.rawValue), "target": .string(s.target.rawValue),
            "target_norm": .double(s.targetNorm), "T": .double(s.T), "dt": .double(s.dt), "N": .int(s.N),
            "data_seed": .int(s.dataSeed), "resample_data": .bool(s.resampleData),
            "approximation": .string(s.approximation.rawValue), "solver": .string(s.solver.rawValue),
            "prediction": .string(s.prediction.rawValue),
            "samples": .int(s.samples),
            "damping": .double(s.damping), "tolerance": .double(s.tolerance),
            "max_iterations": .int(s.maxIterations), "theory_seed": .int(s.theorySeed),
        ])
    }

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
            ObservableSpec("dmft_residual", "largest relative change of a kernel or Delta in one undamped iteration "
                + "from the march's solution, or at the last damped iteration"),
        ]
    }

    /// Per point; collective (samples over the ranks) when the Monte Carlo runs, i.e. for
    /// tanh/relu with approximation "dmft" or "gradient_independence". Linear networks and
    /// the static NTK are deterministic and run on one rank.
    public var theoryMode: TheoryMode {
        guard theoryEnabled else { return .none }
        return KernelDMFTTheory(setup: setup, data: data).usesMonteCarlo ? .perPointCollective : .perPoint
    }

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

    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction) throws -> Trajectories {
        guard theoryEnabled else { return [] }
        let theory = KernelDMFTTheory(setup: setup, data: data)
        let solution = try theory.solve(control: control, reduction: reduction)
        let record = theory.record(solution, times: times)
        return record.trajectories + [
            [Double](repeating: Double(solution.iterations), count: times.count),
            [Double](repeating: solution.residual, count: times.count),
        ]
    }
}
