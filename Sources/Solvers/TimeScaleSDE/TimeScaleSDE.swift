import Foundation

/// `model.kind = "timescale_sde"`: seed 003's time-scale ensemble (Livi, "Toward a
/// Dynamical Theory of Deep Learning", part 5; issue 14, item 3). H neurons' log time
/// scales zeta_q = -log tau_q evolve independently by d zeta = F(zeta) dt + sigma dW +
/// dL_alpha, integrated by Euler-Maruyama; the record is the spectrum p(tau), the Laplace
/// envelope f(l) it implies, the envelope's decay class and the learnability window it
/// predicts. The theory is the exact law of zeta where one exists (docs/models/timescale_sde.md).
public struct TimeScaleSDE: Model {
    public static let kind = "timescale_sde"
    public static let summary = """
        H independent log time scales zeta = -log tau by Euler-Maruyama, zeta += F dt + sigma sqrt(dt) \
        N(0,1) + c dt^(1/alpha) S_alpha (symmetric stable jumps, Chambers-Mallows-Stuck; c = 0: none), \
        with a linear drift F = -theta (zeta - zeta0) or a constant push F = +kappa against a reflecting \
        bound zeta <= zeta0 (seed 003, part 5). Records the mean and variance of zeta, p(tau) on a log \
        grid, the Laplace envelope f(l) = eta sum_q exp(-l/tau_q), its decay class and the window \
        H_N from N*(l) = f(l)^-kappa_alpha; the theory is the exact (OU, discrete-time) or stationary \
        law of zeta where a closed form exists.
        """
    public static let timeAxis = TimeAxis(meaning: "time t of the SDE (t/dt Euler-Maruyama steps)",
                                          endParameter: "t_max", isDiscrete: false)

    /// 16 neurons, 20 steps: every observable in milliseconds.
    public static let smallExample: ParameterSet = ["H": 16, "dt": 0.05, "t_max": 1, "max_lag": 20, "lag_points": 4,
                                                    "tau_bins": 6, "n_points": 4]

