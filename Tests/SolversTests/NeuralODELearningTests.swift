import XCTest
@testable import Solvers

/// The SGD of neural_ode against what can be computed by hand (issue 11): at small
/// t_final the first update is linear regression on a random design, and a learning rate
/// far too large is counted as divergence.
final class NeuralODELearningTests: XCTestCase {
    /// At t_final = T -> 0, xhat(T) - x(T) = T P (M(w) - M(w*)) x(0) + O(T^2), with
    /// (M(w) - M(w*)) x(0) = Phi (w - w*), Phi_ik = (g_K/N) sum_j K_ijk x_j(0) iid N(0, g_K^2/N),
    /// and P the projection orthogonal to x(0) (spherical: the mu term removes the radial
    /// part) or the identity (soft: mu is the same for both at |x|^2 = N). So the gradient
    /// is T^2 Phi^T P Phi (w - w*) and E[grad] = T^2 g_K^2 c (w - w*), c = (N-1)/N
    /// spherical, 1 soft. Hence, per unit eta, E[delta m] = -T^2 g_K^2 c (m0 - 1) and
    /// E[delta q] = -2 T^2 g_K^2 c (q0 - m0) + O(eta T^4).
    ///
    /// Checked at N = 12 (c = 11/12 vs 1, so the test sees the projection), T = dt = 1e-4
    /// (the O(T) relative correction, ~T |M| <= 1e-3, is far below the statistical error),
    /// over 12000 realizations: each mean within 4 SEM of its formula, and the two
    /// confinements' formulas at least 8 SEM apart (or the test could not tell them apart).
    func testFirstUpdateAtSmallTFinalIsLinearRegression() throws {
        let N = 12, T = 1e-4, gK = 1.3, m0 = 0.3, q0 = 1.2, count = 12000
        for (confinement, c) in [("spherical", Double(N - 1) / Double(N)), ("soft", 1.0)] {
            let setup = try NeuralODETesting.setup(["N": .int(N), "t_final": .double(T), "dt": .double(T),
                                                    "g_K": .double(gK), "m0": .double(m0), "q0": .double(q0),
                                                    "confinement": .string(confinement), "mu0": 1.0])
            var dm: [Double] = [], dq: [Double] = []
            for r in 0..<count {
                let system = NeuralODETesting.system(setup, realization: r)
                let input = NeuralODESystem.pointOnSphere(N: N, from: &system.trainingInputs)
                let g = NeuralODETesting.lossAndGradient(system, control: system.initialControl, input: input,
                                                         gradient: true).gradient
                let scale = 1 / (T * T * gK * gK * Double(N))
                // delta w = -eta g: per unit eta, delta m = -g.w*/N, delta q -> -2 g.w0/N.
                dm.append(-NeuralODETesting.dot(g, system.teacherControl) * scale)
                dq.append(-2 * NeuralODETesting.dot(g, system.initialControl) * scale)
            }
            for (name, samples, perUnitC) in [("delta m", dm, -(m0 - 1)), ("delta q", dq, -2 * (q0 - m0))] {
                let mean = samples.reduce(0, +) / Double(count)
                let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
                let sem = (variance / Double(count)).squareRoot()
                XCTAssertEqual(mean, c * perUnitC, accuracy: 4 * sem,
                               "\(confinement) \(name) / (eta T^2 g_K^2): \(mean) +- \(sem), closed form \(c * perUnitC)")
                XCTAssertGreaterThan(abs(perUnitC) / Double(N), 8 * sem, "\(name): too few realizations to see c")
            }
        }
    }

    /// eta = 1e4 blows the control up within a few epochs: the realization says diverged and
    /// its later records are NaN, instead of averaging infinities.
    func testHugeLearningRateIsReportedAsDivergence() throws {
        let model = try NeuralODE(parameters: ["N": 10, "epochs": 20, "t_final": 0.5, "dt": 0.1, "eta": 1e4],
                                  theoryEnabled: false)
        let out = try model.simulate(seed: RealizationSeed(runSeed: 1, point: 0, realization: 0),
                                     times: (0...20).map(Double.init), control: UninterruptedRun())
        XCTAssertTrue(out.diverged)
        XCTAssertTrue(out.simulation[.m].last!.isNaN)
        XCTAssertTrue(out.simulation[.loss][0].isFinite, "epoch 0 is before any update")
    }

    /// A stable run learns: over 30 epochs at eta = 0.5 the mean teacher overlap of 4
    /// realizations rises from m0 = 0 above 0.5 and the loss falls (seed 000, Fig. 2's trend).
    func testSGDLearnsTheTeacherControl() throws {
        let model = try NeuralODE(parameters: ["N": 30, "epochs": 30, "t_final": 0.5, "dt": 0.05, "eta": 0.5],
                                  theoryEnabled: false)
        var m0 = 0.0, mEnd = 0.0, lossStart = 0.0, lossEnd = 0.0
        for r in 0..<4 {
            let out = try model.simulate(seed: RealizationSeed(runSeed: 2, point: 0, realization: r),
                                         times: [0, 30], control: UninterruptedRun())
            XCTAssertFalse(out.diverged)
            m0 += out.simulation[.m][0] / 4
            mEnd += out.simulation[.m][1] / 4
            lossStart += out.simulation[.testLoss][0] / 4
            lossEnd += out.simulation[.testLoss][1] / 4
        }
        XCTAssertEqual(m0, 0, accuracy: 1e-12)
        XCTAssertGreaterThan(mEnd, 0.5)
        XCTAssertLessThan(lossEnd, 0.5 * lossStart)
    }
}
