/// The validated parameters of one `kernel_dmft` sweep point, in seed 002's notation.
public struct KernelDMFTSetup: DeclaredSetup, Equatable {
    public enum Inputs: String, Sendable, CaseIterable { case gaussian, whitened }
    public enum Target: String, Sendable, CaseIterable {
        case linear
        case singleIndex = "single_index"
    }
    /// Which theory: the full self-consistent DMFT, the gradient-independence ansatz
    /// A = B = 0 (seed section 5.1), or the static NTK (gamma0 = 0 kernels, seed eq. (3)).
    public enum Approximation: String, Sendable, CaseIterable {
        case dmft
        case gradientIndependence = "gradient_independence"
        case staticNTK = "static_ntk"
    }
    /// How the self-consistent equations are solved: marching forward in time (each time
    /// row of the kernels is fixed by the earlier ones, so one causal pass solves them), or
    /// the damped fixed-point iteration of seed 002's section 4.
    public enum Solver: String, Sendable, CaseIterable { case march, iterate }
    /// How Delta(t) follows from the kernels (`KernelDMFTPrediction`): eq. (3) stepped with
    /// the NTK at both ends of a step (trapezoid) or at its start (ntk), or the exact
    /// discrete readout through rho.
    public enum Prediction: String, Sendable, CaseIterable { case trapezoid, ntk, readout }

    public var L: Int
    public var phi: KernelActivation
    public var gamma0: Double
    public var P: Int
    public var D: Int
    public var inputs: Inputs
    public var target: Target
    public var targetNorm: Double
    public var T: Double
    public var dt: Double
    public var N: Int
    public var dataSeed: Int
    public var resampleData: Bool
    public var approximation: Approximation
    public var solver: Solver
    public var prediction: Prediction
    public var samples: Int
    public var damping: Double
    public var tolerance: Double
    public var maxIterations: Int
    public var theorySeed: Int

    public static let schema = ParameterSchema<Self>([
        .int("L", \.L, default: 2, bounds: .within(1, 31), isSize: true, "hidden layers L; L = 1 is the two-layer network"),
        .choice("phi", \.phi, default: .tanh,
                "activation phi: \"linear\" (closed-form DMFT, eq. 11), \"tanh\" or \"relu\" (Monte Carlo)"),
        .double("gamma0", \.gamma0, default: 1, bounds: .positive,
                "feature-learning strength gamma0 = gamma / sqrt N; use approximation = \"static_ntk\" for gamma0 -> 0"),
        .int("P", \.P, default: 10, bounds: .within(1, Double(maxGridSize)), isSize: true, "training points P"),
        .int("D", \.D, default: 50, bounds: .within(1, 1e8), isSize: true,
             "input dimension D (>= P for whitened inputs)"),
        .choice("inputs", \.inputs, default: .gaussian,
                "x ~ N(0, I_D) (\"gaussian\") or orthonormal x with K^x = I (\"whitened\")"),
        .choice("target", \.target, default: .linear,
                "teacher beta ~ N(0, I_D): y = beta.x/sqrt D (\"linear\") or tanh(beta.x/sqrt D) (\"single_index\")"),
        .double("target_norm", \.targetNorm, default: 0, bounds: .nonNegative,
                "rescale targets to |y| = target_norm, or keep the teacher's scale (0)"),
        .double("T", \.T, default: 10, bounds: .positive, unit: "gradient-flow time", isSize: true, "final training time T"),
        .double("dt", \.dt, default: 0.1, bounds: .positive,
                "Euler step dt of gradient flow; the DMFT grid has T/dt + 1 times"),
        .int("N", \.N, default: 500, bounds: .within(1, Double(maxWidth)), isSize: true,
             "hidden width N of the simulated networks"),
        .int("data_seed", \.dataSeed, default: 1, bounds: .atLeast(0),
             "seed of the fixed data set (x, y) shared by the simulation and the theory"),
        .bool("resample_data", \.resampleData, default: false,
              "true: each realization draws its own data set (the theory keeps the data_seed set)"),
        .choice("approximation", \.approximation, default: .dmft,
                "theory: full \"dmft\", \"gradient_independence\" (A = B = 0), or \"static_ntk\" (gamma0 = 0 kernels)"),
        .choice("solver", \.solver, default: .march,
                "\"march\": one causal pass forward in time (exact for linear phi); \"iterate\": the damped "
                    + "fixed-point iteration of seed 002, section 4 (uses damping, max_iterations)"),
        .choice("prediction", \.prediction, default: .trapezoid,
                "Delta(t) from eq. 3: \"trapezoid\" steps Delta with the NTK at both ends of each Euler step "
                    + "(O(dt^2) from the networks' steps), \"ntk\" at its start (O(dt)); \"readout\" is their exact "
                    + "limit, but by Monte Carlo its loss cannot fall below ~ |y|^2 / samples"),
        .int("samples", \.samples, default: 2000, bounds: .within(1, Double(StreamKey.maxSamples)), isSize: true,
             "Monte Carlo samples S of u, r per layer and iteration (nonlinear phi)"),
        .double("damping", \.damping, default: 0.5, bounds: .aboveUpTo(0, 1),
                "beta of the damped update X <- (1 - beta) X + beta X_new (iterate)"),
        .double("tolerance", \.tolerance, default: 1e-4, bounds: .positive,
                "largest residual accepted (see docs/config.md, solver settings): iterate stops below it, "
                    + "the march's check iteration must meet it"),
        .int("max_iterations", \.maxIterations, default: 200, bounds: .within(1, 1e9),
             "damped iterations of \"iterate\" before failing"),
        .int("theory_seed", \.theorySeed, default: 1, bounds: .atLeast(0),
             "seed of the Monte Carlo streams (the same samples at every iteration and rank)"),
    ])

