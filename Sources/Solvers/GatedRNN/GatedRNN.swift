/// `model.kind = "gated_rnn"`: gated recurrent networks trained on a lag-regression task,
/// with seed 003's diagnostics (Livi, "Toward a Dynamical Theory of Deep Learning"):
/// per-neuron, per-lag effective learning rates mu = eta (gamma0 + gamma1) (eqs. 8-9),
/// their envelope f(l) = sum_q |mu|, the neurons' time scales tau_q and their density
/// p(tau), and the Laplace prediction f_L(l) = eta sum_q exp(-l/tau_q) as the theory
/// (per realization: it is built from that realization's measured time scales). Defined
/// in issue 13 and docs/models/gated_rnn.md.
public struct GatedRNN: Model {
    public static let kind = "gated_rnn"
    public static let summary = """
        Gated RNN h_t = (1 - s_t) h_{t-1} + s_t tanh(W_x x_t + b_x + W_h h_{t-1}) with a constant, \
        shared or diagonal gate s_t (seed 003, eqs. 1 and 7), trained by BPTT with sgd, momentum, \
        adam or adamw on y_t = sum_k c_k u.x_{t-l_k} + noise. Records the train and diagnostic \
        losses, the envelope f(l) of the effective learning rates mu = eta (gamma0 + gamma1) \
        (eqs. 8-9) on a lag grid, per-neuron envelopes, time scales tau_q and p(tau), and the \
        envelope's decay class, against epochs; the theory is the Laplace form f_L(l) = \
        eta sum_q exp(-l/tau_q).
        """
    public static let timeAxis = TimeAxis(meaning: "epoch = passes over the training set (time e: after e epochs)",
                                          endParameter: "epochs", isDiscrete: true)

    public let setup: GatedRNNSetup
    public let theoryEnabled: Bool

    /// The model of `setup`, which is checked first (it may have been changed in code).
    public init(setup: GatedRNNSetup, theoryEnabled: Bool) throws {
        try setup.validate()
        self.init(checked: setup, theoryEnabled: theoryEnabled)
    }

    /// The model of a setup already validated (a sweep point's).
    public init(validated setup: GatedRNNSetup, theoryEnabled: Bool) throws {
        self.init(checked: setup, theoryEnabled: theoryEnabled)
    }

    private init(checked setup: GatedRNNSetup, theoryEnabled: Bool) {
        self.setup = setup
        self.theoryEnabled = theoryEnabled
    }

    /// T = 12, H = 4, 2 epochs of 8 sequences: every observable in milliseconds.
    public static let smallExample: ParameterSet = [
        "T": 12, "D": 2, "H": 4, "lags": .intList([2, 3]), "coefficients": .doubleList([0.5, 0.3]),
        "train_sequences": 8, "diag_sequences": 4, "batch": 4, "epochs": 2, "max_lag": 6, "lag_points": 4,
    ]

    public var endTime: Double { Double(setup.epochs) }

    private var lagAxis: ObservableDimension {
        ObservableDimension("lag", coordinates: setup.lagGrid.map(Double.init), meaning: "lag l = t - t' in steps")
    }
    private var neuronAxis: ObservableDimension { ObservableDimension("neuron", setup.H) }
    private var tauAxis: ObservableDimension {
        let edges = TimeScaleFits.binEdges(bins: setup.tauBins, tauMax: setup.tauMax)
        return ObservableDimension("tau_bin", coordinates: (0..<setup.tauBins).map { (edges[$0] * edges[$0 + 1]).squareRoot() },
                                   meaning: "time scale tau in steps (geometric centre of a log-spaced bin from 1 to tau_max)")
    }
    private var estimatorAxis: ObservableDimension {
        ObservableDimension("estimator", coordinates: [0, 1], meaning: "tail estimator: 0 McCulloch quantiles, 1 ECF regression")
    }
    private var sampleAxis: ObservableDimension {
        ObservableDimension("n_grid", coordinates: setup.sampleSizeGrid,
                            meaning: "sample size N, in (sequence, step) samples of the matched statistic")
    }
    private var classAxis: ObservableDimension {
        ObservableDimension("envelope_class", coordinates: [0, 1, 2],
                            meaning: "decay class of f(l): 0 exponential, 1 power law, 2 logarithmic (seed 003's table)")
    }

