import Foundation
import XCTest
import Solvers

/// Symmetric alpha-stable numerics (issue 14): the CDF and quantiles, the
/// Chambers-Mallows-Stuck sampler, McCulloch's and Koutrouvelis' estimators, kappa.
///
/// Tolerances, derived before running:
/// - CDF: the closed forms (alpha = 2: Phi(x/sqrt 2); alpha = 1: Cauchy) and a Fourier
///   inversion by Simpson's rule (error < 1e-13 at the step used, checked by halving)
///   bound the error at 1e-10 absolute; tails are checked in relative terms.
/// - Continuity through alpha = 1: F(x; 1 + h) = Cauchy + a h + b h^2; the mean of
///   alpha = 1 +- h cancels a h, leaving b h^2 with |b| <= 0.1 at these x (from h = 0.01
///   in a separate computation), so at h = 1e-3 the mean is within 1e-7 of Cauchy (checked
///   at 1e-6) while each side is up to 1.1e-4 off (checked at 1e-3).
/// - Kolmogorov-Smirnov at n = 1e5: D < 1.63/sqrt(n), the 1% critical value.
/// - Estimators at n = 1e5: sampling sd of alpha (delta method on the sample quantiles and
///   30 Monte-Carlo replicates) is at most 0.015 for McCulloch (at alpha = 2, where nu is
///   flat) and 0.005 for the ECF regression; 0.05 (issue 14) is >= 3.3 sd. The ECF is
///   also held to 0.025 (5 of its sd), so a loss of its efficiency shows. Scale sd is
///   below 1%; 5% is > 5 sd.
final class StableLawTests: XCTestCase {
    // MARK: quadrature

    func testAdaptiveQuadrature() {
        XCTAssertEqual(AdaptiveQuadrature.integrate({ sin($0) }, from: 0, to: Double.pi), 2, accuracy: 1e-13)
        // sqrt has an infinite derivative at 0: the adaptive bisection must resolve it.
        XCTAssertEqual(AdaptiveQuadrature.integrate({ $0.squareRoot() }, from: 0, to: 1), 2.0 / 3, accuracy: 1e-11)
        XCTAssertEqual(AdaptiveQuadrature.integrate({ exp(-$0 * $0) }, from: -10, to: 10), Double.pi.squareRoot(),
                       accuracy: 1e-13)
        XCTAssertTrue(AdaptiveQuadrature.integrate({ $0 }, from: 0, to: .infinity).isNaN)
    }

    // MARK: distribution

    func testAlpha2IsNormalWithVariance2() {
        for x in stride(from: -8.0, through: 8.0, by: 0.25) {
            // Phi(x / sqrt 2) = erfc(-x / 2) / 2.
            XCTAssertEqual(StableDistribution.cdf(x, alpha: 2), 0.5 * erfc(-x / 2), accuracy: 1e-10, "x = \(x)")
        }
        for x in [4.0, 6.0, 8.0, 10.0] {
            let exact = 0.5 * erfc(x / 2)
            XCTAssertEqual(StableDistribution.survival(x, alpha: 2) / exact, 1, accuracy: 1e-6, "tail at x = \(x)")
        }
    }

    func testAlpha1IsCauchy() {
        for x in [-50.0, -3, -1, -0.2, 0, 0.7, 2, 40] {
            XCTAssertEqual(StableDistribution.cdf(x, alpha: 1), 0.5 + atan(x) / Double.pi, accuracy: 1e-14)
        }
        // The integral representation on both sides of alpha = 1 (see the class comment).
        let h = 1e-3
        for x in [0.5, 2.0, 10.0] {
            let cauchy = 0.5 + atan(x) / Double.pi
            let above = StableDistribution.cdf(x, alpha: 1 + h), below = StableDistribution.cdf(x, alpha: 1 - h)
            XCTAssertEqual(0.5 * (above + below), cauchy, accuracy: 1e-6, "x = \(x)")
            XCTAssertEqual(above, cauchy, accuracy: 1e-3, "x = \(x)")
        }
    }

    /// F(x) = 1/2 + (1/pi) int_0^inf sin(x t) exp(-t^alpha) / t dt, with t = s^q for
    /// alpha = p/q so that the integrand q sin(x s^q) exp(-s^p) / s is smooth, by Simpson.
    func testAgainstFourierInversion() {
        func fourier(_ x: Double, p: Double, q: Double) -> Double {
            let upper = pow(40, 1 / p), steps = 400_000
            let h = upper / Double(steps)
            func f(_ s: Double) -> Double { s == 0 ? 0 : sin(x * pow(s, q)) * exp(-pow(s, p)) / s }
            var sum = f(0) + f(upper)
            for i in 1..<steps { sum += (i % 2 == 1 ? 4 : 2) * f(Double(i) * h) }
            return 0.5 + q / Double.pi * sum * h / 3
        }
        let exponents: [(Double, Double)] = [(1, 2), (6, 5), (3, 2), (9, 5)]
        for (p, q) in exponents {
            for x in [0.3, 1, 3] {
                XCTAssertEqual(StableDistribution.cdf(x, alpha: p / q), fourier(x, p: p, q: q), accuracy: 1e-10,
                               "alpha = \(p / q), x = \(x)")
            }
        }
    }

