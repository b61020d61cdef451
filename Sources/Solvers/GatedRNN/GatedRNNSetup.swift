/// The gate s_t of a gated RNN (seed 003, eqs. 1 and 7).
public enum GateKind: String, CaseIterable, Sendable {
    /// s_t = s0 for every neuron and step (not trained): a leaky RNN with time scale
    /// tau = -1 / ln(1 - s0).
    case constant
    /// One scalar gate per step, s_t = sigmoid(w_s.x_t + u_s.h_{t-1} + b_s), shared by all neurons.
    case shared
    /// A gate per neuron, s_t = sigmoid(W_s x_t + U_s h_{t-1} + b_s) in (0, 1)^H (eq. 7).
    case diagonal
}

/// How W_x, W_h and w_out are drawn (the gate weights always start at zero).
public enum WeightInit: String, CaseIterable, Sendable {
    /// Entries iid N(0, 1/fan_in).
    case gaussian
    /// W_h a Haar-random orthogonal matrix; W_x and w_out with orthonormal rows (or
    /// columns) as far as their shape allows (the talk's code, `--orth_init`).
    case orthogonal
}

/// The parameter update rule (seed 003, eqs. 2-3).
public enum OptimizerKind: String, CaseIterable, Sendable {
    /// theta <- theta - lr (g + weight_decay theta).
    case sgd
    /// Heavy ball: v <- beta1 v + g + weight_decay theta, theta <- theta - lr v.
    case momentum
    /// Adam with L2 weight decay added to the gradient.
    case adam
    /// Adam with decoupled weight decay, theta <- theta (1 - lr weight_decay) first.
    case adamw
}

/// Which tail-index estimate of the matched statistic sets kappa, N* and the window.
public enum TailEstimator: String, CaseIterable, Sendable {
    /// McCulloch's quantile method with the true stable quantile ratios.
    case mcculloch
    /// Koutrouvelis' empirical characteristic function regression.
    case ecf
}

/// The parameters of one `gated_rnn` sweep point (seed 003; issue 13), checked. Every
/// field is declared once, with default, bounds and meaning, in `schema`.
public struct GatedRNNSetup: DeclaredSetup, Equatable {
    /// Sequence length (steps t = 0..T-1).
    public var T: Int
    /// Input dimension.
    public var D: Int
    /// Width (neurons).
    public var H: Int
    /// Lags l_k of the target and their coefficients c_k.
    public var lags: [Int]
    public var coefficients: [Double]
    /// Standard deviation sigma_n of the target noise.
    public var noise: Double
    public var trainSequences: Int
    public var diagSequences: Int
    public var gate: GateKind
    /// Initial gate value (constant gate: the gate), b_s = logit(s0).
    public var s0: Double
    public var layerNorm: Bool
    public var initialization: WeightInit
    public var optimizer: OptimizerKind
    public var lr: Double
    public var weightDecay: Double
    public var batch: Int
    public var epochs: Int
    /// Global gradient-norm clip (0: none).
    public var clip: Double
    public var beta1: Double
    public var beta2: Double
    /// Largest lag of the diagnostics' lag grid, and its number of (log-spaced) lags.
    public var maxLag: Int
    public var lagPoints: Int
    /// Upper end of the p(tau) grid (time scales beyond it are censored to it) and its bins.
    public var tauMax: Double
    public var tauBins: Int
    /// Learnability (issue 14): the detection threshold eps of SNR(l, N) >= eps, the N grid
    /// (log-spaced from 10 to n_max) and the estimator that sets kappa.
    public var snrThreshold: Double
    public var nMax: Double
    public var nPoints: Int
    public var tailEstimator: TailEstimator