    public var observables: [ObservableSpec] {
        let lag = [lagAxis], neuron = [neuronAxis], classes = [classAxis]
        return [
            ObservableSpec("train_loss", "mean squared error over the training set's outputs (seed 003, eq. 2, per output)"),
            ObservableSpec("diag_loss", "mean squared error over the diagnostic set's outputs"),
            ObservableSpec("envelope", dims: lag, "envelope f(l) = sum_q |mu_{t,t-l}^(q)|, mu = eta (gamma0 + gamma1) "
                           + "(seed 003, eq. 9), averaged over t and the diagnostic sequences"),
            ObservableSpec("envelope0", dims: lag, "zeroth-order envelope sum_q |eta gamma0_{t,t-l}^(q)|, "
                           + "gamma0 = prod_{j=t-l+1..t} (1 - s_{j,q})"),
            ObservableSpec("envelope_neuron", dims: neuron + lag, "per-neuron envelope f_q(l) = <|mu_{t,t-l}^(q)|>"),
            ObservableSpec("tau", dims: neuron, "time scale tau_q of neuron q: -1/slope of ln f_q(l) against l "
                           + "(least squares over the lag grid), censored at tau_max"),
            ObservableSpec("tau0", dims: neuron, "tau_q from the zeroth-order envelope (constant gate: -1/ln(1 - s0))"),
            ObservableSpec("tau_density", dims: [tauAxis], "p(tau): density per unit tau of the neurons' tau_q "
                           + "on a log grid (fraction of neurons per bin / bin width)"),
            ObservableSpec("envelope_class_rss", dims: classes, "mean squared residual of ln f(l) for each decay "
                           + "class's two-parameter fit"),
            ObservableSpec("envelope_class_rate", dims: classes, "each class's decay rate: 1/l-scale (exponential), "
                           + "beta (power law l^-beta), kappa (logarithmic, log(1+l)^-kappa)"),
            ObservableSpec("signal", dims: lag, "matched signal m(l) = |mean psi_t(l)| over the diagnostic set, "
                           + "psi_t(l) = sum_q mu_{t,t-l}^(q) delta_t^(q) v_{t-l}^(q), delta_t = (yhat_t - y_t) w_out, "
                           + "v = dh/dtheta along a fixed unit direction (issue 14)"),
            ObservableSpec("tail_alpha", dims: [estimatorAxis] + lag, "stable tail index alpha(l) of the psi_t(l) samples, "
                           + "by McCulloch's quantiles (estimator 0) and the ECF regression (estimator 1)"),
            ObservableSpec("tail_scale", dims: [estimatorAxis] + lag, "stable scale sigma(l) of the psi_t(l) samples "
                           + "(ch.f. exp(-|sigma t|^alpha)), per estimator"),
            ObservableSpec("n_required", dims: lag, "N*(l) = (eps sigma / m)^kappa, kappa = alpha/(alpha - 1), samples "
                           + "needed to detect lag l (tail_estimator's fit), censored at n_max"),
            ObservableSpec("window", dims: [sampleAxis], "learnability window H_N = max{l : N*(l) <= N} (seed 003; "
                           + "0: no lag detectable)"),
            ObservableSpec("master_slope", "slope b of the master law ln N*(l) = a - b kappa ln f(l) (seed 003; the "
                           + "theory says 1), least squares over the lags with finite N*, kappa the median; 0 without a fit"),
            ObservableSpec("master_intercept", "intercept a of the master law's fit; 0 without a fit"),
            ObservableSpec("master_fitted", "1 when at least two lags gave the master law a fit, else 0: the mean slope "
                           + "over the fitted realizations is master_slope / master_fitted"),
            ObservableSpec("envelope_class_best", dims: classes, "1 for the class with the smallest residual "
                           + "(its mean is the fraction of realizations in that class)"),
        ]
    }

    public var theoryObservables: [ObservableSpec] {
        guard theoryEnabled else { return [] }
        return [ObservableSpec("envelope", dims: [lagAxis], "Laplace prediction f_L(l) = eta sum_q exp(-l / tau_q) "
                               + "from the realization's time scales (the finite-width eta H int e^{-l/tau} p(tau) dtau)"),
                ObservableSpec("window", dims: [sampleAxis], "H_N the seed's scaling table predicts from the best "
                               + "envelope class and the master law N* = e^a f^-kappa (slope 1, median kappa)")]
    }
    public var theoryMode: TheoryMode { theoryEnabled ? .perRealization : .none }
    public var lossObservable: String { "train_loss" }

    /// Flops: per epoch, every training sequence forward (2 P (D + H) per step, the gemms)
    /// and backward (twice that) plus ~30 H per step elementwise; at up to 101 record
    /// epochs a forward pass over the training and diagnostic sets and the diagnostics
    /// (~25 flops per (t, lag, neuron) of a diagnostic sequence). Bytes: one chunk's BPTT
    /// storage and its tangents, the matched-statistic samples, the weights with gradient,
    /// direction and optimizer state, the orders.
    public var cost: CostEstimate {
        let layout = GatedRNNLayout(setup: setup)
        let T = Double(setup.T), H = Double(setup.H), P = Double(layout.P), D = Double(setup.D)
        let perStepForward = 2 * P * (D + H) + 30 * H
        let perStepTraining = 3 * perStepForward
        let records = min(Double(setup.epochs) + 1, 101)
        let L = Double(setup.lagGrid.count)
        let flops = Double(setup.epochs) * Double(setup.trainSequences) * T * perStepTraining
            + records * (Double(setup.trainSequences + setup.diagSequences) * T * perStepForward
                         + Double(setup.diagSequences) * T * (L * H * 25 + 4 * H * H))
        let chunk = GatedRNNChunk.storedNumbers(setup: setup, layout: layout, capacity: GatedRNNNetwork.capacity(setup))
        // Plus the tangents' storage (a chunk's T B (P + H)) and the matched-statistic samples
        // of every lag (up to diag_sequences x T each).
        let tangent = T * Double(GatedRNNNetwork.capacity(setup)) * (P + H)
        let samples = L * Double(setup.diagSequences) * T
        let bytes = 8 * (chunk + tangent + samples + 6 * Double(layout.count) + Double(setup.trainSequences) * 2
                         + 4 * (T + 1) * H + L * H * 4)
        return CostEstimate(flopsPerRealization: flops, bytesPerRealization: bytes)
    }

    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        try GatedRNNRun(setup: setup, seed: seed, times: times, theoryEnabled: theoryEnabled).run(control: control)
    }
}