    /// P(X > x) ~ Gamma(alpha) sin(pi alpha / 2) / pi x^-alpha, with a relative correction
    /// of order x^-alpha (the next term of the series), below 1e-5 at these x.
    func testPowerLawTail() {
        for (alpha, x) in [(1.5, 1e4), (1.2, 1e5), (0.7, 1e8)] {
            let asymptotic = tgamma(alpha) * sin(Double.pi * alpha / 2) / Double.pi * pow(x, -alpha)
            XCTAssertEqual(StableDistribution.survival(x, alpha: alpha) / asymptotic, 1, accuracy: 1e-4,
                           "alpha = \(alpha)")
        }
    }

    func testQuantiles() {
        XCTAssertEqual(StableDistribution.quantile(0.975, alpha: 2), 2.0.squareRoot() * 1.959963984540054,
                       accuracy: 1e-10)
        XCTAssertEqual(StableDistribution.quantile(0.75, alpha: 1), 1, accuracy: 1e-14)
        XCTAssertEqual(StableDistribution.quantile(0.05, alpha: 1), -tan(0.45 * Double.pi), accuracy: 1e-12)
        for alpha in [0.6, 1.3, 1.7, 2] {
            for p in [1e-6, 0.05, 0.25, 0.6, 0.95, 0.999] {
                let x = StableDistribution.quantile(p, alpha: alpha)
                let back = p < 0.5 ? StableDistribution.cdf(x, alpha: alpha) : StableDistribution.survival(x, alpha: alpha)
                let target = p < 0.5 ? p : 1 - p
                XCTAssertEqual(back / target, 1, accuracy: 1e-9, "alpha = \(alpha), p = \(p)")
            }
            XCTAssertEqual(StableDistribution.quantile(0.3, alpha: alpha), -StableDistribution.quantile(0.7, alpha: alpha),
                           accuracy: 1e-12)
        }
        XCTAssertEqual(StableDistribution.quantile(0, alpha: 1.5), -.infinity)
        XCTAssertEqual(StableDistribution.quantile(1, alpha: 1.5), .infinity)
        XCTAssertEqual(StableDistribution.quantile(0.5, alpha: 1.5), 0)
    }

    // MARK: McCulloch's ratio

    func testMcCullochRatioAndInterpolation() {
        XCTAssertEqual(StableQuantileRatios.trueRatio(alpha: 2), 2.4387, accuracy: 5e-5)
        XCTAssertEqual(StableQuantileRatios.trueRatio(alpha: 1), 6.3138, accuracy: 5e-5)
        XCTAssertEqual(StableQuantileRatios.trueIQR(alpha: 1), 2, accuracy: 1e-12)
        XCTAssertEqual(StableQuantileRatios.trueIQR(alpha: 2), 2 * 2.0.squareRoot() * 0.6744897501960817, accuracy: 1e-10)
        let table = StableQuantileRatios.shared
        XCTAssertEqual(table.ratio(alpha: 2), 2.4387, accuracy: 5e-5)
        XCTAssertEqual(table.ratio(alpha: 1), 6.3138, accuracy: 5e-5)
        for alpha in [0.537, 1.013, 1.2345, 1.537, 1.987] {
            XCTAssertEqual(table.alpha(forRatio: StableQuantileRatios.trueRatio(alpha: alpha)), alpha, accuracy: 1e-5)
            XCTAssertEqual(table.iqr(alpha: alpha) / StableQuantileRatios.trueIQR(alpha: alpha), 1, accuracy: 1e-6)
        }
        XCTAssertEqual(table.alpha(forRatio: 2.0), 2, "lighter than normal: clamped to 2")
        XCTAssertEqual(table.alpha(forRatio: 1000), 0.5, "heavier than the grid: clamped to 0.5")
    }

    // MARK: sampler

