/// The parameters of one deep-linear-network sweep point (seed 004), checked, with the
/// derived sizes and effective constants both the simulation and the DMFT use.
///
/// Notation is the seed's: D input dimension, N = nu D hidden width, P = alpha D training
/// points (full batch, eqs. (24)-(26)) or B = batch_alpha D fresh points per step (online
/// SGD, eq. (86)), L hidden layers (L + 1 weight tensors), gamma0 the richness, eta the
/// learning rate, sigma the label noise, T the number of GD steps. See
/// docs/models/deep_linear_derivation.md for the model exactly as implemented.
public struct DeepLinearSetup: Sendable, Equatable {
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

    public init(D: Int = 200, nu: Double = 1, alpha: Double = 2, batchAlpha: Double = 0, L: Int = 2,
                gamma0: Double = 1, eta: Double = 0.1, sigma: Double = 0, T: Int = 100,
                parameterization: Parameterization = .muP, centering: Bool = false,
                residual: Bool = false, beta: Double = 1, beta0: Double = 0) throws {
        self.D = D
        self.nu = nu
        self.alpha = alpha
        self.batchAlpha = batchAlpha
        self.L = L
        self.gamma0 = gamma0
        self.eta = eta
        self.sigma = sigma
        self.T = T
        self.parameterization = parameterization
        self.centering = centering
        self.residual = residual
        self.beta = beta
        self.beta0 = beta0
        try validate()
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

    /// Throws a `ModelError` naming the first parameter out of its range. Infinite nu and
    /// alpha are allowed (the DMFT's limits); the simulation checks that they are finite.
    public func validate() throws {
        guard D >= 1 else { throw ModelError("model.D = \(D): the input dimension must be positive (D >= 1)") }
        guard nu > 0 && !nu.isNaN else {
            throw ModelError("model.nu = \(nu): the width ratio N/D must be positive (nu > 0)")
        }
        guard alpha > 0 && !alpha.isNaN else {
            throw ModelError("model.alpha = \(alpha): the data ratio P/D must be positive (alpha > 0)")
        }
        guard batchAlpha >= 0 && !batchAlpha.isNaN else {
            throw ModelError("model.batch_alpha = \(batchAlpha): must be 0 (full batch) or the batch ratio B/D > 0")
        }
        guard L >= 1 && L <= 1000 else {
            throw ModelError("model.L = \(L): the number of hidden layers must be between 1 and 1000")
        }
        guard gamma0.isFinite && gamma0 > 0 else {
            throw ModelError("model.gamma0 = \(gamma0): the richness must be a positive finite number (gamma0 > 0)")
        }
        guard eta.isFinite && eta > 0 else {
            throw ModelError("model.eta = \(eta): the learning rate must be a positive finite number (eta > 0)")
        }
        guard sigma.isFinite && sigma >= 0 else {
            throw ModelError("model.sigma = \(sigma): the label-noise standard deviation must be finite and >= 0")
        }
        guard T >= 0 && T <= 100_000 else {
            throw ModelError("model.T = \(T): the number of steps must be between 0 and 100000")
        }
        guard beta.isFinite && beta >= 0 else {
            throw ModelError("model.beta = \(beta): the residual branch scale must be finite and >= 0")
        }
        guard beta0.isFinite && beta0 >= 0 else {
            throw ModelError("model.beta0 = \(beta0): must be finite and >= 0 (0 means: use beta)")
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
