/// The validated parameters of one `kernel_dmft` sweep point, in seed 002's notation.
public struct KernelDMFTSetup: Sendable, Equatable {
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

    public init(L: Int = 2, phi: KernelActivation = .tanh, gamma0: Double = 1, P: Int = 10, D: Int = 50,
                inputs: Inputs = .gaussian, target: Target = .linear, targetNorm: Double = 0,
                T: Double = 10, dt: Double = 0.1, N: Int = 500, dataSeed: Int = 1, resampleData: Bool = false,
                approximation: Approximation = .dmft, solver: Solver = .march,
                prediction: Prediction = .trapezoid, samples: Int = 2000, damping: Double = 0.5,
                tolerance: Double = 1e-4, maxIterations: Int = 200, theorySeed: Int = 1) {
        self.L = L
        self.phi = phi
        self.gamma0 = gamma0
        self.P = P
        self.D = D
        self.inputs = inputs
        self.target = target
        self.targetNorm = targetNorm
        self.T = T
        self.dt = dt
        self.N = N
        self.dataSeed = dataSeed
        self.resampleData = resampleData
        self.approximation = approximation
        self.solver = solver
        self.prediction = prediction
        self.samples = samples
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.theorySeed = theorySeed
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

    /// Checks every constraint; the message names the parameter and how to fix it.
    public func validate() throws {
        guard (1...31).contains(L) else { throw ModelError("model.L = \(L) must be between 1 and 31 hidden layers") }
        guard gamma0.isFinite, gamma0 > 0 else {
            throw ModelError("model.gamma0 = \(gamma0) must be > 0 (f = w.phi / (gamma0 N)); "
                + "use approximation = \"static_ntk\" for the gamma0 -> 0 limit")
        }
        guard P >= 1 else { throw ModelError("model.P = \(P) must be >= 1 training point") }
        guard D >= 1 else { throw ModelError("model.D = \(D) must be >= 1") }
        if inputs == .whitened, P > D {
            throw ModelError("model.D = \(D) must be >= P = \(P) for inputs = \"whitened\" (orthonormal inputs)")
        }
        guard targetNorm.isFinite, targetNorm >= 0 else {
            throw ModelError("model.target_norm = \(targetNorm) must be >= 0 (0 keeps the teacher's scale)")
        }
        guard dt.isFinite, dt > 0 else { throw ModelError("model.dt = \(dt) must be > 0") }
        guard T.isFinite, T > 0 else { throw ModelError("model.T = \(T) must be > 0") }
        guard T / dt <= 1e6, steps >= 1 else {
            throw ModelError("model.T / model.dt = \(T / dt) must give between 1 and 10^6 steps")
        }
        guard (1...Self.maxWidth).contains(N) else {
            throw ModelError("model.N = \(N) must be between 1 and \(Self.maxWidth)")
        }
        guard dataSeed >= 0 else { throw ModelError("model.data_seed = \(dataSeed) must be >= 0") }
        guard theorySeed >= 0 else { throw ModelError("model.theory_seed = \(theorySeed) must be >= 0") }
        guard samples >= 1, samples <= StreamKey.maxSamples else {
            throw ModelError("model.samples = \(samples) must be >= 1")
        }
        guard damping.isFinite, damping > 0, damping <= 1 else {
            throw ModelError("model.damping = \(damping) must be in (0, 1]")
        }
        guard tolerance.isFinite, tolerance > 0 else { throw ModelError("model.tolerance = \(tolerance) must be > 0") }
        guard maxIterations >= 1 else { throw ModelError("model.max_iterations = \(maxIterations) must be >= 1") }
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
