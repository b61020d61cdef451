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

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("D", .int, default: .int(200), "input dimension D (>= 1; the DMFT is D -> infinity at fixed nu, alpha)"),
        ParameterSpec("nu", .double, default: .double(1), "width ratio nu = N/D (> 0; inf for the theory only)",
                      allowsInfinity: true),
        ParameterSpec("alpha", .double, default: .double(2),
                      "data ratio alpha = P/D of the fixed training set (> 0; inf: population GD, theory only)",
                      allowsInfinity: true),
        ParameterSpec("batch_alpha", .double, default: .double(0),
                      "0: full-batch GD on P points; > 0: online SGD with B = batch_alpha D fresh points per step (app. D)",
                      allowsInfinity: true),
        ParameterSpec("L", .int, default: .int(2), "hidden layers L (>= 1): L + 1 weight matrices W^0, W^1..W^{L-1}, w^L"),
        ParameterSpec("gamma0", .double, default: .double(1), "richness gamma0 (> 0); feature learning vanishes as gamma0 -> 0"),
        ParameterSpec("eta", .double, default: .double(0.1),
                      "learning rate eta (> 0); the lazy limit is stable when (L + 1) eta (1 + 1/sqrt alpha)^2 < 2"),
        ParameterSpec("sigma", .double, default: .double(0), "label noise sigma (>= 0): y = w*.x / sqrt D + sigma eps"),
        ParameterSpec("T", .int, default: .int(100), "GD steps (>= 0); time counts steps, t = 0 is the initialization"),
        ParameterSpec("parameterization", .choice(DeepLinearSetup.Parameterization.allCases.map(\.rawValue)),
                      default: .string("muP"), "\"muP\": gamma0 as given; \"NTK\": gamma0 / sqrt(nu) (sec. 2, Fig. 1)"),
        ParameterSpec("centering", .bool, default: .bool(false),
                      "subtract the initial function f(x, 0) (app. A.3, eq. (69)); removes the 1/(nu gamma0^2) init variance"),
        ParameterSpec("residual", .bool, default: .bool(false),
                      "residual blocks h^{l+1} = h^l + (beta/sqrt N) W^l h^l (eq. (16), app. C) instead of an MLP"),
        ParameterSpec("beta", .double, default: .double(1), "residual branch scale beta (>= 0; residual = true only)"),
        ParameterSpec("beta0", .double, default: .double(0),
                      "when > 0, beta = beta0 / sqrt(L) (depth-muP, sec. 3, Figs. 4-5); overrides beta"),
        ParameterSpec("two_time", .bool, default: .bool(true),
                      "also store the theory's two-time C_h(t, s), C_g(t, s) for every step s (size (L + 1) (T + 1) per time)"),
        ParameterSpec("dmft_solver", .choice(DeepLinearDMFT.Method.allCases.map(\.rawValue)), default: .string("march"),
                      "\"march\": exact row-by-row solve, O(L T^3); \"iterate\": damped fixed-point sweeps from zero"),
        ParameterSpec("dmft_damping", .double, default: .double(1), "lambda in q <- (1 - lambda) q + lambda F(q), 0 < lambda <= 1"),
        ParameterSpec("dmft_tolerance", .double, default: .double(1e-10),
                      "stop when max |F(q) - q| / max(1, |q|) is below this (> 0); the march's check must meet it too"),
        ParameterSpec("dmft_max_sweeps", .int, default: .int(0), "sweep limit of \"iterate\" (0: 2 (T + 1) + 100)"),
    ]

    public static let timeAxis = TimeAxis(meaning: "GD steps t (t = 0 is the initialization; recorded before step t's update)",
                                          endParameter: "T", isDiscrete: true)

    public let setup: DeepLinearSetup
    public let theoryEnabled: Bool
    public let twoTime: Bool
    public let solver: DeepLinearDMFT

    public init(parameters p: ParameterSet, theoryEnabled: Bool) throws {
        let name = try p.string("parameterization")
        guard let parameterization = DeepLinearSetup.Parameterization(rawValue: name) else {
            throw ModelError("model.parameterization = \"\(name)\" is not known: use \"muP\" or \"NTK\"")
        }
        setup = try DeepLinearSetup(
            D: p.int("D"), nu: p.double("nu"), alpha: p.double("alpha"), batchAlpha: p.double("batch_alpha"),
            L: p.int("L"), gamma0: p.double("gamma0"), eta: p.double("eta"), sigma: p.double("sigma"), T: p.int("T"),
            parameterization: parameterization, centering: p.bool("centering"), residual: p.bool("residual"),
            beta: p.double("beta"), beta0: p.double("beta0"))
        let methodName = try p.string("dmft_solver")
        guard let method = DeepLinearDMFT.Method(rawValue: methodName) else {
            throw ModelError("model.dmft_solver = \"\(methodName)\" is not known: use \"march\" or \"iterate\"")
        }
        let damping = try p.double("dmft_damping"), tolerance = try p.double("dmft_tolerance")
        let maxSweeps = try p.int("dmft_max_sweeps")
        guard damping > 0 && damping <= 1 else {
            throw ModelError("model.dmft_damping = \(damping): the damping must be in (0, 1]")
        }
        guard tolerance.isFinite && tolerance > 0 else {
            throw ModelError("model.dmft_tolerance = \(tolerance): the tolerance must be a positive number")
        }
        guard maxSweeps >= 0 else { throw ModelError("model.dmft_max_sweeps = \(maxSweeps): must be >= 0 (0: automatic)") }
        if setup.parameterization == .NTK && !setup.nu.isFinite {
            throw ModelError("model.nu = inf with parameterization = \"NTK\" sends gamma0 / sqrt(nu) to 0: use a large finite nu")
        }
        if theoryEnabled && (setup.residual ? 4.0 * Double(setup.L * setup.L) : 8.0 * Double(setup.L)) * Double(setup.T + 1)
            * Double(setup.T + 1) * 16 > 64e9 {
            throw ModelError("model.T = \(setup.T), L = \(setup.L): the DMFT needs more than 64 GB; lower T or L")
        }
        twoTime = try p.bool("two_time")
        solver = DeepLinearDMFT(setup: setup, method: method, damping: damping, tolerance: tolerance, maxSweeps: maxSweeps)
        self.theoryEnabled = theoryEnabled
    }

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
            ObservableSpec("dmft_residual", "max relative change of a Gauss-Seidel sweep at the solution (0 is exact)"),
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
        return RealizationOutput(simulation: [run.testLoss, run.trainLoss, run.Ch, run.Cg], diverged: run.diverged)
    }

    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction) throws -> Trajectories {
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
        var out: Trajectories = [series(solution.testLoss), series(solution.trainLoss),
                                 diagonals(solution.ch), diagonals(solution.cg)]
        if twoTime { out += [rows(solution.ch), rows(solution.cg)] }
        out += [series(solution.bias), series(solution.widthVariance), series(solution.dataVariance),
                steps.map { _ in solution.convergence.residual }]
        return out
    }
}