    public static let schema = ParameterSchema<Self>([
        .int("T", \.T, default: 64, bounds: .within(3, 1e6), unit: "steps", isSize: true,
             "sequence length: steps t = 0..T-1 of every input and target sequence"),
        .int("D", \.D, default: 4, bounds: .within(1, 1e5), isSize: true, "input dimension: x_t ~ N(0, I_D)"),
        .int("H", \.H, default: 16, bounds: .within(1, 1e5), isSize: true, "width: neurons of the hidden state h_t"),
        .intList("lags", \.lags, default: [2, 4, 8], bounds: .within(1, 1e6), unit: "steps",
                 "lags l_k of the target y_t = sum_k c_k u.x_{t-l_k} 1[t >= l_k] + noise xi_t; each < T"),
        .doubleList("coefficients", \.coefficients, default: [0.6, 0.5, 0.4], bounds: .within(-1e6, 1e6),
                    "coefficients c_k of the target, one per lag"),
        .double("noise", \.noise, default: 0.1, bounds: .within(0, 1e6), "standard deviation sigma_n of the target noise"),
        .int("train_sequences", \.trainSequences, default: 256, bounds: .within(1, 1e9), isSize: true,
             "training sequences N_train, drawn once per realization (the same u for all)"),
        .int("diag_sequences", \.diagSequences, default: 32, bounds: .within(1, 1e9), isSize: true,
             "diagnostic sequences N_diag (same u, separate draws): losses, learning rates and envelopes"),
        .choice("gate", \.gate, default: .diagonal,
                "\"constant\": s_t = s0; \"shared\": one scalar sigmoid gate; \"diagonal\": a gate per neuron (eq. 7)"),
        .double("s0", \.s0, default: 0.05, bounds: ParameterBounds(lower: 0, lowerIsOpen: true, upper: 1, upperIsOpen: true),
                "initial gate value: b_s = logit(s0) with zero gate weights (the constant gate's value)"),
        .bool("layer_norm", \.layerNorm, default: false,
              "normalize the candidate's pre-activation a_t over the neurons before tanh (no gain or bias)"),
        .choice("init", \.initialization, default: .gaussian,
                "\"gaussian\": entries N(0, 1/fan_in); \"orthogonal\": orthogonal W_h, orthonormal W_x and w_out"),
        .choice("optimizer", \.optimizer, default: .adamw, "\"sgd\", \"momentum\" (beta1), \"adam\" or \"adamw\""),
        .double("lr", \.lr, default: 1e-3, bounds: .aboveUpTo(0, 1e6), "learning rate eta (also the mu = eta (gamma0 + gamma1) scale)"),
        .double("weight_decay", \.weightDecay, default: 1e-4, bounds: .within(0, 1e6),
                "weight decay: decoupled for adamw, added to the gradient (L2) otherwise"),
        .int("batch", \.batch, default: 32, bounds: .within(1, 1e9), "sequences per minibatch (<= train_sequences)"),
        .int("epochs", \.epochs, default: 20, bounds: .within(1, 1e9), unit: "passes over the training set", isSize: true,
             "training epochs; time e holds the diagnostics after e epochs"),
        .double("clip", \.clip, default: 1, bounds: .within(0, 1e12), "global gradient-norm clip; 0: none"),
        .double("beta1", \.beta1, default: 0.9, bounds: ParameterBounds(lower: 0, upper: 1, upperIsOpen: true),
                "first-moment decay of adam/adamw, and the momentum of \"momentum\""),
        .double("beta2", \.beta2, default: 0.999, bounds: ParameterBounds(lower: 0, upper: 1, upperIsOpen: true),
                "second-moment decay of adam/adamw"),
        .int("max_lag", \.maxLag, default: 32, bounds: .within(2, 1e6), unit: "steps",
             "largest lag of the envelope's lag grid (< T)"),
        .int("lag_points", \.lagPoints, default: 16, bounds: .within(2, 1000),
             "lags on the envelope's grid: distinct integers log-spaced from 1 to max_lag"),
        .double("tau_max", \.tauMax, default: 1e4, bounds: .above(1), unit: "steps",
                "upper end of the p(tau) grid (from 1); a fitted tau beyond it, or a non-decaying envelope, counts as tau_max"),
        .int("tau_bins", \.tauBins, default: 24, bounds: .within(1, 1000), "log-spaced bins of p(tau)"),
        .double("snr_threshold", \.snrThreshold, default: 1, bounds: .positive,
                "detection threshold eps: lag l is detectable from N samples when m N^(1 - 1/alpha) / sigma >= eps"),
        .double("n_max", \.nMax, default: 1e8, bounds: .within(100, 1e15),
                "largest sample size N of the window's grid (log-spaced from 10); N counts (sequence, step) samples"),
        .int("n_points", \.nPoints, default: 15, bounds: .within(2, 1000), "sample sizes on the window's N grid"),
        .choice("tail_estimator", \.tailEstimator, default: .mcculloch,
                "which tail fit sets kappa = alpha/(alpha - 1), N* and the window: \"mcculloch\" or \"ecf\""),
    ])

