import Foundation
import XCTest
import Solvers

/// The order-parameter ODEs against values known independently of this code.
final class OrderParameterODETests: XCTestCase {
    private let noControl = UninterruptedRun()

    /// Exactly symmetric soft-committee state: Q = q0 I, R = 0, T = I (K = M), v = v* = 1.
    private func symmetricStart(_ K: Int, q0: Double = 0.2) -> OrderParameters {
        var Q = [Double](repeating: 0, count: K * K), T = Q
        for i in 0..<K {
            Q[i * K + i] = q0
            T[i * K + i] = 1
        }
        return OrderParameters(K: K, M: K, Q: Q, R: [Double](repeating: 0, count: K * K), T: T,
                               v: [Double](repeating: 1, count: K), vStar: [Double](repeating: 1, count: K))
    }

    /// The symmetric state (Q_ii = q, Q_ik = c, R_in = r for all i, k != i, n; T = I) of
    /// the K = M soft committee machine.
    private func symmetricState(_ K: Int, q: Double, c: Double, r: Double) -> OrderParameters {
        var s = symmetricStart(K)
        for i in 0..<K { for k in 0..<K { s.Q[i * K + k] = i == k ? q : c } }
        s.R = [Double](repeating: r, count: K * K)
        return s
    }

    /// The symmetric fixed point reached from `start`: the flow to alpha = 1000, then
    /// Newton on (Q_11, Q_12, R_11) in the symmetric subspace (the plateau is a saddle
    /// whose symmetric approach is slow, ~1/alpha, so integration alone would need
    /// alpha ~ 1e4 for 1e-6). Returns the fixed point and the distance the Newton step moved.
    private func symmetricFixedPoint(_ theory: TeacherStudentTheory, from start: OrderParameters) throws
        -> (OrderParameters, Double)
    {
        let K = start.K
        let flowed = try theory.solve(from: start, times: [1000], control: noControl)[0]
        var p = [flowed.Q[0], flowed.Q[1], flowed.R[0]]
        func residual(_ p: [Double]) -> [Double] {
            let r = theory.rates(at: symmetricState(K, q: p[0], c: p[1], r: p[2]))
            return [r.Q[0], r.Q[1], r.R[0]]
        }
        for _ in 0..<30 {
            let f = residual(p)
            var jac = [[Double]](repeating: [0, 0, 0], count: 3)
            for j in 0..<3 {
                var pj = p
                let h = 1e-7
                pj[j] += h
                let fj = residual(pj)
                for i in 0..<3 { jac[i][j] = (fj[i] - f[i]) / h }
            }
            let dp = solve3(jac, f.map { -$0 })
            for j in 0..<3 { p[j] += dp[j] }
            if dp.map(abs).reduce(0, +) < 1e-14 { break }
        }
        let moved = abs(p[0] - flowed.Q[0]) + abs(p[1] - flowed.Q[1]) + abs(p[2] - flowed.R[0])
        return (symmetricState(K, q: p[0], c: p[1], r: p[2]), moved)
    }

    private func solve3(_ a: [[Double]], _ b: [Double]) -> [Double] {
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(a)
        return (0..<3).map { j in
            var m = a
            for i in 0..<3 { m[i][j] = b[i] }
            return det(m) / d
        }
    }

    /// The symmetric plateau of the soft committee machine, eta -> 0 (PLATFORM.md, Saad &
    /// Solla 1995): eps = (K/pi)(pi/6 - K asin(1/(2K))). eta -> 0 is the gradient flow,
    /// reached with an infinite batch (the eta^2 / B terms vanish) at eta = 1 (only the
    /// time unit changes). Started exactly symmetric, the flow stays in the symmetric
    /// subspace and goes to the plateau's fixed point.
    func testSymmetricPlateauHeightsSmallLearningRate() throws {
        for K in 2...4 {
            let exact = Double(K) / .pi * (.pi / 6 - Double(K) * asin(1 / (2 * Double(K))))
            let theory = TeacherStudentTheory(K: K, M: K, activation: .erf, eta: 1, sigma: 0, batch: 1 << 52,
                                              trainSecondLayer: false)
            let (fixedPoint, moved) = try symmetricFixedPoint(theory, from: symmetricStart(K))
            XCTAssertLessThan(moved, 0.02, "K = \(K): the flow reached the fixed point's neighbourhood")
            XCTAssertEqual(fixedPoint.generalizationError(.erf), exact, accuracy: 1e-6, "plateau K = M = \(K)")
        }
        XCTAssertEqual(2 / Double.pi * (.pi / 6 - 2 * asin(0.25)), 0.011611, accuracy: 1e-6, "PLATFORM's K = 2 value")
    }

