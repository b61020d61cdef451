import Foundation

/// The distribution function and quantiles of the standard symmetric alpha-stable law
/// S(alpha, beta = 0, scale 1, location 0), the law with characteristic function
///
///     E exp(i t X) = exp(-|t|^alpha),   0 < alpha <= 2
///
/// (alpha = 2: N(0, 2); alpha = 1: standard Cauchy). A law of scale c is X c.
///
/// Why: the tail-index estimators (`StableTailEstimators`) map sample quantiles to alpha
/// through the law's true quantiles, and tests check samplers against the true CDF; no
/// elementary closed form exists except at alpha = 1 and 2.
///
/// Method: Nolan (1997), "Numerical calculation of stable densities and distribution
/// functions", Commun. Statist.-Stochastic Models 13, 759, Theorem 1 with beta = 0
/// (theta_0 = 0, zeta = 0): for x > 0 and alpha != 1,
///
///     g(theta) = x^(alpha/(alpha-1)) V(theta),
///     V(theta) = (cos theta / sin(alpha theta))^(alpha/(alpha-1)) cos((alpha-1) theta) / cos theta,
///     I(x) = (1/pi) int_0^{pi/2} exp(-g(theta)) d theta,
///
/// and F(x) = 1 - I(x) for alpha > 1, F(x) = 1/2 + I(x) for alpha < 1. The upper tail
/// 1 - F(x) is computed directly (I for alpha > 1, (1/pi) int -expm1(-g) for alpha < 1),
/// so small tail probabilities keep their relative accuracy. g is monotone in theta
/// (decreasing for alpha > 1, increasing for alpha < 1); the integrand is a smooth step
/// located where g = 1, so the interval is split there (found by bisection on log g,
/// Nolan's recommendation) and each half integrated by `AdaptiveQuadrature` on pieces
/// that grow geometrically away from the step (see `upperTail`). log g is
/// evaluated as one sum of logarithms, so x^(alpha/(alpha-1)) never overflows even for
/// alpha close to 1. alpha = 1 uses the Cauchy closed form.
///
/// Accuracy: within 1e-10 absolute in F for alpha in [0.5, 2], and 1e-6 relative in the
/// normal tail up to x = 10 (the tested bounds: normal and Cauchy closed forms, Fourier
/// inversion, continuity through alpha = 1, the asymptotic power-law tail to x = 1e8);
/// alpha below 0.5 is allowed but untested.
public enum StableDistribution {
    /// F(x) = P(X <= x) of the standard symmetric law. NaN if alpha is not in (0, 2] or
    /// x is NaN.
    public static func cdf(_ x: Double, alpha: Double) -> Double {
        guard isValid(alpha), !x.isNaN else { return .nan }
        if x == 0 { return 0.5 }
        return x > 0 ? 1 - upperTail(x, alpha: alpha) : upperTail(-x, alpha: alpha)
    }

    /// The upper tail 1 - F(x) = P(X > x), accurate in relative terms for large x. NaN if
    /// alpha is not in (0, 2] or x is NaN.
    public static func survival(_ x: Double, alpha: Double) -> Double {
        guard isValid(alpha), !x.isNaN else { return .nan }
        if x == 0 { return 0.5 }
        return x > 0 ? upperTail(x, alpha: alpha) : 1 - upperTail(-x, alpha: alpha)
    }

    /// The p-quantile x with F(x) = p: -infinity at p = 0, +infinity at p = 1, NaN if p
    /// is not in [0, 1] or alpha not in (0, 2]. Solved on the tail probability
    /// min(p, 1 - p) (the law is symmetric), by the Illinois variant of regula falsi in
    /// log x inside a bracket found by doubling; relative accuracy about 1e-12.
    public static func quantile(_ p: Double, alpha: Double) -> Double {
        guard isValid(alpha), p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let sign: Double = p > 0.5 ? 1 : -1
        let tail = p > 0.5 ? 1 - p : p  // exact for p >= 1/2 (Sterbenz)
        if alpha == 1 { return sign / tan(Double.pi * tail) }
        return sign * tailQuantile(tail, alpha: alpha)
    }

    static func isValid(_ alpha: Double) -> Bool { alpha > 0 && alpha <= 2 }

