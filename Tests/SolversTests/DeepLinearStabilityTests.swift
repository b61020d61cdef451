import Foundation
import Solvers
import XCTest

/// The deep-linear DMFT's edge-of-stability indicator `eos_indicator` (docs/models/
/// deep_linear.md, "Edge of stability") against closed forms: the tangent kernel at t = 0
/// from the hand-computed first step (derivation note C1), the lazy limit (L + 1) η λ_data
/// (C5), the rate along w* of the exact ν = α = ∞ recursion (C4), and the learning rate at
/// which the lazy dynamics turn unstable.
final class DeepLinearStabilityTests: XCTestCase {
    private func indicator(_ parameters: ParameterSet) throws -> (eos: [Double], testLoss: [Double]) {
        let model = try DeepLinear(parameters: parameters, theoryEnabled: true)
        let times = (0...model.setup.T).map(Double.init)
        let theory = try model.pointTheory(times: times, control: UninterruptedRun(), reduction: SingleParticipant())
        return (try XCTUnwrap(theory["eos_indicator"]), try XCTUnwrap(theory["test_loss"]))
    }

    /// Marchenko-Pastur upper edge of X^T X / P.
    private func edge(_ alpha: Double) -> Double { pow(1 + 1 / alpha.squareRoot(), 2) }

    /// C1 (nu = 2, alpha = 4, gamma0 = 1, eta = 0.1, uncentered, L = 1): C_g^1(0,0) = 1,
    /// C_h^0(0,0) = 1.9375 and C_h^1(0,0) = 2.1875, so eta lambda_+ (1 + C_h^1/C_h^0).
    func testInitialValueIsTheTangentKernelAlongTheFirstGradient() throws {
        let r = try indicator(["nu": 2, "alpha": 4, "L": 1, "gamma0": 1, "eta": 0.1, "sigma": 0.5, "T": 3])
        let expected = 0.1 * 2.25 * (1 + 2.1875 / 1.9375)
        XCTAssertEqual(r.eos[0], expected, accuracy: 1e-14)
        for t in 1...3 { XCTAssertGreaterThanOrEqual(r.eos[t], r.eos[t - 1], "a running maximum") }
    }

    /// C5: nu -> inf, gamma0 -> 0, centered: linear regression with kernel (L + 1) eta, so
    /// the indicator is (L + 1) eta lambda_+ at every step (full batch) and (L + 1) eta
    /// (1 + 1/alpha_B) for online SGD. Corrections are O(eta gamma0) = 5e-6 per step and
    /// O(1/(nu gamma0)^2) = 1e-10.
    func testLazyLimitIsTheKernelRegressionCriterion() throws {
        let L = 3, eta = 0.05
        let full = try indicator(["nu": 1e9, "alpha": 0.5, "L": .int(L), "gamma0": 1e-4, "eta": .double(eta),
                                  "sigma": 0.3, "T": 30, "centering": true])
        for (t, value) in full.eos.enumerated() {
            XCTAssertEqual(value, Double(L + 1) * eta * edge(0.5), accuracy: 1e-4, "full batch, t = \(t)")
        }
        let online = try indicator(["nu": 1e9, "batch_alpha": 0.5, "L": .int(L), "gamma0": 1e-4, "eta": .double(eta),
                                    "sigma": 0.3, "T": 30, "centering": true])
        for (t, value) in online.eos.enumerated() {
            XCTAssertEqual(value, Double(L + 1) * eta * 3, accuracy: 1e-4, "online, t = \(t)")
        }
    }

    /// C4 (nu = alpha = inf, L = 1, sigma = 0): the gradient lies along w*, where the kernel
    /// is S_+ + S_- (C_g^1 = <g^2> and C_h^1/C_h^0 = <q^2>, both (S_+ + S_-)/2), so the
    /// indicator is max_s eta (S_+ + S_-)(s) of the scalar recursion.
    func testInfiniteWidthAndDataGiveTheRateAlongTheTeacher() throws {
        let gamma0 = 1.5, eta = 0.05, T = 40
        let r = try indicator(["nu": .double(.infinity), "alpha": .double(.infinity), "L": 1,
                               "gamma0": .double(gamma0), "eta": .double(eta), "T": .int(T)])
        var a = 1.0, plus = 1.0, minus = 1.0, largest = 0.0
        for t in 0...T {
            largest = max(largest, eta * (plus + minus))
            XCTAssertEqual(r.eos[t], largest, accuracy: 1e-12 * largest, "t = \(t)")
            let e = eta * gamma0 * a
            plus *= (1 + e) * (1 + e)
            minus *= (1 - e) * (1 - e)
            a = 1 - (plus - minus) / (2 * gamma0)
        }
        // Learned: a -> 0 means S_+ - S_- -> 2 gamma0, so S_+ + S_- >= 2 gamma0 (1 - a(T)), 1.5x the
        // initial 2: feature learning sharpens the kernel along w*.
        XCTAssertGreaterThan(r.eos[T], eta * 2 * gamma0 * (1 - a), "the kernel sharpens along w*")
    }

    /// The indicator crosses 2 where the dynamics turn unstable: lazy limit, eta 5% below
    /// and above 2 / ((L + 1) lambda_data). Below, full batch: the test loss at T = 150 is
    /// under its initial value; online: it has reached the fixed point of
    /// c' = rho c + kappa^2 sigma^2/alpha_B, rho = (1 - kappa)^2 + kappa^2/alpha_B = 0.937
    /// (rho^150 = 6e-5), to 1e-3. Above, the modes at the top of the spectrum grow (by
    /// about 1.1 per step at the edge; online rho = 1.07) and the loss has blown up by
    /// T = 150 (NaN or above 1e3).
    func testIndicatorCrossesTwoWhereTheDynamicsTurnUnstable() throws {
        let L = 3
        for (name, data, factor) in [("full batch", "alpha", edge(0.5)), ("online", "batch_alpha", 3.0)] {
            let critical = 2 / (Double(L + 1) * factor)
            for (scale, stable) in [(0.95, true), (1.05, false)] {
                let parameters: ParameterSet = ["nu": 1e9, "L": .int(L), "gamma0": 1e-4, "eta": .double(scale * critical),
                                                "sigma": 0.3, "T": 150, "centering": true]
                let r = try indicator(parameters.setting(data, to: 0.5))
                let last = r.testLoss[150]
                if stable {
                    XCTAssertLessThan(r.eos[150], 2, "\(name) at \(scale) eta*")
                    if data == "alpha" {
                        XCTAssertLessThan(last, r.testLoss[0], "\(name) at \(scale) eta* converges")
                    } else {
                        let kappa = Double(L + 1) * scale * critical, rho = (1 - kappa) * (1 - kappa) + kappa * kappa / 0.5
                        let floor = kappa * kappa * 0.09 / 0.5 / (1 - rho) + 0.09
                        XCTAssertEqual(last, floor, accuracy: 1e-3 * floor, "\(name) at \(scale) eta* converges")
                    }
                } else {
                    XCTAssertGreaterThan(r.eos[0], 2, "\(name) at \(scale) eta*")
                    XCTAssertTrue(last.isNaN || last > 1e3, "\(name) at \(scale) eta* blows up: \(last)")
                }
            }
        }
    }
}
