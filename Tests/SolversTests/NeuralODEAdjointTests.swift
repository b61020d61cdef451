import XCTest
@testable import Solvers

/// The inference integrator of neural_ode and its discrete adjoint (issue 11): the
/// gradient against central finite differences of the computed loss, the RK4 order, the
/// spherical invariant |x|^2 = N to the integrator's order, and the soft wall's bound.
final class NeuralODEAdjointTests: XCTestCase {
    /// Central differences with step 1e-5 have truncation error ~1e-10 relative (the loss
    /// is smooth with O(1) third derivatives at N = 6) and rounding ~1e-11: the adjoint must
    /// agree to 1e-6, for both confinements, with and without noise on the inference (the
    /// noise is fixed, so the map is deterministic; the spherical one renormalizes).
    func testGradientMatchesCentralFiniteDifferences() throws {
        let cases: [[String: ParameterValue]] = [
            ["confinement": "spherical"],
            ["confinement": "soft", "mu0": 0.7, "k": 2.0],
            ["confinement": "spherical", "T_student": 0.2, "T_teacher": 0.1],
            ["confinement": "soft", "mu0": 1.0, "k": 1.5, "T_student": 0.3],
        ]
        for overrides in cases {
            var values: [String: ParameterValue] = ["N": 6, "t_final": 0.6, "dt": 0.1, "g_J": 0.9, "g_K": 1.2, "m0": 0.2]
            for (key, value) in overrides { values[key] = value }
            let setup = try NeuralODETesting.setup(values)
            let system = NeuralODETesting.system(setup, realization: 2)
            var stream = RandomStream(key: .dataSet(seed: 9, substream: 0))
            let input = NeuralODESystem.pointOnSphere(N: 6, from: &stream)
            let noise = (teacher: stream.gaussians(6 * setup.steps), student: stream.gaussians(6 * setup.steps),
                         adjoint: [Double]())
            let w = system.initialControl
            let exact = NeuralODETesting.lossAndGradient(system, control: w, input: input, noise: noise, gradient: true)
            XCTAssertGreaterThan(exact.loss, 0.01, "\(overrides): a loss too small to test")
            let eps = 1e-5
            var difference = 0.0, norm = 0.0
            for k in 0..<6 {
                var plus = w, minus = w
                plus[k] += eps
                minus[k] -= eps
                let up = NeuralODETesting.lossAndGradient(system, control: plus, input: input, noise: noise, gradient: false)
                let down = NeuralODETesting.lossAndGradient(system, control: minus, input: input, noise: noise, gradient: false)
                let fd = (up.loss - down.loss) / (2 * eps)
                difference += (fd - exact.gradient[k]) * (fd - exact.gradient[k])
                norm += fd * fd
            }
            XCTAssertLessThan((difference / norm).squareRoot(), 1e-6, "\(overrides)")
        }
    }

    /// x(t_final) from one input at dt = h, h/2, h/4 (h = 0.04, h |M| <= 0.12): for a 4th-order
    /// method the successive differences shrink by 2^4, and the observed order
    /// log2(|x_h - x_h/2| / |x_h/2 - x_h/4|) lies within 4 +- 0.4 (the next term is O(h |M|)
    /// relative); likewise the spherical drift | |x|^2/N - 1 | shrinks by 2^4 per halving.
    func testRK4OrderAndTheSphericalInvariant() throws {
        for confinement in ["spherical", "soft"] {
            var finals: [[Double]] = [], drifts: [Double] = []
            for dt in [0.04, 0.02, 0.01] {
                let setup = try NeuralODETesting.setup(["N": 40, "t_final": 2.0, "dt": .double(dt), "g_J": 1.0,
                                                        "g_K": 1.0, "confinement": .string(confinement)])
                let system = NeuralODETesting.system(setup)
                let M = NeuralODETesting.matrix(system, control: system.initialControl)
                var stream = RandomStream(key: .dataSet(seed: 3, substream: 0))
                var x = NeuralODESystem.pointOnSphere(N: 40, from: &stream)
                x.withUnsafeMutableBufferPointer { _ = system.student.forward(M, state: $0.baseAddress!, noise: nil, tape: nil) }
                finals.append(x)
                drifts.append(abs(NeuralODETesting.dot(x, x) / 40 - 1))
            }
            func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
            let order = log2(distance(finals[0], finals[1]) / distance(finals[1], finals[2]))
            XCTAssertEqual(order, 4, accuracy: 0.4, "\(confinement): observed order \(order)")
            if confinement == "spherical" {
                XCTAssertGreaterThan(drifts[1], 0, "RK4 does not conserve |x|^2 exactly; a zero drift means no test")
                XCTAssertEqual(log2(drifts[0] / drifts[1]), 4, accuracy: 0.4, "drifts \(drifts)")
                XCTAssertEqual(log2(drifts[1] / drifts[2]), 4, accuracy: 0.4, "drifts \(drifts)")
                XCTAssertLessThan(drifts[0], 1e-4)
            }
        }
    }

    /// Soft confinement: d|x|^2/dt = 2 x.Mx - 2 mu |x|^2 <= 2 (|M|_F - mu0 (|x|^2/N)^k) |x|^2,
    /// so |x|^2/N never exceeds max(1, (|M|_F / mu0)^(1/k)) (plus the O(h^4) integration
    /// error) however long it runs; without the wall (mu0 = 0) the same flow leaves that
    /// bound, which shows the check can fail.
    func testSoftConfinementStaysBounded() throws {
        func largestRadius(mu0: Double) throws -> (radius: Double, bound: Double) {
            let setup = try NeuralODETesting.setup(["N": 30, "t_final": 0.05, "dt": 0.05, "g_J": 2.0, "g_K": 1.0,
                                                    "confinement": "soft", "mu0": .double(mu0), "k": 2.0])
            let system = NeuralODETesting.system(setup)
            let M = NeuralODETesting.matrix(system, control: system.initialControl)
            let frobenius = M.reduce(0) { $0 + $1 * $1 }.squareRoot()
            var stream = RandomStream(key: .dataSet(seed: 4, substream: 0))
            var x = NeuralODESystem.pointOnSphere(N: 30, from: &stream)
            var largest = 1.0
            for _ in 0..<1000 {   // t = 50
                x.withUnsafeMutableBufferPointer { _ = system.student.forward(M, state: $0.baseAddress!, noise: nil, tape: nil) }
                largest = max(largest, NeuralODETesting.dot(x, x) / 30)
            }
            return (largest, max(1, (frobenius / max(mu0, 1e-300)).squareRoot()))
        }
        let confined = try largestRadius(mu0: 1)
        XCTAssertLessThanOrEqual(confined.radius, confined.bound * (1 + 1e-6), "soft wall: \(confined)")
        let free = try largestRadius(mu0: 0)
        XCTAssertGreaterThan(free.radius, confined.bound, "without the wall the state should grow past the bound")
    }
}