    public let setup: TimeScaleSDESetup
    public let theoryEnabled: Bool

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: TimeScaleSDESetup, theoryEnabled: Bool) throws {
        try setup.validate()
        self.init(checked: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated (a sweep point's).
    public init(validated setup: TimeScaleSDESetup, theoryEnabled: Bool) throws {
        self.init(checked: setup, theoryEnabled: theoryEnabled)
    }

    private init(checked setup: TimeScaleSDESetup, theoryEnabled: Bool) {
        self.setup = setup
        self.theoryEnabled = theoryEnabled
    }

    public var endTime: Double { setup.tMax }

    private var lagAxis: ObservableDimension {
        ObservableDimension("lag", coordinates: setup.lagGrid, meaning: "lag l in units of time (log-spaced from 1 to max_lag)")
    }
    private var tauAxis: ObservableDimension {
        let edges = TimeScaleFits.binEdges(bins: setup.tauBins, tauMax: setup.tauMax)
        return ObservableDimension("tau_bin", coordinates: (0..<setup.tauBins).map { (edges[$0] * edges[$0 + 1]).squareRoot() },
                                   meaning: "time scale tau (geometric centre of a log-spaced bin from 1 to tau_max)")
    }
    private var sampleAxis: ObservableDimension {
        ObservableDimension("n_grid", coordinates: setup.sampleSizeGrid, meaning: "sample size N")
    }
    private var classAxis: ObservableDimension {
        ObservableDimension("envelope_class", coordinates: [0, 1, 2],
                            meaning: "decay class of f(l): 0 exponential, 1 power law, 2 logarithmic (seed 003's table)")
    }

    public var observables: [ObservableSpec] {
        let classes = [classAxis]
        return [
            ObservableSpec("zeta_mean", "mean of zeta_q = -log tau_q over the H neurons"),
            ObservableSpec("zeta_var", "variance of zeta_q over the H neurons (1/(H-1); 0 for H = 1)"),
            ObservableSpec("tau_density", dims: [tauAxis], "p(tau): density per unit tau of tau_q = exp(-zeta_q) on "
                           + "a log grid (fraction of neurons per bin / bin width)"),
            ObservableSpec("envelope", dims: [lagAxis], "Laplace envelope f(l) = eta sum_q exp(-l / tau_q)"),
            ObservableSpec("envelope_class_rss", dims: classes, "mean squared residual of ln f(l) for each decay "
                           + "class's two-parameter fit"),
            ObservableSpec("envelope_class_rate", dims: classes, "each class's decay rate: 1/l-scale (exponential), "
                           + "beta (power law l^-beta), kappa (logarithmic, log(1+l)^-kappa)"),
            ObservableSpec("envelope_class_best", dims: classes, "1 for the class with the smallest residual "
                           + "(its mean is the fraction of realizations in that class)"),
            ObservableSpec("window", dims: [sampleAxis], "learnability window H_N = max{l : N*(l) <= N} with "
                           + "N*(l) = f(l)^-kappa_alpha (signal f, scale 1, threshold 1; kappa_alpha = alpha/(alpha-1) "
                           + "with jumps, 2 without; 0: no lag detectable)"),
        ]
    }

    /// Which of zeta_mean, zeta_var have a closed form at this setup: the linear drift
    /// without jumps (exact discrete-time OU: both), the linear drift with jumps and
    /// alpha > 1 (the mean zeta0, by symmetry), the constant drift without jumps (the
    /// stationary exponential law: both).
    var theoryNames: [String] {
        switch (setup.drift, setup.hasJumps) {
        case (.linear, false), (.constant, false): return ["zeta_mean", "zeta_var"]
        case (.linear, true): return setup.alpha > 1 ? ["zeta_mean"] : []
        case (.constant, true): return []
        }
    }

    public var theoryObservables: [ObservableSpec] {
        guard theoryEnabled else { return [] }
        let help: [String: String]
        switch setup.drift {
        case .linear:
            help = ["zeta_mean": "zeta0 (started there; symmetric noise and jumps keep the mean)",
                    "zeta_var": "exact Euler-Maruyama OU variance sigma^2 dt (1 - a^(2n)) / (1 - a^2), a = 1 - theta dt, "
                        + "n = t/dt (-> sigma^2 (1 - e^(-2 theta t)) / (2 theta) as dt -> 0)"]
        case .constant:
            help = ["zeta_mean": "stationary zeta0 - sigma^2 / (2 kappa) of the exponential law "
                        + "p(zeta) ~ exp(2 kappa (zeta - zeta0) / sigma^2), zeta <= zeta0 (stationary only: reached "
                        + "for t >> sigma^2 / kappa^2)",
                    "zeta_var": "stationary (sigma^2 / (2 kappa))^2 of the exponential law (stationary only)"]
        }
        return theoryNames.compactMap { name in help[name].map { ObservableSpec(name, $0) } }
    }

    public var theoryMode: TheoryMode { theoryObservables.isEmpty ? .none : .perPoint }
    public var lossObservable: String { "zeta_mean" }

    /// Flops: per neuron and step ~30 for the Gaussian and the update, ~150 more for a CMS
    /// variate (two logs, trigonometry, an exp); per record and neuron an exp and the
    /// envelope (~20 per lag) and the fits. Bytes: H values per record, and the taus.
    public var cost: CostEstimate {
        let H = Double(setup.H), steps = setup.steps
        let records = min(steps + 1, 101)
        let perStep: Double = setup.hasJumps ? 180 : 30
        let perRecord: Double = 20 * Double(setup.lagPoints) + 40
        let flops: Double = H * steps * perStep + records * H * perRecord
        let small = Double(setup.lagPoints + setup.tauBins + setup.nPoints)
        let bytes: Double = 8 * (H * (records + 2) + 4 * small)
        return CostEstimate(flopsPerRealization: flops, bytesPerRealization: bytes,
                            flopsPerTheory: 20 * records, bytesPerTheory: 16 * records)
    }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        try TimeScaleSDERun(setup: setup, seed: seed, times: times).run(control: control)
    }

    /// The closed forms at the record times (see `theoryNames`).
    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories {
        var out = Trajectories()
        let names = Set(theoryObservables.map(\.name))
        let s = setup
        switch s.drift {
        case .linear:
            if names.contains("zeta_mean") { out["zeta_mean"] = times.map { _ in s.zeta0 } }
            if names.contains("zeta_var") {
                out["zeta_var"] = times.map { Self.ouVariance(sigma: s.sigma, theta: s.theta, dt: s.dt, steps: ($0 / s.dt).rounded()) }
            }
        case .constant:
            let scale = s.sigma * s.sigma / (2 * s.kappa)
            if names.contains("zeta_mean") { out["zeta_mean"] = times.map { _ in s.zeta0 - scale } }
            if names.contains("zeta_var") { out["zeta_var"] = times.map { _ in scale * scale } }
        }
        return out
    }

    /// Var zeta_n of the Euler-Maruyama OU recursion zeta_{n+1} - zeta0 = a (zeta_n - zeta0)
    /// + sigma sqrt(dt) N, a = 1 - theta dt, from zeta_0 = zeta0: sigma^2 dt sum_{k<n} a^(2k).
    static func ouVariance(sigma: Double, theta: Double, dt: Double, steps n: Double) -> Double {
        let a2 = (1 - theta * dt) * (1 - theta * dt)
        guard a2 < 1 else { return sigma * sigma * dt * n }
        return sigma * sigma * dt * (1 - pow(a2, n)) / (1 - a2)
    }

    /// The stationary scale of zeta - zeta0 under the linear drift with jumps only (sigma = 0)
    /// for the Euler-Maruyama recursion, c (dt / (1 - |a|^alpha))^(1/alpha), a = 1 - theta dt,
    /// and its continuous-time limit c (alpha theta)^(-1/alpha).
    static func stableStationaryScale(c: Double, alpha: Double, theta: Double, dt: Double?) -> Double {
        guard let dt else { return c * pow(alpha * theta, -1 / alpha) }
        return c * pow(dt / (1 - pow(abs(1 - theta * dt), alpha)), 1 / alpha)
    }
}
