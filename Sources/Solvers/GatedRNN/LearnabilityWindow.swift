/// Seed 003's learnability relations ("Learnability at finite data", "Scaling laws for the
/// learnability window"; issue 14, item 2). With a matched signal m(l), an alpha-stable
/// noise scale sigma(l) and kappa = alpha / (alpha - 1), the signal-to-noise ratio of an
/// average over N samples is SNR(l, N) = m N^{1 - 1/alpha} / sigma, so lag l is detectable
/// (SNR >= eps) from N*(l) = (eps sigma / m)^kappa samples on, and the learnability window
/// at sample size N is H_N = max{l : N*(l) <= N}.
enum LearnabilityWindow {
    /// N*(l) = (eps sigma / m)^kappa; +infinity when nothing is detectable (m = 0, or
    /// alpha <= 1, where averaging does not shrink the noise: kappa = +infinity).
    static func requiredSamples(signal m: Double, scale sigma: Double, kappa: Double, threshold eps: Double) -> Double {
        guard m > 0, sigma.isFinite, kappa.isFinite, kappa > 0 else { return .infinity }
        let ratio = eps * sigma / m
        return ratio <= 0 ? 0 : pow(ratio, kappa)
    }

    /// H_N: the largest lag whose N* is at most `n`, or 0 when none is. Every lag counts,
    /// not only the first run of detectable ones, as the seed's max{...} reads.
    static func window(lags: [Double], required: [Double], n: Double) -> Double {
        var best = 0.0
        for (l, r) in zip(lags, required) where r <= n { best = max(best, l) }
        return best
    }

    /// The master law log N*(l) = a - b kappa log f(l), fitted by least squares over the
    /// lags where both are finite and positive: (a, b). The theory says b = 1.
    static func masterLaw(envelope f: [Double], required: [Double], kappa: Double) -> (intercept: Double, slope: Double)? {
        var x: [Double] = [], y: [Double] = []
        for (fl, r) in zip(f, required) where fl > 0 && r > 0 && r.isFinite && fl.isFinite {
            x.append(-kappa * log(fl))
            y.append(log(r))
        }
        return TimeScaleFits.line(x, y).map { ($0.intercept, $0.slope) }
    }

    /// The seed's window from an envelope class fitted as ln f = c0 - rate g(l), with the
    /// master law at slope 1 (N* = e^a f^-kappa): lag l is detectable when
    /// ln f(l) >= (a - ln N) / kappa, i.e. g(l) <= (c0 - (a - ln N)/kappa) / rate, so
    ///   exponential (g = l):          H_N = (c0 + (ln N - a)/kappa) / rate   (the seed's log N / (kappa log 1/lambda))
    ///   power law (g = ln l):         H_N = exp(...)                          (the seed's N^{1/(kappa beta)})
    ///   logarithmic (g = ln ln(1+l)): H_N = exp(exp(...)) - 1
    /// clamped to [0, maxLag] (the lags a run can see); 0 for a non-decaying fit.
    static func predictedWindow(decay: TimeScaleFits.DecayClass, intercept c0: Double, rate: Double,
                                masterIntercept a: Double, kappa: Double, n: Double, maxLag: Double) -> Double {
        guard rate > 0, kappa.isFinite, kappa > 0, n > 0 else { return 0 }
        let bound = (c0 + (log(n) - a) / kappa) / rate
        let lag: Double
        switch decay {
        case .exponential: lag = bound
        case .powerLaw: lag = exp(min(bound, 700))
        case .logarithmic: lag = exp(exp(min(bound, 6))) - 1
        }
        return min(max(lag, 0), maxLag)
    }
}

import Foundation