    public init(resolved p: ResolvedParameters<Self>) throws {
        L = try p[\.L]
        phi = try p[\.phi]
        gamma0 = try p[\.gamma0]
        P = try p[\.P]
        D = try p[\.D]
        inputs = try p[\.inputs]
        target = try p[\.target]
        targetNorm = try p[\.targetNorm]
        T = try p[\.T]
        dt = try p[\.dt]
        N = try p[\.N]
        dataSeed = try p[\.dataSeed]
        resampleData = try p[\.resampleData]
        approximation = try p[\.approximation]
        solver = try p[\.solver]
        prediction = try p[\.prediction]
        samples = try p[\.samples]
        damping = try p[\.damping]
        tolerance = try p[\.tolerance]
        maxIterations = try p[\.maxIterations]
        theorySeed = try p[\.theorySeed]
    }

    /// Gradient steps: round(T / dt).
    public var steps: Int { Int((T / dt).rounded()) }
    /// Points of the DMFT time grid, t_k = k dt for k = 0...steps.
    public var timePoints: Int { steps + 1 }
    /// Side of the P T x P T kernel matrices.
    public var gridSize: Int { P * timePoints }

    /// Largest P T side of the DMFT matrices (memory and O((P T)^3) time).
    public static let maxGridSize = 6000
    /// Largest width N (the N x N weight matrices).
    public static let maxWidth = 20000

    /// Checks the constraints between parameters (each one's bounds are the schema's);
    /// the message names the parameter and how to fix it.
    public func checkCombination() throws {
        if inputs == .whitened, P > D {
            throw ModelError("model.D = \(D) must be >= P = \(P) for inputs = \"whitened\" (orthonormal inputs)")
        }
        guard T / dt <= 1e6, steps >= 1 else {
            throw ModelError("model.T / model.dt = \(T / dt) must give between 1 and 10^6 steps")
        }
        guard Double(P) * Double(D) <= 1e8 else {
            throw ModelError("model.P x model.D = \(Double(P) * Double(D)) inputs exceed 1e8 numbers (800 MB); reduce P or D")
        }
    }

    /// Largest number of stored single-site field values of the Monte Carlo march
    /// (about 10 L n S Doubles over all ranks: 64 GB).
    public static let maxMarchFieldValues = 8e9

    /// The DMFT's P T x P T matrices (and the march's sample histories) must fit (checked
    /// when the theory is enabled).
    public func validateTheorySize() throws {
        guard gridSize <= Self.maxGridSize else {
            throw ModelError("model.P * (T / dt + 1) = \(gridSize) exceeds \(Self.maxGridSize): the DMFT "
                + "stores (P T)^2 kernels and costs (P T)^3 per iteration; increase model.dt or reduce model.T or model.P")
        }
        let marchesSamples = solver == .march && phi != .linear && approximation != .staticNTK
        let values = 10 * Double(L) * Double(gridSize) * Double(samples)
        guard !marchesSamples || values <= Self.maxMarchFieldValues else {
            throw ModelError("model.samples = \(samples) with L = \(L) on a grid of n = P (T/dt + 1) = \(gridSize) would "
                + "hold \(Int(values * 8 / 1e9)) GB of single-site histories in the march; reduce model.samples, "
                + "model.T or model.P, or increase model.dt")
        }
    }
}
