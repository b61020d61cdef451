/// The parameters of one deep-linear-network sweep point (seed 004), checked, with the
/// derived sizes and effective constants both the simulation and the DMFT use.
///
/// Notation is the seed's: D input dimension, N = nu D hidden width, P = alpha D training
/// points (full batch, eqs. (24)-(26)) or B = batch_alpha D fresh points per step (online
/// SGD, eq. (86)), L hidden layers (L + 1 weight tensors), gamma0 the richness, eta the
/// learning rate, sigma the label noise, T the number of GD steps. See
/// docs/models/deep_linear_derivation.md for the model exactly as implemented.
public struct DeepLinearSetup: DeclaredSetup, Equatable {
    /// How gamma0 depends on the width (seed 004, sec. 2 and Fig. 1).
    public enum Parameterization: String, Sendable, CaseIterable {
        /// Mean field / muP: the dynamics use gamma0 as given.
        case muP
        /// NTK: the dynamics use gamma0 / sqrt(nu), so feature learning vanishes as nu grows.
        case NTK
    }

    public var D: Int
    public var nu: Double
    public var alpha: Double
    /// 0 for full-batch GD on a fixed data set of P = alpha D points; > 0 for online SGD
    /// with B = batch_alpha D fresh points per step (appendix D).
    public var batchAlpha: Double
    public var L: Int
    public var gamma0: Double
    public var eta: Double
    public var sigma: Double
    public var T: Int
    public var parameterization: Parameterization
    /// Subtract the network's initial function (appendix A.3, eq. (69)).
    public var centering: Bool
    /// Residual blocks h^{l+1} = h^l + (beta / sqrt N) W^l h^l (eq. (16), appendix C).
    public var residual: Bool
    public var beta: Double
    /// When > 0, beta = beta0 / sqrt(L) (depth-muP, seed 004 sec. 3); overrides `beta`.
    public var beta0: Double
    /// Also record the theory's two-time correlations C(t, s).
    public var twoTime: Bool
    /// How the DMFT is solved (`DeepLinearDMFT`), with the shared solver settings.
    public var solver: DeepLinearDMFT.Method
    public var damping: Double
    public var tolerance: Double
    /// Sweep limit of the damped iteration (0: 2 (T + 1) + 100).
    public var maxIterations: Int

    public static let schema = ParameterSchema<Self>([
        .int("D", \.D, default: 200, bounds: .within(1, 1e9), isSize: true,
             "input dimension D; the DMFT is D -> infinity at fixed nu, alpha"),
        .double("nu", \.nu, default: 1, bounds: .positive, allowsInfinity: true,
                "width ratio nu = N/D (inf for the theory only)"),
        .double("alpha", \.alpha, default: 2, bounds: .positive, allowsInfinity: true,
                "data ratio alpha = P/D of the fixed training set (inf: population GD, theory only)"),
        .double("batch_alpha", \.batchAlpha, default: 0, bounds: .nonNegative, allowsInfinity: true,
                "0: full-batch GD on P points; > 0: online SGD with B = batch_alpha D fresh points per step (app. D)"),
        .int("L", \.L, default: 2, bounds: .within(1, 1000), isSize: true,
             "hidden layers L: L + 1 weight matrices W^0, W^1..W^{L-1}, w^L"),
        .double("gamma0", \.gamma0, default: 1, bounds: .positive, "richness gamma0; feature learning vanishes as gamma0 -> 0"),
        .double("eta", \.eta, default: 0.1, bounds: .positive,
                "learning rate eta; the lazy limit is stable when (L + 1) eta (1 + 1/sqrt alpha)^2 < 2"),
        .double("sigma", \.sigma, default: 0, bounds: .nonNegative, "label noise sigma: y = w*.x / sqrt D + sigma eps"),
        .int("T", \.T, default: 100, bounds: .within(0, 100_000), unit: "GD steps", isSize: true,
             "GD steps; time counts steps, t = 0 is the initialization"),
        .choice("parameterization", \.parameterization, default: .muP,
                "\"muP\": gamma0 as given; \"NTK\": gamma0 / sqrt(nu) (sec. 2, Fig. 1)"),
        .bool("centering", \.centering, default: false,
              "subtract the initial function f(x, 0) (app. A.3, eq. (69)); removes the 1/(nu gamma0^2) init variance"),
        .bool("residual", \.residual, default: false,
              "residual blocks h^{l+1} = h^l + (beta/sqrt N) W^l h^l (eq. (16), app. C) instead of an MLP"),
        .double("beta", \.beta, default: 1, bounds: .nonNegative, "residual branch scale beta (residual = true only)"),
        .double("beta0", \.beta0, default: 0, bounds: .nonNegative,
                "when > 0, beta = beta0 / sqrt(L) (depth-muP, sec. 3, Figs. 4-5); overrides beta"),
        .bool("two_time", \.twoTime, default: true,
              "also store the theory's two-time C_h(t, s), C_g(t, s) for every step s (size (L + 1) (T + 1) per time)"),
        .choice("solver", \.solver, default: .march,
                "\"march\": exact row-by-row solve, O(L T^3); \"iterate\": damped fixed-point sweeps from zero"),
        .double("damping", \.damping, default: 1, bounds: .aboveUpTo(0, 1),
                "lambda of the damped update q <- (1 - lambda) q + lambda F(q) (iterate)"),
        .double("tolerance", \.tolerance, default: 1e-10, bounds: .positive,
                "largest residual accepted (see docs/config.md, solver settings): iterate stops below it, "
                    + "the march's check sweep must meet it"),
        .int("max_iterations", \.maxIterations, default: 0, bounds: .within(0, 1e9),
             "damped sweeps of \"iterate\" before failing (0: 2 (T + 1) + 100)"),
    ], renamed: ["dmft_solver": "solver", "dmft_damping": "damping", "dmft_tolerance": "tolerance",
                 "dmft_max_sweeps": "max_iterations"])

