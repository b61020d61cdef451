import Foundation

/// A fitted symmetric stable law: tail index alpha in (0, 2] and scale c (characteristic
/// function exp(-|c t|^alpha), as in `StableSampler`).
public struct StableFit: Sendable, Equatable {
    public let alpha: Double
    public let scale: Double
}

/// Estimators of the tail index and scale of a symmetric alpha-stable sample, and the
/// exponent kappa(alpha) of the sample complexity N ~ f^(-kappa) (issue 14).
///
/// Why two estimators: McCulloch's uses only four quantiles (robust, but loses precision
/// near alpha = 2 where nu is flat); Koutrouvelis' uses the whole empirical
/// characteristic function (more efficient, location- and skewness-free in |phi|). Their
/// agreement on a lag's gradient samples is itself evidence the law is stable.
///
/// Input contract: at least `minimumCount` samples, all finite; otherwise, or when the
/// sample is degenerate (zero interquartile range, e.g. mostly ties), the estimators
/// return nil. Neither needs the sample centred: both use location-invariant statistics.
public enum StableTailEstimators {
    /// Fewest samples an estimate is attempted on (4 quantiles need distinct order
    /// statistics; meaningful estimates need thousands).
    public static let minimumCount = 8

    /// McCulloch (1986) for beta = 0: nu = (q95 - q05)/(q75 - q25) from the sample
    /// quantiles, alpha = nu^{-1}(nu) through the true ratio function
    /// (`StableQuantileRatios`, clamped to its range [0.5, 2]: a ratio below nu(2) gives
    /// 2, one above nu(0.5) gives 0.5), scale = (q75 - q25) / iqr(alpha). Sample quantiles
    /// are McCulloch's: the i-th order statistic (1-based) is the quantile of order
    /// (i - 1/2)/n, linear in between.
    public static func mcCulloch(_ samples: [Double]) -> StableFit? {
        guard let sorted = sortedFinite(samples) else { return nil }
        let q05 = quantile(sorted, 0.05), q25 = quantile(sorted, 0.25)
        let q75 = quantile(sorted, 0.75), q95 = quantile(sorted, 0.95)
        let iqr = q75 - q25
        guard iqr > 0, iqr.isFinite else { return nil }
        let table = StableQuantileRatios.shared
        let alpha = table.alpha(forRatio: (q95 - q05) / iqr)
        let scale = iqr / table.iqr(alpha: alpha)
        guard alpha.isFinite, scale.isFinite, scale > 0 else { return nil }
        return StableFit(alpha: alpha, scale: scale)
    }

    /// The t grid of `koutrouvelis`, in units of the pilot scale: t_k = pi k / 25,
    /// k = 1...10 (Koutrouvelis' 1980 grid, with a fixed K = 10 in place of his table of K
    /// by alpha and n; |phi(t_k)|^2 then runs from about 0.97 down to 0.03 at alpha = 2,
    /// where -log|phi|^2 is neither lost in rounding nor in the sampling noise at n >= 1e3).
    public static let ecfGrid: [Double] = (1...10).map { Double.pi * Double($0) / 25 }

    /// Koutrouvelis (1980), "Regression-type estimation of the parameters of stable laws",
    /// JASA 75, 918, for alpha and c only, in one pass: |phi(t)|^2 = exp(-2 c^alpha |t|^alpha),
    /// so
    ///
    ///     log(-log |phi_n(t)|^2) = log(2 c^alpha) + alpha log|t|,
    ///
    /// a straight line in log t fitted by ordinary least squares over `ecfGrid` after
    /// standardizing by the pilot scale c0 = (q75 - q25)/2 (between 0.95 c and c for
    /// alpha in [1, 2]). |phi_n(t)|^2 = ((sum cos t x_j)^2 + (sum sin t x_j)^2)/n^2 is made
    /// unbiased, (n |phi_n|^2 - 1)/(n - 1) (its mean is |phi|^2 + (1 - |phi|^2)/n); grid
    /// points where that is not in (0, 1) are dropped, and fewer than 3 left give nil.
    /// A slope above 2 is clamped to 2, the intercept then refitted with the slope fixed
    /// (the constrained least-squares line); a slope <= 0 (no decay) gives nil.
    public static func koutrouvelis(_ samples: [Double]) -> StableFit? {
        guard let sorted = sortedFinite(samples) else { return nil }
        let pilot = 0.5 * (quantile(sorted, 0.75) - quantile(sorted, 0.25))
        guard pilot > 0, pilot.isFinite else { return nil }
        // Centre on the median: |phi_n| does not change, the cosines keep their precision.
        let median = quantile(sorted, 0.5)
        let n = Double(sorted.count)
        var xs = [Double](), ys = [Double]()
        for t in ecfGrid {
            let rate = t / pilot
            var c = 0.0, s = 0.0
            for x in sorted {
                let phase = rate * (x - median)
                c += cos(phase)
                s += sin(phase)
            }
            let modulus2 = (c * c + s * s) / (n * n)
            let unbiased = (n * modulus2 - 1) / (n - 1)
            guard unbiased > 0, unbiased < 1 else { continue }
            xs.append(log(t))
            ys.append(log(-log(unbiased)))
        }
        guard xs.count >= 3 else { return nil }
        let k = Double(xs.count)
        let mx = xs.reduce(0, +) / k, my = ys.reduce(0, +) / k
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return nil }
        var alpha = sxy / sxx
        guard alpha > 0, alpha.isFinite else { return nil }
        alpha = min(alpha, 2)
        let intercept = my - alpha * mx  // log(2 c_std^alpha)
        let scale = pilot * exp((intercept - log(2.0)) / alpha)
        guard scale.isFinite, scale > 0 else { return nil }
        return StableFit(alpha: alpha, scale: scale)
    }

    /// kappa(alpha) = alpha / (alpha - 1), the exponent of the required sample size
    /// N* ~ (sigma/m)^kappa: the mean of n stable samples has scale sigma n^{1/alpha - 1},
    /// which falls below a signal m once n^{1 - 1/alpha} > sigma/m (issue 14, item 2).
    /// Infinite for alpha <= 1, where the sample mean does not concentrate at all (no
    /// finite sample size detects the signal); NaN for alpha outside (0, 2] (not a tail
    /// index) or NaN.
    public static func kappa(alpha: Double) -> Double {
        guard alpha > 0, alpha <= 2 else { return .nan }
        return alpha <= 1 ? .infinity : alpha / (alpha - 1)
    }

    /// The samples sorted, or nil if fewer than `minimumCount` or any is not finite.
    static func sortedFinite(_ samples: [Double]) -> [Double]? {
        guard samples.count >= minimumCount, samples.allSatisfy({ $0.isFinite }) else { return nil }
        return samples.sorted()
    }

    /// McCulloch's sample quantile of order p of a sorted sample: the i-th order statistic
    /// (1-based) has order (i - 1/2)/n, linear interpolation between, the extremes beyond.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let n = sorted.count
        let position = Double(n) * p - 0.5  // 0-based
        if position <= 0 { return sorted[0] }
        if position >= Double(n - 1) { return sorted[n - 1] }
        let i = Int(position)
        let w = position - Double(i)
        return sorted[i] + w * (sorted[i + 1] - sorted[i])
    }
}
