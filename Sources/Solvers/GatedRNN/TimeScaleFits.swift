/// The fits seed 003 makes of the envelopes (issue 13): per-neuron time scales from an
/// exponential fit, their density p(tau) on a log grid, the Laplace prediction
/// f_L(l) = eta sum_q exp(-l / tau_q) (the finite-width form of
/// eta H int exp(-l/tau) p(tau) dtau), and the envelope's decay class.
enum TimeScaleFits {
    /// Least-squares line y = a + b x through the points with finite y: (a, b, mean
    /// squared residual), or nil with fewer than two distinct x.
    static func line(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double, residual: Double)? {
        let points = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.0 } / n, my = points.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0, sxy = 0.0
        for (u, v) in points {
            sxx += (u - mx) * (u - mx)
            sxy += (u - mx) * (v - my)
        }
        guard sxx > 0 else { return nil }
        let b = sxy / sxx, a = my - b * mx
        let residual = points.reduce(0) { $0 + ($1.1 - a - b * $1.0) * ($1.1 - a - b * $1.0) } / n
        return (a, b, residual)
    }

    /// ln of each value, floored at the smallest normal double (an envelope that underflows
    /// to zero at long lags enters the fits at ln 2^-1022 = -708.4 instead of leaving them
    /// undefined); NaN stays NaN and is left out.
    static func logs(_ values: [Double]) -> [Double] {
        values.map { $0.isNaN ? .nan : log(max($0, .leastNormalMagnitude)) }
    }

    /// tau from the exponential fit ln f = a - l / tau over the lag grid; a non-decaying
    /// envelope, or tau beyond `tauMax`, is censored to `tauMax`.
    static func timeScale(lags: [Double], envelope: [Double], tauMax: Double) -> Double {
        guard let fit = line(lags, logs(envelope)), fit.slope < 0 else { return tauMax }
        return min(-1 / fit.slope, tauMax)
    }

    /// The bin edges of p(tau): `bins` log-spaced intervals from 1 to tauMax.
    static func binEdges(bins: Int, tauMax: Double) -> [Double] {
        (0...bins).map { pow(tauMax, Double($0) / Double(bins)) }
    }

    /// The density p(tau) (per unit tau, normalized over the H neurons) of `taus` on the
    /// log grid; a tau below 1 counts in the first bin, tauMax in the last.
    static func density(_ taus: [Double], bins: Int, tauMax: Double) -> [Double] {
        let edges = binEdges(bins: bins, tauMax: tauMax)
        var counts = [Double](repeating: 0, count: bins)
        let logMax = log(tauMax)
        for tau in taus {
            let position = tau <= 1 ? 0 : Int(Double(bins) * log(tau) / logMax)
            counts[min(max(position, 0), bins - 1)] += 1
        }
        let n = Double(max(taus.count, 1))
        return (0..<bins).map { counts[$0] / (n * (edges[$0 + 1] - edges[$0])) }
    }

    /// eta sum_q exp(-l / tau_q) at each lag.
    static func laplace(lags: [Double], taus: [Double], eta: Double) -> [Double] {
        lags.map { l in eta * taus.reduce(0) { $0 + exp(-l / $1) } }
    }

    /// The decay classes of seed 003's learnability table, each a two-parameter line in
    /// ln f: exponential (ln f vs l), power law (ln f vs ln l) and logarithmic
    /// (ln f vs ln ln(1 + l); the seed's c / log(1 + l) has rate 1).
    enum DecayClass: Int, CaseIterable {
        case exponential, powerLaw, logarithmic

        func abscissa(_ lag: Double) -> Double {
            switch self {
            case .exponential: return lag
            case .powerLaw: return log(lag)
            case .logarithmic: return log(log(1 + lag))
            }
        }
    }

    /// Per class: the mean squared residual of ln f, the decay rate (minus the slope:
    /// 1/l-scale, beta, or the log exponent) and the intercept c0 of ln f = c0 - rate g(l),
    /// and 1 for the class with the smallest residual.
    static func decayClasses(lags: [Double], envelope: [Double])
        -> (residual: [Double], rate: [Double], intercept: [Double], best: [Double]) {
        let y = logs(envelope)
        var residual: [Double] = [], rate: [Double] = [], intercept: [Double] = []
        for decay in DecayClass.allCases {
            let fit = line(lags.map(decay.abscissa), y)
            residual.append(fit?.residual ?? .nan)
            rate.append(fit.map { -$0.slope } ?? .nan)
            intercept.append(fit?.intercept ?? .nan)
        }
        var best = [Double](repeating: 0, count: DecayClass.allCases.count)
        if let winner = residual.indices.filter({ residual[$0].isFinite }).min(by: { residual[$0] < residual[$1] }) {
            best[winner] = 1
        }
        return (residual, rate, intercept, best)
    }
}

import Foundation