    /// x > 0 with P(X > x) = tail, for 0 < tail < 1/2.
    private static func tailQuantile(_ tail: Double, alpha: Double) -> Double {
        func h(_ u: Double) -> Double { upperTail(exp(u), alpha: alpha) - tail }
        // Bracket in u = log x by steps of log 2: h decreases in u.
        var a = 0.0, ha = h(a)
        if ha == 0 { return 1 }
        let step = log(2.0) * (ha > 0 ? 1 : -1)
        var b = a + step, hb = h(b)
        while (ha > 0) == (hb > 0) && hb != 0 {
            a = b
            ha = hb
            b += step
            guard abs(b) < 690 else { return ha > 0 ? .infinity : 0 }
            hb = h(b)
        }
        // Illinois: the retained end's value is halved so both ends move.
        for _ in 0..<200 {
            if hb == 0 || abs(b - a) <= 1e-13 * max(1, abs(b)) { break }
            var c = b - hb * (b - a) / (hb - ha)
            if !(c > min(a, b) && c < max(a, b)) { c = 0.5 * (a + b) }
            let hc = h(c)
            if (hc > 0) != (hb > 0) {
                a = b
                ha = hb
            } else {
                ha *= 0.5
            }
            b = c
            hb = hc
        }
        return exp(b)
    }

    /// P(X > x) for x > 0 (alpha valid).
    private static func upperTail(_ x: Double, alpha: Double) -> Double {
        if x == .infinity { return 0 }
        if alpha == 1 { return atan(1 / x) / Double.pi }
        let logX = log(x)
        let power = alpha / (alpha - 1), cosPower = 1 / (alpha - 1)
        let halfPi = Double.pi / 2
        // log g(theta); g -> infinity or 0 at the ends, depending on alpha.
        func logG(_ theta: Double) -> Double {
            let c = cos(theta), s = sin(alpha * theta)
            guard c > 0, s > 0 else {
                // Only reachable by rounding at an end: the limits of g there.
                if theta < halfPi / 2 { return alpha > 1 ? .infinity : -.infinity }
                return alpha >= 2 ? 2 * logX - log(4.0) : (alpha > 1 ? -.infinity : .infinity)
            }
            return power * (logX - log(s)) + cosPower * log(c) + log(cos((alpha - 1) * theta))
        }
        let decreasing = alpha > 1
        // The tail integrand: exp(-g) for alpha > 1, 1 - exp(-g) for alpha < 1.
        func integrand(_ theta: Double) -> Double {
            let g = exp(logG(theta))
            return decreasing ? exp(-g) : -expm1(-g)
        }
        // theta* with g = 1 (log g = 0), the location of the step.
        var lo = 0.0, hi = halfPi
        // To the last bit: the step can be narrower than any fixed tolerance (its width
        // scales with theta* near 0 and with pi/2 - theta* near pi/2).
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi)
            guard mid > lo, mid < hi else { break }
            let l = logG(mid)
            if l.isNaN { break }
            if (l > 0) == decreasing { lo = mid } else { hi = mid }
        }
        let split = 0.5 * (lo + hi)
        // The step's width is 1/|d log g / d theta| at theta*, which can be far below the
        // interval (1e-6 at alpha = 1.5, x = 1e4; ~|alpha - 1| near alpha = 1): a rule
        // over [0, theta*] whose nodes all miss the step would report 0 with 0 error. So
        // each side is cut into pieces of widths w, 2w, 4w, ... outwards from theta*;
        // beyond a few w the integrand is flat (0 or 1), and there are at most ~50 pieces.
        let derivative = abs(-power * alpha / tan(alpha * split) - cosPower * tan(split)
            - (alpha - 1) * tan((alpha - 1) * split))
        let width = derivative.isFinite && derivative > 0 ? min(halfPi, max(1e-15, 1 / derivative)) : halfPi
        func piece(_ a: Double, _ b: Double) -> Double {
            AdaptiveQuadrature.integrate(integrand, from: a, to: b, absoluteTolerance: 1e-16, relativeTolerance: 1e-12)
        }
        var total = 0.0
        var end = split, offset = width
        while end > 0 {
            let start = max(0, split - offset)
            total += piece(start, end)
            end = start
            offset *= 2
        }
        var start = split
        offset = width
        while start < halfPi {
            let next = min(halfPi, split + offset)
            total += piece(start, next)
            start = next
            offset *= 2
        }
        return min(0.5, max(0, total / Double.pi))
    }
}
