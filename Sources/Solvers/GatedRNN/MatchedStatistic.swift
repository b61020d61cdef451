/// Summaries of issue 14's matched-statistic samples psi_t(l) of one lag.
enum MatchedStatistic {
    /// The mean signal m(l) = |mean psi| over every sample of the diagnostic set: one sign
    /// for the whole set (taking it per diagnostic batch, as the talk's code does, biases
    /// the mean of noise upward). NaN with no samples.
    static func signal(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return .nan }
        return abs(samples.reduce(0, +) / Double(samples.count))
    }
}

/// The learnability measurements of one record (issue 14, items 1-2): per lag, both
/// stable fits of the matched statistic, N*(l); over the N grid, the measured window H_N
/// and the window the fitted envelope class predicts; and the master law's fit.
struct LearnabilityRecord {
    /// Per estimator (McCulloch, ECF), per lag: the tail index and the scale.
    var alpha: [[Double]] = [[], []]
    var scale: [[Double]] = [[], []]
    /// N*(l) by the chosen estimator, censored at n_max for the record (N* beyond the grid).
    var required: [Double] = []
    var window: [Double] = []
    var windowTheory: [Double] = []
    /// The master law log N* = a - b kappa log f(l) fitted over the detectable lags, as
    /// [a, b, 1]; [0, 0, 0] when fewer than two lags give a fit (a record holds no NaN,
    /// which would mark the realization diverged), so the mean of b over the realizations
    /// that have a fit is mean(b) / mean(fitted).
    var masterLaw: [Double] = [0, 0, 0]

    /// A stable fit of `samples`, or, when the sample's quantiles are degenerate (ties,
    /// fewer than 8 samples), the Gaussian one: alpha = 2 and scale = sd / sqrt 2 (the
    /// stable law at alpha = 2 is N(0, 2 c^2)), so a record never holds a NaN.
    static func fit(_ samples: [Double], _ estimator: TailEstimator) -> StableFit {
        let fitted = estimator == .mcculloch ? StableTailEstimators.mcCulloch(samples)
            : StableTailEstimators.koutrouvelis(samples)
        if let fitted { return fitted }
        let n = Double(max(samples.count, 1))
        let mean = samples.reduce(0, +) / n
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return StableFit(alpha: 2, scale: (variance / 2).squareRoot())
    }

    init(setup: GatedRNNSetup, lags: [Double], envelope: [Double], samples: [[Double]]) {
        let chosen = setup.tailEstimator == .mcculloch ? 0 : 1
        var exact: [Double] = [], kappas: [Double] = []
        for lagSamples in samples {
            let fits = [Self.fit(lagSamples, .mcculloch), Self.fit(lagSamples, .ecf)]
            for e in 0..<2 {
                alpha[e].append(fits[e].alpha)
                scale[e].append(fits[e].scale)
            }
            let kappa = StableTailEstimators.kappa(alpha: fits[chosen].alpha)
            kappas.append(kappa)
            exact.append(LearnabilityWindow.requiredSamples(signal: MatchedStatistic.signal(lagSamples),
                                                            scale: fits[chosen].scale, kappa: kappa,
                                                            threshold: setup.snrThreshold))
        }
        required = exact.map { min($0, setup.nMax) }
        let grid = setup.sampleSizeGrid
        window = grid.map { LearnabilityWindow.window(lags: lags, required: exact, n: $0) }
        // The prediction: the best envelope class with the master law at slope 1, one kappa
        // (the median over the lags where it is finite).
        let finite = kappas.filter(\.isFinite).sorted()
        guard !finite.isEmpty else {
            windowTheory = grid.map { _ in 0 }
            return
        }
        let kappa = finite[finite.count / 2]
        if let law = LearnabilityWindow.masterLaw(envelope: envelope, required: exact, kappa: kappa) {
            masterLaw = [law.intercept, law.slope, 1]
        }
        let classes = TimeScaleFits.decayClasses(lags: lags, envelope: envelope)
        guard let best = classes.best.firstIndex(of: 1), let decay = TimeScaleFits.DecayClass(rawValue: best) else {
            windowTheory = grid.map { _ in 0 }
            return
        }
        let terms = zip(exact, envelope).filter { $0.0.isFinite && $0.0 > 0 && $0.1 > 0 }.map { log($0.0) + kappa * log($0.1) }
        guard !terms.isEmpty else {
            windowTheory = grid.map { _ in 0 }
            return
        }
        let intercept = terms.reduce(0, +) / Double(terms.count)
        windowTheory = grid.map {
            LearnabilityWindow.predictedWindow(decay: decay, intercept: classes.intercept[best], rate: classes.rate[best],
                                               masterIntercept: intercept, kappa: kappa, n: $0,
                                               maxLag: lags.last ?? 0)
        }
    }
}

import Foundation