    /// eta = 0.5, K = M = 2, batch 1: the eta^2 term raises the plateau. The expected
    /// 0.0146448 is this fixed point computed independently of this code (seed 001's
    /// expectations by 30-point Gauss-Hermite quadrature, Q_11 = 0.367720,
    /// Q_12 = 0.325386, R = 0.414394), and the rates at the fixed point are re-checked
    /// here by quadrature, without the closed-form integrals. PLATFORM.md quotes 0.014677,
    /// which is not a fixed point of the seed's equations: the flow from Q = 0.2 I, R = 0
    /// passes 0.014677 near alpha = 200 on its way down to 0.014645.
    func testSymmetricPlateauAtFiniteLearningRate() throws {
        let theory = TeacherStudentTheory(K: 2, M: 2, activation: .erf, eta: 0.5, sigma: 0, trainSecondLayer: false)
        let (fixedPoint, moved) = try symmetricFixedPoint(theory, from: symmetricStart(2))
        XCTAssertLessThan(moved, 0.02)
        XCTAssertEqual(fixedPoint.generalizationError(.erf), 0.0146448, accuracy: 1e-6)
        XCTAssertEqual(fixedPoint.Q[0], 0.367720, accuracy: 1e-5)
        XCTAssertEqual(fixedPoint.Q[1], 0.325386, accuracy: 1e-5)
        XCTAssertEqual(fixedPoint.R[0], 0.414394, accuracy: 1e-5)
        let quadrature = QuadratureRates(fixedPoint, eta: 0.5)
        XCTAssertEqual(quadrature.dQ11, 0, accuracy: 1e-9)
        XCTAssertEqual(quadrature.dQ12, 0, accuracy: 1e-9)
        XCTAssertEqual(quadrature.dR11, 0, accuracy: 1e-9)
        XCTAssertEqual(quadrature.eg, fixedPoint.generalizationError(.erf), accuracy: 1e-10)
    }

    /// Linear activation, soft committee machine: only s = sum_k W_k matters and
    /// eg = |s - s*|^2 / (2N) obeys d eg/dt = -(2 K eta - K^2 eta^2 / B) eg + K^2 eta^2 sigma^2 / (2B)
    /// (derived from the update: the error vector moves by -(K eta / N) x (x . e) plus
    /// noise). Its solution eg(t) = eg_inf + (eg(0) - eg_inf) exp(-a t) checks the linear
    /// integrals, the eta^2 / B term and the noise term at once; the ODE carries the full
    /// Q, R, so K != M and a random start are fine.
    func testLinearActivationAgainstAnalyticSolution() throws {
        var rng = RandomStream(key: .disorder(seed: 17, realization: 0, substream: 0))
        let K = 2, M = 3, N = 30, eta = 0.3, sigma = 0.5, batch = 2
        let start = OrderParameters.measure(student: rng.gaussians(K * N, scale: 0.5), teacher: rng.gaussians(M * N),
                                            K: K, M: M, N: N, v: [1, 1], vStar: [1, 1, 1])
        let theory = TeacherStudentTheory(K: K, M: M, activation: .linear, eta: eta, sigma: sigma, batch: batch,
                                          trainSecondLayer: false)
        let times = [0.0, 0.5, 1, 2, 5, 10]
        let states = try theory.solve(from: start, times: times, control: noControl)
        let k = Double(K), b = Double(batch)
        let a = 2 * k * eta - k * k * eta * eta / b
        let egInf = k * k * eta * eta * sigma * sigma / (2 * b) / a
        let eg0 = start.generalizationError(.linear)
        XCTAssertGreaterThan(eg0, 10 * egInf, "the start must be far from the stationary error")
        for (t, s) in zip(times, states) {
            let exact = egInf + (eg0 - egInf) * exp(-a * t)
            XCTAssertEqual(s.generalizationError(.linear), exact, accuracy: 1e-8 * eg0, "t = \(t)")
        }
    }

    /// Realizable K = M, noiseless: from a random start the student specializes and
    /// eg -> 0 (Saad & Solla's perfect generalization).
    func testRealizableRunConvergesToZeroError() throws {
        var rng = RandomStream(key: .disorder(seed: 23, realization: 4, substream: 0))
        let K = 2, N = 500
        let start = OrderParameters.measure(student: rng.gaussians(K * N), teacher: rng.gaussians(K * N),
                                            K: K, M: K, N: N, v: [1, 1], vStar: [1, 1])
        let theory = TeacherStudentTheory(K: K, M: K, activation: .erf, eta: 0.5, sigma: 0, trainSecondLayer: false)
        let states = try theory.solve(from: start, times: [50, 2000], control: noControl)
        XCTAssertGreaterThan(states[0].generalizationError(.erf), 1e-3, "still learning at t = 50")
        XCTAssertLessThan(abs(states[1].generalizationError(.erf)), 1e-10, "converged at t = 2000")
    }

    /// The integrator alone on y'' = -y: fifth-order accurate at the requested tolerance,
    /// landing exactly on output times.
    func testDormandPrinceOnHarmonicOscillator() {
        let times = [0.0, 0.1, 1, 3.14159, 10, 10, 50]
        var out = [[Double]]()
        let integrator = DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        let reached = integrator.integrate(y0: [1, 0], from: 0, times: times, poll: {},
                                           rhs: { _, y, dy in dy[0] = y[1]; dy[1] = -y[0] },
                                           record: { _, y in out.append(Array(y)) })
        XCTAssertEqual(reached, times.count)
        for (t, y) in zip(times, out) {
            XCTAssertEqual(y[0], cos(t), accuracy: 1e-8, "t = \(t)")
            XCTAssertEqual(y[1], -sin(t), accuracy: 1e-8, "t = \(t)")
        }
    }

    /// A finite-time blow-up (y' = y^2 from 1 explodes at t = 1) is reported as fewer
    /// recorded times, and the theory turns it into NaN rather than trapping.
    func testBlowUpIsReportedNotTrapped() {
        let integrator = DormandPrince()
        let reached = integrator.integrate(y0: [1], from: 0, times: [0.5, 2], poll: {},
                                           rhs: { _, y, dy in dy[0] = y[0] * y[0] }, record: { _, _ in })
        XCTAssertEqual(reached, 1)
    }
}
