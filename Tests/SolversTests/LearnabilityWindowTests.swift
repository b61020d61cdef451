@testable import Solvers
import XCTest

/// Seed 003's learnability relations (issue 14, item 2) on synthetic envelopes whose
/// windows are known in closed form.
final class LearnabilityWindowTests: XCTestCase {
    private let lags = (1...400).map(Double.init)

    func testRequiredSamplesHasItsClosedForm() {
        XCTAssertEqual(LearnabilityWindow.requiredSamples(signal: 0.01, scale: 2, kappa: 3, threshold: 0.5), 1e6,
                       accuracy: 1e-6)
        XCTAssertEqual(LearnabilityWindow.requiredSamples(signal: 0, scale: 1, kappa: 2, threshold: 1), .infinity)
        XCTAssertEqual(LearnabilityWindow.requiredSamples(signal: 1, scale: 1, kappa: .infinity, threshold: 1), .infinity)
    }

    /// f(l) = lambda^l as the signal with sigma = eps = 1: N*(l) = lambda^{-kappa l}, so H_N is
    /// the largest whole l <= log N / (kappa log(1/lambda)), and the class prediction says so.
    func testExponentialEnvelopeGivesALogarithmicWindow() throws {
        for (lambda, kappa) in [(0.9, 2.0), (0.97, 3.0)] {
            let f = lags.map { pow(lambda, $0) }
            let required = f.map { LearnabilityWindow.requiredSamples(signal: $0, scale: 1, kappa: kappa, threshold: 1) }
            var previous = 0.0
            for n in [10.0, 1e3, 1e5, 1e7, 1e9] {
                let window = LearnabilityWindow.window(lags: lags, required: required, n: n)
                let bound = log(n) / (kappa * log(1 / lambda))
                XCTAssertEqual(window, (bound * (1 + 1e-12)).rounded(.down), "lambda \(lambda), N \(n)")
                XCTAssertGreaterThanOrEqual(window, previous, "H_N is non-decreasing in N")
                previous = window
                let classes = TimeScaleFits.decayClasses(lags: lags, envelope: f)
                XCTAssertEqual(classes.best, [1, 0, 0])
                let predicted = LearnabilityWindow.predictedWindow(decay: .exponential, intercept: classes.intercept[0],
                                                                   rate: classes.rate[0], masterIntercept: 0, kappa: kappa,
                                                                   n: n, maxLag: 400)
                XCTAssertEqual(predicted, min(bound, 400), accuracy: 1e-6 * max(1, bound))
            }
            let law = try XCTUnwrap(LearnabilityWindow.masterLaw(envelope: f, required: required, kappa: kappa))
            XCTAssertEqual(law.slope, 1, accuracy: 1e-9)
            XCTAssertEqual(law.intercept, 0, accuracy: 1e-9)
        }
    }

    /// The master law's slope is fitted, not assumed: N* = e^a f^{-b kappa} with b = 0.6
    /// gives back b = 0.6, and one usable lag gives no fit.
    func testMasterLawFitsTheSlopeItIsGiven() throws {
        let f = lags.map { pow(0.95, $0) }, kappa = 2.5
        let required = f.map { exp(1.5 - 0.6 * kappa * log($0)) }
        let law = try XCTUnwrap(LearnabilityWindow.masterLaw(envelope: f, required: required, kappa: kappa))
        XCTAssertEqual(law.slope, 0.6, accuracy: 1e-9)
        XCTAssertEqual(law.intercept, 1.5, accuracy: 1e-9)
        var oneLag = [Double](repeating: .infinity, count: lags.count)
        oneLag[3] = 10
        XCTAssertNil(LearnabilityWindow.masterLaw(envelope: f, required: oneLag, kappa: kappa))
    }

    /// A record's master law from matched-statistic samples whose mean is m(l) = 0.3 f(l)^b
    /// around the same symmetric noise at every lag: alpha, sigma and kappa are then the
    /// same at every lag, N* = (eps sigma / m)^kappa, and the recorded slope is b. With the
    /// signal at only one lag the record says "no fit" with zeros, never NaN.
    func testRecordStoresTheMasterLawSlopeOrNoFit() throws {
        let setup = try GatedRNNTestSupport.setup(gate: .constant)
        let recordLags = (1...12).map(Double.init)
        let f = recordLags.map { exp(-$0 / 5) }, b = 0.8
        var stream = RandomStream(key: .disorder(seed: 5, realization: 0, substream: 1))
        var noise: [Double] = []
        for _ in 0..<1000 {
            let z = stream.nextGaussian()
            noise += [z, -z]
        }
        let samples = f.map { fl in noise.map { 0.3 * pow(fl, b) + $0 } }
        let record = LearnabilityRecord(setup: setup, lags: recordLags, envelope: f, samples: samples)
        XCTAssertEqual(record.masterLaw[2], 1)
        XCTAssertEqual(record.masterLaw[1], b, accuracy: 1e-9)

        var silent = samples.map { _ in noise }
        silent[4] = samples[4]
        let none = LearnabilityRecord(setup: setup, lags: recordLags, envelope: f, samples: silent)
        XCTAssertEqual(none.masterLaw, [0, 0, 0])
    }

    /// f(l) = l^{-beta}: N*(l) = l^{kappa beta}, H_N = floor(N^{1/(kappa beta)}).
    func testPowerLawEnvelopeGivesAPolynomialWindow() {
        for (beta, kappa) in [(0.5, 2.0), (1.0, 3.0)] {
            let f = lags.map { pow($0, -beta) }
            let required = f.map { LearnabilityWindow.requiredSamples(signal: $0, scale: 1, kappa: kappa, threshold: 1) }
            for n in [10.0, 1e2, 1e3, 1e4] {
                let exact = min(pow(n, 1 / (kappa * beta)), 400)
                XCTAssertEqual(LearnabilityWindow.window(lags: lags, required: required, n: n), (exact * (1 + 1e-12)).rounded(.down),
                               "beta \(beta), N \(n)")
                let classes = TimeScaleFits.decayClasses(lags: lags, envelope: f)
                let predicted = LearnabilityWindow.predictedWindow(decay: .powerLaw, intercept: classes.intercept[1],
                                                                   rate: classes.rate[1], masterIntercept: 0, kappa: kappa,
                                                                   n: n, maxLag: 400)
                XCTAssertEqual(predicted, exact, accuracy: 1e-6 * exact)
            }
        }
    }

    /// f(l) = 1/log(1 + l): N*(l) = log(1 + l)^kappa, H_N = exp(N^{1/kappa}) - 1 (the seed's table).
    func testLogarithmicEnvelopeGivesAnExponentialWindow() {
        let kappa = 2.0
        let f = lags.map { 1 / log(1 + $0) }
        let classes = TimeScaleFits.decayClasses(lags: lags, envelope: f)
        for n in [2.0, 4.0, 9.0] {
            let exact = min(exp(pow(n, 1 / kappa)) - 1, 400)
            let predicted = LearnabilityWindow.predictedWindow(decay: .logarithmic, intercept: classes.intercept[2],
                                                               rate: classes.rate[2], masterIntercept: 0, kappa: kappa,
                                                               n: n, maxLag: 400)
            XCTAssertEqual(predicted, exact, accuracy: 1e-6 * exact)
        }
    }
}
