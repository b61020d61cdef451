@testable import Solvers
import XCTest

/// The Laplace relation between time scales and envelopes (seed 003, "What determines
/// the envelope?"): one time scale gives a pure exponential; a density with tail
/// tau^{-1-beta} gives f(l) ~ l^{-beta}; and the fits find each class.
final class TimeScaleFitTests: XCTestCase {
    private let grid = [1.0, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987]

    func testSingleTimeScaleGivesAPureExponentialOfThatScale() throws {
        let f = TimeScaleFits.laplace(lags: grid, taus: Array(repeating: 20, count: 8), eta: 0.1)
        XCTAssertEqual(f[0], 0.8 * exp(-1.0 / 20), accuracy: 1e-15)
        XCTAssertEqual(TimeScaleFits.timeScale(lags: grid, envelope: f, tauMax: 1e4), 20, accuracy: 1e-9)
        let classes = TimeScaleFits.decayClasses(lags: grid, envelope: f)
        XCTAssertEqual(classes.best, [1, 0, 0])
        XCTAssertEqual(classes.rate[0], 1.0 / 20, accuracy: 1e-12)
        XCTAssertLessThan(classes.residual[0], 1e-20)
    }

    /// p(tau) = beta tau^{-1-beta} on [1, inf), taken at 10^5 quantiles: eta sum_q e^{-l/tau_q}
    /// = eta H beta l^{-beta} gamma(beta, l) -> eta H beta Gamma(beta) l^{-beta} for l >> 1, so
    /// the power-law fit over lags 10..1000 has beta within 0.05 (the incomplete gamma
    /// function's correction at l = 10 is e^{-10}; the largest quantile, 10^{5/beta}, is
    /// far beyond l = 1000).
    func testPowerLawTailOfTimeScalesGivesAPowerLawEnvelope() throws {
        let lags = grid.filter { $0 >= 10 }
        for beta in [0.5, 1.0, 1.5] {
            let n = 100_000
            let taus = (0..<n).map { pow(1 - (Double($0) + 0.5) / Double(n), -1 / beta) }
            let f = TimeScaleFits.laplace(lags: lags, taus: taus, eta: 1)
            let fit = try XCTUnwrap(TimeScaleFits.line(lags.map(log), f.map(log)))
            XCTAssertEqual(-fit.slope, beta, accuracy: 0.05, "beta \(beta)")
            XCTAssertEqual(TimeScaleFits.decayClasses(lags: lags, envelope: f).best, [0, 1, 0], "beta \(beta)")
            // The amplitude, too: f(100) = H beta Gamma(beta) 100^-beta up to gamma(beta, 100)'s e^-100.
            let index = try XCTUnwrap(lags.firstIndex(of: 144))
            XCTAssertEqual(f[index] / (Double(n) * beta * tgamma(beta) * pow(144, -beta)), 1, accuracy: 0.01)
        }
    }

    func testLogarithmicEnvelopeIsClassifiedLogarithmic() {
        let f = grid.map { 0.7 / log(1 + $0) }
        let classes = TimeScaleFits.decayClasses(lags: grid, envelope: f)
        XCTAssertEqual(classes.best, [0, 0, 1])
        XCTAssertEqual(classes.rate[2], 1, accuracy: 1e-12)
    }

    func testNonDecayingEnvelopeIsCensoredAtTauMax() {
        XCTAssertEqual(TimeScaleFits.timeScale(lags: grid, envelope: grid.map { _ in 0.3 }, tauMax: 500), 500)
        XCTAssertEqual(TimeScaleFits.timeScale(lags: grid, envelope: grid.map { exp(-$0 / 1e6) }, tauMax: 500), 500)
    }

    /// The density integrates to the fraction of neurons on the grid (all of them here).
    func testDensityIsNormalizedOverTheLogGrid() {
        let taus = [0.5, 1.5, 3, 30, 300, 2000, 9999, 1e5]
        let bins = 12, tauMax = 1e4
        let p = TimeScaleFits.density(taus, bins: bins, tauMax: tauMax)
        let edges = TimeScaleFits.binEdges(bins: bins, tauMax: tauMax)
        let mass = (0..<bins).reduce(0.0) { $0 + p[$1] * (edges[$1 + 1] - edges[$1]) }
        XCTAssertEqual(mass, 1, accuracy: 1e-12)
        XCTAssertEqual(p[0] * (edges[1] - edges[0]), 2.0 / 8, accuracy: 1e-12, "tau = 0.5 and 1.5 in the first bin")
        XCTAssertEqual(p[bins - 1] * (edges[bins] - edges[bins - 1]), 2.0 / 8, accuracy: 1e-12, "9999 and the censored 1e5")
    }
}
