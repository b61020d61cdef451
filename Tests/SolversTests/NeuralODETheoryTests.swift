import XCTest
@testable import Solvers

/// The DMFT of neural_ode (docs/models/neural_ode_dmft.md) against what can be computed
/// without it: the series' closed forms, the g_K = 0 and small-t_final limits, and the
/// reference implementation's numbers.
final class NeuralODETheoryTests: XCTestCase {
    func field(gJ: Double = 1, gK: Double = 1, T: Double = 1, eta: Double = 0.5, grid: Int = 64) -> NeuralODEMeanField {
        NeuralODEMeanField(gJ: gJ, gK: gK, tFinal: T, eta: eta, batch: 1, grid: grid)
    }

    /// Phi(x) = I0(2 sqrt x): I0(2) = 2.2795853023360673, I0(20) = 4.355828255955353e7 (A&S
    /// tables); J0(2) = 0.22389077914123567 for x = -1; Phi'(x) = I1(2 sqrt x)/sqrt x, I1(2) =
    /// 1.5906368546373291.
    func testSeriesMatchBesselValues() {
        XCTAssertEqual(BesselSeries.phi(1), 2.2795853023360673, accuracy: 1e-15)
        XCTAssertEqual(BesselSeries.phi(100) / 4.355828255955353e7, 1, accuracy: 1e-13)
        XCTAssertEqual(BesselSeries.phi(-1), 0.22389077914123567, accuracy: 1e-15)
        XCTAssertEqual(BesselSeries.phiPrime(1), 1.5906368546373291, accuracy: 1e-15)
    }

    /// The e = 0 numbers of the note's independent numpy implementation (table 8.1; its own
    /// discretization of the backward resolvent, converged to 1e-7: 0.5525859, 0.5525861,
    /// 0.5525862 at grids 100, 200, 400): (m0, q0, g_J, g_K, T) = (0, 1, 1, 1, 1) gives loss
    /// 0.463924, D = -0.374061, Gamma = 0.301907, Sigma = 0.5525862; (0.5, 1, 1, 1, 2) gives
    /// 0.494150, -0.735999, 0.648616, 2.685394. The closed forms must agree to the table's 6
    /// digits. Sigma is a trapezoid quadrature, O(h^2): at grid 64 it must lie within twice
    /// its own error estimate |Sigma_64 - Sigma_32| / 3 of the reference (the estimate that
    /// `dmft_error` reports), and the Richardson extrapolation from grids 64 and 128 within
    /// 1e-5 relative.
    func testFirstEpochCoefficientsMatchTheReferenceImplementation() throws {
        for (m, q, T, reference) in [(0.0, 1.0, 1.0, (0.463924, -0.374061, 0.301907, 0.5525862)),
                                     (0.5, 1.0, 2.0, (0.494150, -0.735999, 0.648616, 2.685394))] {
            let k = try field(T: T).coefficients(m: m, q: q)
            XCTAssertEqual(k.loss, reference.0, accuracy: 1e-6)
            XCTAssertEqual(k.D, reference.1, accuracy: 1e-6)
            XCTAssertEqual(k.gamma, reference.2, accuracy: 1e-6)
            let coarse = try field(T: T, grid: 32).coefficients(m: m, q: q).sigma
            let finer = try field(T: T, grid: 128).coefficients(m: m, q: q).sigma
            let estimate = abs(k.sigma - coarse) / 3
            XCTAssertLessThan(abs(k.sigma - reference.3), 2 * estimate, "T = \(T): \(k.sigma) vs \(reference.3)")
            XCTAssertEqual((finer + (finer - k.sigma) / 3) / reference.3, 1, accuracy: 1e-5, "T = \(T)")
        }
    }

    /// g_K = 0: the student's field is the teacher's, nothing is learned.
    func testWithoutTheControlledForceNothingMoves() throws {
        let curves = try field(gK: 0).curves(m0: 0.3, q0: 0.7, through: 5, control: UninterruptedRun())
        XCTAssertEqual(curves.m, [Double](repeating: 0.3, count: 6))
        XCTAssertEqual(curves.q, [Double](repeating: 0.7, count: 6))
        XCTAssertEqual(curves.loss, [Double](repeating: 0, count: 6))
    }

    /// Small t_final: with eps = eta g_K^2 T^2, 1 - m(e) = (1 - eps)^e (1 - m0) and
    /// r(e) = 1 - 2m + q = (1 - 2 eps + 2 eps^2)^e r0, the online least-squares recursion
    /// with the Marchenko-Pastur second moment 2 (note, R6), up to O(T^2) relative per
    /// epoch: at T = 0.02 the bracket of the next order (note 7.2) is at most
    /// (g_J^2 + 3 g_K^2) T^2 / 2 = 4e-4 relative per epoch, 4e-3 over 10 epochs.
    func testSmallTFinalIsOnlineLinearRegression() throws {
        let T = 0.02, eta = 800.0, gK = 1.0, m0 = 0.1, q0 = 0.6   // eps = 0.32
        let eps = eta * gK * gK * T * T
        let curves = try field(T: T, eta: eta).curves(m0: m0, q0: q0, through: 10, control: UninterruptedRun())
        for e in 0...10 {
            let oneMinusM = pow(1 - eps, Double(e)) * (1 - m0)
            let r = pow(1 - 2 * eps + 2 * eps * eps, Double(e)) * (1 - 2 * m0 + q0)
            XCTAssertEqual((1 - curves.m[e]) / oneMinusM, 1, accuracy: 4e-3, "epoch \(e)")
            XCTAssertEqual((1 - 2 * curves.m[e] + curves.q[e]) / r, 1, accuracy: 4e-3, "epoch \(e)")
            XCTAssertEqual(curves.loss[e] / (gK * gK * T * T / 2 * r), 1, accuracy: 4e-3, "epoch \(e)")
        }
    }

    /// The note's learning curve at (0, 1, 1, 1, 1), eta = 0.5 (sec. 8.4): m(8) = 0.9042,
    /// q(8) = 0.9199, loss(8) = 0.0312, and the discretization error estimate small.
    func testLearningCurveMatchesTheReferenceImplementation() throws {
        let model = try NeuralODE(parameters: ["t_final": 1.0, "eta": 0.5, "epochs": 8], theoryEnabled: true)
        let theory = try model.pointTheory(times: (0...8).map(Double.init), control: UninterruptedRun(),
                                           reduction: SingleParticipant())
        XCTAssertEqual(theory[.m][1], 0.1870, accuracy: 1e-4)
        XCTAssertEqual(theory[.q][1], 0.8940, accuracy: 1e-4)
        XCTAssertEqual(theory[.m][8], 0.9042, accuracy: 1e-4)
        XCTAssertEqual(theory[.q][8], 0.9199, accuracy: 1e-4)
        XCTAssertEqual(theory[.loss][8], 0.0312, accuracy: 1e-4)
        XCTAssertLessThan(theory[ObservableName("dmft_error")].max() ?? 1, 1e-4)
    }
}
