import XCTest
@testable import Solvers

/// The random force field of neural_ode (seed 000, sec. 5.1; issue 11): its covariance
/// against the formula, by sampling the disorder through the model's own draws, and the
/// g_K = 0 limit in which the loss cannot depend on the control.
final class NeuralODEFieldTests: XCTestCase {
    /// E[F_i(x;w) F_j(y;w')] = delta_ij (x.y/N)(g_J^2 + g_K^2 w.w'/N) for fixed x, y, w, w'
    /// over 6000 realizations of J and K at N = 5: every entry within 4.5 of its SEM
    /// (16 diagonal and off-diagonal entries, a false alarm probability below 1e-4).
    func testCovarianceOfTheFieldMatchesTheFormula() throws {
        let N = 5, gJ = 0.8, gK = 1.3, count = 6000
        let x: [Double] = [1.0, -0.5, 0.3, 0.9, -1.2], y: [Double] = [0.4, 0.7, -1.1, 0.2, 0.5]
        let w: [Double] = [0.6, -1.0, 0.8, 0.1, 1.5], wPrime: [Double] = [1.1, -0.4, 0.2, -0.9, 0.7]
        let setup = try NeuralODETesting.setup(["N": .int(N), "g_J": .double(gJ), "g_K": .double(gK)])
        var sum = [Double](repeating: 0, count: N * N), sumSquares = sum
        for r in 0..<count {
            let system = NeuralODETesting.system(setup, realization: r)
            let M = NeuralODETesting.matrix(system, control: w), MPrime = NeuralODETesting.matrix(system, control: wPrime)
            let F = (0..<N).map { i in (0..<N).reduce(0) { $0 + M[i * N + $1] * x[$1] } }
            let G = (0..<N).map { i in (0..<N).reduce(0) { $0 + MPrime[i * N + $1] * y[$1] } }
            for i in 0..<N { for j in 0..<N {
                sum[i * N + j] += F[i] * G[j]
                sumSquares[i * N + j] += F[i] * G[j] * F[i] * G[j]
            } }
        }
        let xy = NeuralODETesting.dot(x, y) / Double(N), ww = NeuralODETesting.dot(w, wPrime) / Double(N)
        let expected = xy * (gJ * gJ + gK * gK * ww)
        var largestSEM = 0.0
        for i in 0..<N { for j in 0..<N {
            let mean = sum[i * N + j] / Double(count)
            let sem = ((sumSquares[i * N + j] / Double(count) - mean * mean) / Double(count - 1)).squareRoot()
            let target = i == j ? expected : 0
            largestSEM = max(largestSEM, sem)
            XCTAssertLessThan(abs(mean - target), 4.5 * sem, "E[F_\(i) G_\(j)] = \(mean) +- \(sem), formula \(target)")
        } }
        XCTAssertGreaterThan(abs(expected), 10 * largestSEM, "too few samples to tell the diagonal from zero")
    }

    /// g_K = 0: M(w) does not depend on w, so the loss is the same for any two controls and
    /// the discrete-adjoint gradient is exactly zero.
    func testWithoutTheControlledForceTheLossIgnoresTheControl() throws {
        let setup = try NeuralODETesting.setup(["N": 12, "g_K": 0.0, "t_final": 1.0, "dt": 0.1])
        let system = NeuralODETesting.system(setup)
        var stream = RandomStream(key: .dataSet(seed: 5, substream: 0))
        let input = NeuralODESystem.pointOnSphere(N: 12, from: &stream)
        let a = NeuralODETesting.lossAndGradient(system, control: system.initialControl, input: input, gradient: true)
        let b = NeuralODETesting.lossAndGradient(system, control: system.teacherControl, input: input, gradient: true)
        XCTAssertEqual(a.loss.bitPattern, b.loss.bitPattern)
        XCTAssertEqual(a.gradient, [Double](repeating: 0, count: 12))
        XCTAssertEqual(b.loss, 0, "the student with w* is the teacher")
    }

    /// The student's initial control has the declared overlaps exactly: q(0) = q0, m(0) = m0.
    func testInitialControlHasTheDeclaredOverlaps() throws {
        let setup = try NeuralODETesting.setup(["N": 40, "q0": 2.0, "m0": -0.6])
        let system = NeuralODETesting.system(setup, realization: 3)
        XCTAssertEqual(NeuralODETesting.dot(system.teacherControl, system.teacherControl) / 40, 1, accuracy: 1e-13)
        XCTAssertEqual(NeuralODETesting.dot(system.initialControl, system.initialControl) / 40, 2, accuracy: 1e-13)
        XCTAssertEqual(NeuralODETesting.dot(system.initialControl, system.teacherControl) / 40, -0.6, accuracy: 1e-13)
    }

    /// K_storage = "float32" rounds the same draws: M(w) agrees with the float64 field to
    /// single precision (each entry sums N products rounded at 6e-8: below 1e-5 of the
    /// largest entry at N = 30), and 10 epochs of SGD follow the same trajectory (m within
    /// 1e-4, the rounding amplified at most by the epochs' Lipschitz factors).
    func testSinglePrecisionTensorIsTheSameFieldRounded() throws {
        var matrices: [[Double]] = [], curves: [[Double]] = []
        for storage in ["float64", "float32"] {
            let setup = try NeuralODETesting.setup(["N": 30, "K_storage": .string(storage), "epochs": 10,
                                                    "t_final": 0.5, "dt": 0.1])
            let system = NeuralODETesting.system(setup, realization: 4)
            matrices.append(NeuralODETesting.matrix(system, control: system.initialControl))
            let model = try NeuralODE(setup: setup, theoryEnabled: false)
            let out = try model.simulate(seed: RealizationSeed(runSeed: 11, point: 0, realization: 4),
                                         times: (0...10).map(Double.init), control: UninterruptedRun())
            curves.append(out.simulation[.m])
        }
        let scale = matrices[0].map(abs).max() ?? 1
        let difference = zip(matrices[0], matrices[1]).map { abs($0 - $1) }.max() ?? 1
        XCTAssertGreaterThan(difference, 0, "float32 storage should round something")
        XCTAssertLessThan(difference / scale, 1e-5)
        for e in 0...10 { XCTAssertEqual(curves[0][e], curves[1][e], accuracy: 1e-4, "epoch \(e)") }
    }
}