    public init(resolved p: ResolvedParameters<Self>) throws {
        T = try p[\.T]
        D = try p[\.D]
        H = try p[\.H]
        lags = try p[\.lags]
        coefficients = try p[\.coefficients]
        noise = try p[\.noise]
        trainSequences = try p[\.trainSequences]
        diagSequences = try p[\.diagSequences]
        gate = try p[\.gate]
        s0 = try p[\.s0]
        layerNorm = try p[\.layerNorm]
        initialization = try p[\.initialization]
        optimizer = try p[\.optimizer]
        lr = try p[\.lr]
        weightDecay = try p[\.weightDecay]
        batch = try p[\.batch]
        epochs = try p[\.epochs]
        clip = try p[\.clip]
        beta1 = try p[\.beta1]
        beta2 = try p[\.beta2]
        maxLag = try p[\.maxLag]
        lagPoints = try p[\.lagPoints]
        tauMax = try p[\.tauMax]
        tauBins = try p[\.tauBins]
        snrThreshold = try p[\.snrThreshold]
        nMax = try p[\.nMax]
        nPoints = try p[\.nPoints]
        tailEstimator = try p[\.tailEstimator]
    }

    /// Throws a one-line `ModelError` for a combination that does not fit: lags within the
    /// sequence, one coefficient per lag, a batch within the training set, a lag grid
    /// within the sequence, sizes whose products fit.
    public func checkCombination() throws {
        if let lag = lags.first(where: { $0 >= T }) {
            throw ModelError("model.lags contains \(lag), which is >= model.T = \(T): every lag must be < T")
        }
        guard coefficients.count == lags.count else {
            throw ModelError("model.coefficients has \(coefficients.count) values but model.lags has \(lags.count): "
                + "give one coefficient per lag")
        }
        guard batch <= trainSequences else {
            throw ModelError("model.batch = \(batch) exceeds model.train_sequences = \(trainSequences); "
                + "use batch <= train_sequences")
        }
        guard maxLag < T else {
            throw ModelError("model.max_lag = \(maxLag) must be < model.T = \(T) (the envelope needs t - l >= 0)")
        }
        // Each sequence is one segment of a keyed random stream (2^33 words).
        guard Double(T) * Double(D + 1) <= 0x1p30 else {
            throw ModelError("model.T x (model.D + 1) = \(Double(T) * Double(D + 1)) exceeds 2^30 numbers per sequence")
        }
        let work = Double(epochs) * Double(trainSequences) * Double(T) * Double(H) * Double(H + D)
        guard work <= 1e21 else {
            throw ModelError("model.epochs x train_sequences x T x H (H + D) = \(work) exceeds 1e21 operations")
        }
    }

    /// Gate rows of the combined input and recurrent matrices: 0, 1 or H.
    var gateRows: Int {
        switch gate {
        case .constant: return 0
        case .shared: return 1
        case .diagonal: return H
        }
    }

    /// The window's sample sizes: n_points values log-spaced from 10 to n_max.
    public var sampleSizeGrid: [Double] {
        (0..<nPoints).map { 10 * pow(nMax / 10, Double($0) / Double(nPoints - 1)) }
    }

    /// The envelope's lags: min(lag_points, max_lag) distinct integers from 1 to max_lag,
    /// log-spaced where the spacing allows (consecutive at the small end, where rounding
    /// would repeat a lag).
    public var lagGrid: [Int] {
        let count = min(lagPoints, maxLag)
        guard count > 1 else { return [maxLag] }
        var grid: [Int] = []
        for i in 0..<count {
            let x = pow(Double(maxLag), Double(i) / Double(count - 1)).rounded()
            let floor = (grid.last ?? 0) + 1
            let ceiling = maxLag - (count - 1 - i)
            grid.append(min(max(floor, Int(x)), ceiling))
        }
        return grid
    }
}

import Foundation
