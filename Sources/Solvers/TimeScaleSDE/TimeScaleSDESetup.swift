import Foundation

/// The drift F(zeta) of the log time scales (issue 14, item 3).
public enum TimeScaleDrift: String, CaseIterable, Sendable {
    /// F = -theta (zeta - zeta0): an Ornstein-Uhlenbeck restoring force towards zeta0.
    case linear
    /// F = +kappa with a reflecting upper bound at zeta0 (zeta <- 2 zeta0 - zeta above it):
    /// a constant push against the bound, i.e. towards short time scales tau >= e^-zeta0.
    case constant
}

/// The parameters of one `timescale_sde` sweep point, checked. Every field is declared once,
/// with default, bounds and meaning, in `schema`.
public struct TimeScaleSDESetup: DeclaredSetup, Equatable {
    /// Neurons (independent copies of the SDE).
    public var H: Int
    public var dt: Double
    public var tMax: Double
    public var drift: TimeScaleDrift
    public var theta: Double
    public var zeta0: Double
    public var kappa: Double
    public var sigma: Double
    /// Stable index of the jumps and their scale c (0: no jumps).
    public var alpha: Double
    public var jumpScale: Double
    /// Envelope: eta, and the lag grid (lag_points log-spaced from 1 to max_lag).
    public var eta: Double
    public var maxLag: Double
    public var lagPoints: Int
    /// p(tau) grid: tau_bins log-spaced bins from 1 to tau_max.
    public var tauMax: Double
    public var tauBins: Int
    /// The window's N grid: n_points log-spaced from 10 to n_max.
    public var nMax: Double
    public var nPoints: Int

    public static let schema = ParameterSchema<Self>([
        .int("H", \.H, default: 1000, bounds: .within(1, 1e7), isSize: true,
             "neurons: independent log time scales zeta_q = -log tau_q"),
        .double("dt", \.dt, default: 0.01, bounds: .aboveUpTo(0, 1e3), unit: "time",
                "Euler-Maruyama step: zeta += F dt + sigma sqrt(dt) N(0,1) + jump_scale dt^(1/alpha) S_alpha"),
        .double("t_max", \.tMax, default: 10, bounds: .aboveUpTo(0, 1e9), unit: "time", isSize: true,
                "end time of the SDE (t_max/dt steps, at most 1e9)"),
        .choice("drift", \.drift, default: .linear,
                "\"linear\": F = -theta (zeta - zeta0); \"constant\": F = +kappa against a reflecting bound zeta <= zeta0"),
        .double("theta", \.theta, default: 1, bounds: .aboveUpTo(0, 1e6), unit: "1/time",
                "restoring rate of the linear drift (theta dt <= 1)"),
        .double("zeta0", \.zeta0, default: -2, bounds: .within(-700, 700),
                "linear drift: the centre; constant drift: the reflecting upper bound; every zeta_q starts at zeta0"),
        .double("kappa", \.kappa, default: 1, bounds: .aboveUpTo(0, 1e6), unit: "1/time",
                "constant push of the constant drift (stationary tail exponent beta = 2 kappa / sigma^2)"),
        .double("sigma", \.sigma, default: 1, bounds: .within(0, 1e6), unit: "1/sqrt(time)",
                "Gaussian diffusion sigma of d zeta = F dt + sigma dW + dL_alpha"),
        .double("alpha", \.alpha, default: 1.5, bounds: ParameterBounds(lower: 0.1, upper: 2),
                "index of the symmetric alpha-stable jumps (Chambers-Mallows-Stuck), 0.1 <= alpha <= 2"),
        .double("jump_scale", \.jumpScale, default: 0, bounds: .within(0, 1e6),
                "scale c of the stable jumps L_alpha (ch.f. of L_t: exp(-t |c u|^alpha)); 0: no jumps"),
        .double("eta", \.eta, default: 1, bounds: .aboveUpTo(0, 1e6),
                "scale eta of the Laplace envelope f(l) = eta sum_q exp(-l / tau_q)"),
        .double("max_lag", \.maxLag, default: 100, bounds: .within(2, 1e9), unit: "time",
                "largest lag of the envelope's lag grid (from 1)"),
        .int("lag_points", \.lagPoints, default: 16, bounds: .within(2, 1000), "lags on the envelope's log-spaced grid"),
        .double("tau_max", \.tauMax, default: 1e4, bounds: .within(1.5, 1e15), unit: "time",
                "upper end of the p(tau) grid (from 1); tau beyond it counts in the last bin, below 1 in the first"),
        .int("tau_bins", \.tauBins, default: 24, bounds: .within(1, 1000), "log-spaced bins of p(tau)"),
        .double("n_max", \.nMax, default: 1e8, bounds: .within(100, 1e15),
                "largest sample size N of the window's grid (log-spaced from 10)"),
        .int("n_points", \.nPoints, default: 15, bounds: .within(2, 1000), "sample sizes on the window's N grid"),
    ])

    public init(resolved p: ResolvedParameters<Self>) throws {
        H = try p[\.H]
        dt = try p[\.dt]
        tMax = try p[\.tMax]
        drift = try p[\.drift]
        theta = try p[\.theta]
        zeta0 = try p[\.zeta0]
        kappa = try p[\.kappa]
        sigma = try p[\.sigma]
        alpha = try p[\.alpha]
        jumpScale = try p[\.jumpScale]
        eta = try p[\.eta]
        maxLag = try p[\.maxLag]
        lagPoints = try p[\.lagPoints]
        tauMax = try p[\.tauMax]
        tauBins = try p[\.tauBins]
        nMax = try p[\.nMax]
        nPoints = try p[\.nPoints]
    }

    /// Throws a one-line `ModelError` for a combination that does not fit: at most 1e9
    /// steps (each neuron reads one random-stream segment), a stable linear
    /// Euler-Maruyama step, a bounded total work.
    public func checkCombination() throws {
        guard steps <= 1e9 else {
            throw ModelError("model.t_max / model.dt = \(tMax / dt) exceeds 1e9 Euler-Maruyama steps")
        }
        if drift == .linear, theta * dt > 1 {
            throw ModelError("model.theta x model.dt = \(theta * dt) exceeds 1: the Euler-Maruyama step overshoots zeta0")
        }
        let work = Double(H) * steps
        guard work <= 1e15 else {
            throw ModelError("model.H x t_max/dt = \(work) exceeds 1e15 Euler-Maruyama updates")
        }
    }

    /// Euler-Maruyama steps to t_max (t_max/dt rounded).
    public var steps: Double { (tMax / dt).rounded() }

    /// Jumps are on when the scale is positive.
    public var hasJumps: Bool { jumpScale > 0 }

    /// The envelope's lags: lag_points values log-spaced from 1 to max_lag.
    public var lagGrid: [Double] {
        (0..<lagPoints).map { pow(maxLag, Double($0) / Double(lagPoints - 1)) }
    }

    /// The window's sample sizes: n_points values log-spaced from 10 to n_max.
    public var sampleSizeGrid: [Double] {
        (0..<nPoints).map { 10 * pow(nMax / 10, Double($0) / Double(nPoints - 1)) }
    }

    /// kappa_alpha of the window's N* = f(l)^-kappa: alpha/(alpha - 1) of the jump index
    /// when jumps are on (infinite for alpha <= 1: nothing is learnable), 2 (Gaussian) otherwise.
    public var windowKappa: Double {
        hasJumps ? StableTailEstimators.kappa(alpha: alpha) : 2
    }
}