    public init(resolved p: ResolvedParameters<Self>) throws {
        D = try p[\.D]
        nu = try p[\.nu]
        alpha = try p[\.alpha]
        batchAlpha = try p[\.batchAlpha]
        L = try p[\.L]
        gamma0 = try p[\.gamma0]
        eta = try p[\.eta]
        sigma = try p[\.sigma]
        T = try p[\.T]
        parameterization = try p[\.parameterization]
        centering = try p[\.centering]
        residual = try p[\.residual]
        beta = try p[\.beta]
        beta0 = try p[\.beta0]
        twoTime = try p[\.twoTime]
        solver = try p[\.solver]
        damping = try p[\.damping]
        tolerance = try p[\.tolerance]
        maxIterations = try p[\.maxIterations]
    }

    /// True for online SGD (appendix D): a fresh batch every step, no fixed data set.
    public var isOnline: Bool { batchAlpha > 0 }

    /// Hidden width N = round(nu D) of the simulation (0 when nu D is not a usable size,
    /// e.g. nu = inf in a theory-only run; `validateForSimulation` refuses those).
    public var N: Int { Self.size(nu * Double(D)) }
    /// Training-set size P = round(alpha D) (full batch).
    public var P: Int { Self.size(alpha * Double(D)) }
    /// Online batch size B = round(batch_alpha D).
    public var B: Int { Self.size(batchAlpha * Double(D)) }

    private static func size(_ x: Double) -> Int {
        x.isFinite && x >= 0 && x < 1e15 ? Int(x.rounded()) : 0
    }

    /// The gamma0 that enters the dynamics: gamma0 (muP) or gamma0 / sqrt(nu) (NTK).
    public var effectiveGamma0: Double {
        switch parameterization {
        case .muP: return gamma0
        case .NTK: return gamma0 / nu.squareRoot()
        }
    }

    /// The residual branch scale: beta0 / sqrt(L) when beta0 > 0, else beta.
    public var effectiveBeta: Double { beta0 > 0 ? beta0 / Double(L).squareRoot() : beta }

    /// Throws a `ModelError` for a combination that has no meaning (the bounds of each
    /// parameter are the schema's). Infinite nu and alpha are allowed (the DMFT's
    /// limits); `validateForSimulation` checks that the network is finite.
    public func checkCombination() throws {
        if parameterization == .NTK && !nu.isFinite {
            throw ModelError("model.nu = inf with parameterization = \"NTK\" sends gamma0 / sqrt(nu) to 0: use a large finite nu")
        }
    }

    /// Throws unless the finite network can be built: finite ratios, at least one hidden
    /// unit and one data point, and a size one realization can hold.
    public func validateForSimulation() throws {
        guard nu.isFinite else { throw ModelError("model.nu = inf has no finite network: set realizations = 0 for theory only") }
        guard alpha.isFinite || isOnline else {
            throw ModelError("model.alpha = inf has no finite data set: set realizations = 0 for theory only, or use batch_alpha")
        }
        guard batchAlpha.isFinite else {
            throw ModelError("model.batch_alpha = inf has no finite batch: set realizations = 0 for theory only")
        }
        for (name, ratio) in [("nu", nu), ("alpha", isOnline ? 1 : alpha), ("batch_alpha", batchAlpha)]
        where ratio * Double(D) > 1e9 {
            throw ModelError("model.\(name) = \(ratio): \(name) D = \(ratio * Double(D)) is too large for a finite network")
        }
        guard N >= 1 else { throw ModelError("model.nu = \(nu): N = round(nu D) = 0; raise nu or D") }
        if isOnline {
            guard B >= 1 else { throw ModelError("model.batch_alpha = \(batchAlpha): B = round(batch_alpha D) = 0; raise batch_alpha or D") }
        } else {
            guard P >= 1 else { throw ModelError("model.alpha = \(alpha): P = round(alpha D) = 0; raise alpha or D") }
        }
        let weights = Double(N) * Double(D) + Double(max(L - 1, 0)) * Double(N) * Double(N)
        let data = Double(isOnline ? B : P) * Double(D)
        guard weights + data <= 2e9 else {
            throw ModelError("model.D = \(D), nu = \(nu), L = \(L): \(Int(weights + data)) numbers per realization exceed 2e9 (16 GB)")
        }
    }
}
