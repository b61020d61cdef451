/// `model.kind = "deep_linear"`: deep linear networks trained by gradient descent from
/// random initialization on random data (seed 004, Bordelon & Pehlevan): the finite-width
/// network of eqs. (24)-(26) / (86), and the DMFT of eqs. (65)-(68) solved exactly per
/// sweep point. See docs/models/deep_linear.md.
public struct DeepLinear: Model {
    public static let kind = "deep_linear"
    public static let summary = """
        Deep linear networks (L hidden layers of width N = nu D) trained by full-batch GD on \
        P = alpha D random points, or by online SGD on batches of batch_alpha D, from random \
        initialization (seed 004). Records test and train loss and the layer correlations \
        C_h, C_g per GD step; the theory is the seed's DMFT of correlation and response \
        functions, solved exactly by causal T x T linear algebra (muP or NTK, centering, \
        residual blocks).
        """

    public static let timeAxis = TimeAxis(meaning: "GD steps t (t = 0 is the initialization; recorded before step t's update)",
                                          endParameter: "T", isDiscrete: true)

    public let setup: DeepLinearSetup
    public let theoryEnabled: Bool
    public let solver: DeepLinearDMFT

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: DeepLinearSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        try self.init(validated: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated; refuses a DMFT that would not fit in memory.
    public init(validated setup: DeepLinearSetup, theoryEnabled: Bool) throws {
        if theoryEnabled && (setup.residual ? 4.0 * Double(setup.L * setup.L) : 8.0 * Double(setup.L)) * Double(setup.T + 1)
            * Double(setup.T + 1) * 16 > 64e9 {
            throw ModelError("model.T = \(setup.T), L = \(setup.L): the DMFT needs more than 64 GB; lower T or L")
        }
        self.setup = setup
        solver = DeepLinearDMFT(setup: setup)
        self.theoryEnabled = theoryEnabled
    }

    /// D = 12, L = 2, T = 4: a network and a DMFT of a few 5 x 5 matrices.
    public static let smallExample: ParameterSet = ["D": 12, "T": 4]

    private var twoTime: Bool { setup.twoTime }

    public var endTime: Double { Double(setup.T) }

    private var layerH: ObservableDimension { ObservableDimension("layer_h", setup.L + 1) }
    private var layerG: ObservableDimension { ObservableDimension("layer_g", setup.L) }

    /// Test and train loss, C_h^l (l = 0..L) and C_g^l (l = 1..L) at equal times.
    public var observables: [ObservableSpec] {
        [
            ObservableSpec("test_loss", "test loss |v|^2/D + sigma^2, the population risk (seed 004, eqs. (8), (68))"),
            ObservableSpec("train_loss", "train loss |Delta|^2/P on the training set (online SGD: on the current batch)"),
            ObservableSpec("C_h", dims: [layerH],
                           "forward correlations C_h^l(t,t) = |h^l|^2/N, l = 0..L (l = 0: |h^0|^2/D) (eq. (27))"),
            ObservableSpec("C_g", dims: [layerG], "backward correlations C_g^l(t,t) = |g^l|^2/N, l = 1..L (eq. (27))"),
        ]
    }

    /// The simulated observables, and from the DMFT also the two-time correlations, the
    /// eq. (13) decomposition and the self-consistency residual.
    public var theoryObservables: [ObservableSpec] {
        guard theoryEnabled else { return [] }
        let step = ObservableDimension("step", setup.T + 1)
        var specs = observables
        if twoTime {
            specs += [
                ObservableSpec("C_h_two_time", dims: [layerH, step], "C_h^l(t, s) for every step s (eq. (67))"),
                ObservableSpec("C_g_two_time", dims: [layerG, step], "C_g^l(t, s) for every step s (eq. (67))"),
            ]
        }
        specs += [
            ObservableSpec("bias", "eq. (13) bias term S* (sum_s Q(t,s))^2 of the test loss"),
            ObservableSpec("width_variance", "eq. (13) width variance (nu gamma0^2)^-1 [R_vr C_g^1 R_vr^T](t,t)"),
            ObservableSpec("data_variance", "eq. (13) data variance alpha^-1 [R_vu C_Delta R_vu^T](t,t) (online: batch noise)"),
            ObservableSpec("dmft_residual", "self-consistency residual: max |F(q) - q| / max(1, |q|) of one "
                           + "Gauss-Seidel sweep at the solution (0 is exact; docs/config.md, solver settings)"),
            ObservableSpec("eos_indicator", "edge-of-stability indicator: max over steps s <= t of eta lambda_data "
                           + "kappa(s), kappa the tangent kernel along the gradient (C_g^1 + sum_l C_g^(l+1) C_h^l/C_h^0), "
                           + "lambda_data = (1 + alpha^-1/2)^2 (online: 1 + 1/batch_alpha); above 2 GD is unstable "
                           + "(docs/models/deep_linear.md)"),
        ]
        return specs
    }

    public var theoryMode: TheoryMode { theoryEnabled ? .perPoint : .none }
    public var lossObservable: String { "test_loss" }

    /// Flops and bytes from the shapes: per step the forward and backward passes and the
    /// rank-one updates (2 flops per weight each, so 6 per weight) and the data products
    /// (4 P D), plus 40 flop-equivalents per Gaussian drawn; the DMFT's O(L T^3) row
    /// kernels (about 30 (L + 1) n^3 / 3 flops for the MLP, 4 L^2 n^3 for residual maps).
    public var cost: CostEstimate {
        // Sizes in Double: nu, alpha or batch_alpha may be inf in a theory-only run.
        let D = Double(setup.D), N = (setup.nu * D).rounded(), L = Double(setup.L), T = Double(setup.T)
        let data = ((setup.isOnline ? setup.batchAlpha : setup.alpha) * D).rounded() * D
        let weights = N * D + (L - 1) * N * N + N
        let perStep = 6 * weights + 4 * data + (setup.isOnline ? 40 * data : 0)
        let simulationFlops = T * perStep + 40 * (weights + data + D)
        let simulationBytes = 8 * (weights + data + 4 * (N + D) + (setup.alpha * D).rounded())
        let n = T + 1
        let residualMaps = setup.residual ? 4 * L * L : 0
        let theoryFlops = theoryEnabled ? (30 * (L + 1) / 3 + residualMaps) * n * n * n : 0
        let theoryBytes = theoryEnabled ? 2 * 8 * (20 + 8 * L + residualMaps) * n * n : 0
        return CostEstimate(flopsPerRealization: simulationFlops, bytesPerRealization: simulationBytes,
                            flopsPerTheory: theoryFlops, bytesPerTheory: theoryBytes)
    }

    public func checkSimulation() throws { try setup.validateForSimulation() }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        let run = try DeepLinearSimulation.run(setup: setup, seed: seed, times: times, control: control)
        return RealizationOutput(simulation: ["test_loss": run.testLoss, "train_loss": run.trainLoss, "C_h": run.Ch,
                                              "C_g": run.Cg], diverged: run.diverged)
    }

    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories {
        let solution = try solver.solve(control: control)
        let n = solution.n
        let steps = times.map { min(max(Int($0.rounded()), 0), n - 1) }
        func series(_ values: [Double]) -> [Double] { steps.map { values[$0] } }
        func diagonals(_ matrices: [[Double]]) -> [Double] {
            steps.flatMap { t in matrices.map { $0[t * n + t] } }
        }
        func rows(_ matrices: [[Double]]) -> [Double] {
            steps.flatMap { t in matrices.flatMap { $0[(t * n)..<(t * n + n)] } }
        }
        var out: Trajectories = [
            "test_loss": series(solution.testLoss), "train_loss": series(solution.trainLoss),
            "C_h": diagonals(solution.ch), "C_g": diagonals(solution.cg),
            "bias": series(solution.bias), "width_variance": series(solution.widthVariance),
            "data_variance": series(solution.dataVariance),
            "dmft_residual": steps.map { _ in solution.convergence.residual },
            "eos_indicator": series(DeepLinearStability.indicator(setup: setup, ch: solution.ch, cg: solution.cg,
                                                                  n: n)),
        ]
        if twoTime {
            out["C_h_two_time"] = rows(solution.ch)
            out["C_g_two_time"] = rows(solution.cg)
        }
        return out
    }
}