    /// Kolmogorov-Smirnov distance of `samples` / scale against the standard CDF.
    private func ksDistance(_ samples: [Double], alpha: Double, scale: Double) -> Double {
        let sorted = samples.sorted(), n = Double(samples.count)
        var worst = 0.0
        for (i, x) in sorted.enumerated() {
            let f = StableDistribution.cdf(x / scale, alpha: alpha)
            worst = max(worst, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return worst
    }

    func testChambersMallowsStuckAgainstCDF() {
        let n = 100_000, critical = 1.63 / Double(n).squareRoot()
        for (index, (alpha, scale)) in [(1.0, 1.0), (1.5, 1.0), (2.0, 1.0), (1.5, 2.5), (0.7, 1.0)].enumerated() {
            guard let sampler = StableSampler(alpha: alpha, scale: scale) else { return XCTFail("valid parameters") }
            var stream = RandomStream(key: .disorder(seed: 1406, realization: index, substream: 0))
            let d = ksDistance(sampler.samples(n, from: &stream), alpha: alpha, scale: scale)
            print("CMS alpha = \(alpha), scale = \(scale): KS distance \(d) (1% critical \(critical))")
            XCTAssertLessThan(d, critical, "alpha = \(alpha), scale = \(scale)")
        }
    }

    // MARK: estimators

    func testEstimatorsRecoverAlphaAndScale() {
        let n = 100_000, scale = 1.7, location = 0.3
        for (index, alpha) in [1.2, 1.5, 1.8, 2].enumerated() {
            guard let sampler = StableSampler(alpha: alpha, scale: scale) else { return XCTFail("valid parameters") }
            var stream = RandomStream(key: .disorder(seed: 1407, realization: index, substream: 1))
            let samples = sampler.samples(n, from: &stream).map { $0 + location }
            for (name, fit) in [("McCulloch", StableTailEstimators.mcCulloch(samples)),
                                ("Koutrouvelis", StableTailEstimators.koutrouvelis(samples))] {
                guard let fit else { XCTFail("\(name) gave no estimate at alpha = \(alpha)"); continue }
                print("\(name) at alpha = \(alpha), scale = \(scale): alpha \(fit.alpha), scale \(fit.scale)")
                XCTAssertEqual(fit.alpha, alpha, accuracy: 0.05, "\(name) alpha at alpha = \(alpha)")
                XCTAssertEqual(fit.scale / scale, 1, accuracy: 0.05, "\(name) scale at alpha = \(alpha)")
                XCTAssertLessThanOrEqual(fit.alpha, 2)
                if name == "Koutrouvelis" { XCTAssertEqual(fit.alpha, alpha, accuracy: 0.025, "ECF efficiency") }
            }
        }
    }

    func testKappa() {
        XCTAssertEqual(StableTailEstimators.kappa(alpha: 2), 2)
        XCTAssertEqual(StableTailEstimators.kappa(alpha: 1.5), 3)
        XCTAssertEqual(StableTailEstimators.kappa(alpha: 1), .infinity)
        XCTAssertEqual(StableTailEstimators.kappa(alpha: 0.7), .infinity)
        XCTAssertTrue(StableTailEstimators.kappa(alpha: .nan).isNaN)
        XCTAssertTrue(StableTailEstimators.kappa(alpha: 0).isNaN)
        XCTAssertTrue(StableTailEstimators.kappa(alpha: 2.5).isNaN)
    }

    // MARK: input guards

    func testDegenerateInputs() {
        let ramp = (0..<100).map { Double($0) }
        let bads: [[Double]] = [[], [1, 2, 3], [Double](repeating: 4, count: 100), ramp + [.nan], ramp + [.infinity]]
        for bad in bads {
            XCTAssertNil(StableTailEstimators.mcCulloch(bad))
            XCTAssertNil(StableTailEstimators.koutrouvelis(bad))
        }
        XCTAssertNil(StableSampler(alpha: 0))
        XCTAssertNil(StableSampler(alpha: 2.5))
        XCTAssertNil(StableSampler(alpha: 1.5, scale: -1))
        XCTAssertNil(StableSampler(alpha: .nan))
        XCTAssertTrue(StableDistribution.cdf(1, alpha: 3).isNaN)
        XCTAssertTrue(StableDistribution.cdf(.nan, alpha: 1.5).isNaN)
        XCTAssertTrue(StableDistribution.quantile(1.5, alpha: 1.5).isNaN)
        XCTAssertEqual(StableDistribution.cdf(.infinity, alpha: 1.5), 1)
        XCTAssertEqual(StableDistribution.cdf(-.infinity, alpha: 0.7), 0)
        if let zero = StableSampler(alpha: 0.3, scale: 0) {
            var stream = RandomStream(key: .disorder(seed: 1, realization: 0, substream: 0))
            XCTAssertEqual(zero.samples(1000, from: &stream), [Double](repeating: 0, count: 1000))
        } else {
            XCTFail("scale 0 is valid")
        }
    }
}
