import XCTest
import Solvers

/// The deep-linear DMFT (seed 004) against numbers that can fail: hand-computed first
/// steps, exact limits (infinite width and data; the lazy kernel limit through the
/// Marchenko-Pastur law), identities of the solution, and an independent implementation.
/// Reference values: docs/models/deep_linear_derivation.md, Section 3.
final class DeepLinearDMFTTests: XCTestCase {
    private func solve(_ setup: DeepLinearSetup, method: DeepLinearDMFT.Method = .march,
                       damping: Double = 1) throws -> DeepLinearDMFTSolution {
        var setup = setup
        setup.solver = method
        setup.damping = damping
        return try DeepLinearDMFT(setup: setup).solve(control: UninterruptedRun())
    }

    private func assertClose(_ a: Double, _ b: Double, _ tolerance: Double, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(a - b), tolerance * max(1, abs(b)), "\(what): \(a) vs \(b)", file: file, line: line)
    }

    /// C1: L = 1, t <= 1, uncentered, every entry computed by hand from eq. (65).
    func testFirstStepsMatchHandComputation() throws {
        let s = try solve(DeepLinearSetup(["nu": 2, "alpha": 4, "L": 1, "gamma0": 1, "eta": 0.1, "sigma": 0.5, "T": 3]))
        let n = s.n
        assertClose(s.testLoss[0], 1.5 + 0.25, 1e-14, "C_v(0,0) + sigma^2")
        assertClose(s.trainLoss[0], 1.75, 1e-14, "C_Delta(0,0)")
        assertClose(s.ch[0][0], 1.9375, 1e-14, "C_h^0(0,0)")
        assertClose(s.ch[1][0], 2.1875, 1e-14, "C_h^1(0,0) with the equal-time response [R3]")
        assertClose(s.cg[0][n], 0.95, 1e-14, "C_g^1(1,0)")
        assertClose(s.cg[0][n + 1], 0.921875, 1e-14, "C_g^1(1,1)")
        assertClose(s.testLoss[1], 0.9593609375 + 0.25, 1e-13, "test loss at t = 1")
        assertClose(s.trainLoss[1], 1.073851171875, 1e-13, "train loss at t = 1")
        XCTAssertEqual(s.convergence.residual, 0, accuracy: 1e-14)
    }

    /// C2: with centering the first step does not depend on gamma0 (Fig. 4a's common slope).
    func testCenteredFirstStepIsIndependentOfGamma0() throws {
        for gamma0 in [0.3, 1, 3] {
            let s = try solve(DeepLinearSetup(["nu": 2, "alpha": 4, "L": 1, "gamma0": .double(gamma0), "eta": 0.1,
                                               "sigma": 0.5, "T": 2, "centering": true]))
            assertClose(s.testLoss[0], 1.25, 1e-14, "centered initial loss S* + sigma^2")
            assertClose(s.testLoss[1], 0.6590625 + 0.25, 1e-13, "test loss at t = 1, gamma0 = \(gamma0)")
            assertClose(s.trainLoss[1], 0.8071875, 1e-13, "train loss at t = 1, gamma0 = \(gamma0)")
        }
    }

    /// C3: L = 2 regression values, computed independently by a whole-matrix numpy
    /// implementation of Section 2.2 (np.linalg.inv and T + 2 Gauss-Seidel sweeps).
    func testTwoHiddenLayersMatchIndependentImplementation() throws {
        let uncentered = try solve(DeepLinearSetup(["nu": 1, "alpha": 2, "L": 2, "gamma0": 0.7, "eta": 0.3,
                                                    "sigma": 0.5, "T": 3]))
        let centered = try solve(DeepLinearSetup(["nu": 1, "alpha": 2, "L": 2, "gamma0": 0.7, "eta": 0.3,
                                                  "sigma": 0.5, "T": 3, "centering": true]))
        let expected: [(DeepLinearDMFTSolution, [Double], [Double])] = [
            (uncentered, [3.29081633, 3.08084947, 2.94900307, 2.15686695], [3.29081633, 3.39432164, 3.39241646, 2.28415919]),
            (centered, [1.25, 1.4975, 3.40079385, 4.2619103], [1.25, 1.435625, 4.90368848, 4.80856987]),
        ]
        for (solution, test, train) in expected {
            for t in 0..<4 {
                assertClose(solution.testLoss[t], test[t], 1e-8, "test loss at t = \(t)")
                assertClose(solution.trainLoss[t], train[t], 1e-8, "train loss at t = \(t)")
            }
        }
    }

    /// C4: at nu = alpha = inf, sigma = 0, L = 1 the DMFT closes on three scalars: the error
    /// a along w* and the moments S_± of a neuron's (g ± q), for any gamma0 and eta.
    func testInfiniteWidthAndDataFollowScalarRecursion() throws {
        let gamma0 = 1.5, eta = 0.05, T = 40
        let s = try solve(DeepLinearSetup(["nu": .double(.infinity), "alpha": .double(.infinity), "L": 1,
                                           "gamma0": .double(gamma0), "eta": .double(eta), "T": .int(T)]))
        var a = 1.0, plus = 1.0, minus = 1.0
        for t in 0...T {
            assertClose(s.testLoss[t], a * a, 1e-12, "test loss at t = \(t)")
            let e = eta * gamma0 * a
            plus *= (1 + e) * (1 + e)
            minus *= (1 - e) * (1 - e)
            a = 1 - (plus - minus) / (2 * gamma0)
        }
        assertClose(s.testLoss[10], 0.08181127558, 1e-9, "quoted value at t = 10")
        assertClose(s.testLoss[39], 1.4736658777e-6, 1e-9, "quoted value at t = 39")
    }

    /// The Marchenko-Pastur expectation ∫ rho(lambda) f(lambda) d lambda of X^T X / P for
    /// q = 1/alpha (continuous part only), by the substitution lambda = c + r cos(theta).
    private func marchenkoPastur(alpha: Double, _ f: (Double) -> Double) -> Double {
        let q = 1 / alpha, lo = (1 - q.squareRoot()) * (1 - q.squareRoot()), hi = (1 + q.squareRoot()) * (1 + q.squareRoot())
        let c = (hi + lo) / 2, r = (hi - lo) / 2, m = 4000
        var sum = 0.0
        for i in 0..<m {
            let theta = (Double(i) + 0.5) * Double.pi / Double(m)
            let lambda = c + r * cos(theta), sine = sin(theta)
            sum += f(lambda) * r * r * sine * sine / (2 * Double.pi * q * lambda)
        }
        return sum * Double.pi / Double(m)
    }

    /// C5 and the first limit: nu -> inf, gamma0 -> 0 with centering is linear
    /// regression with the NTK kappa = (L + 1) eta, whose losses are Marchenko-Pastur
    /// integrals; at alpha = inf, the population loss (1 - kappa)^{2t} + sigma^2.
    func testLazyLimitIsKernelRegression() throws {
        let L = 3, eta = 0.05, sigma = 0.3, alpha = 0.5, kappa = Double(L + 1) * eta
        let s = try solve(DeepLinearSetup(["nu": 1e9, "alpha": .double(alpha), "L": .int(L), "gamma0": 1e-4,
                                           "eta": .double(eta), "sigma": .double(sigma), "T": 30, "centering": true]))
        for t in [1, 2, 5, 10, 20, 30] {
            let decay = { (lambda: Double) in pow(1 - kappa * lambda, Double(t)) }
            let test = sigma * sigma + max(0, 1 - alpha) + marchenkoPastur(alpha: alpha) {
                decay($0) * decay($0) + sigma * sigma * (1 - decay($0)) * (1 - decay($0)) / (alpha * $0)
            }
            let train = marchenkoPastur(alpha: alpha) { decay($0) * decay($0) * (alpha * $0 + sigma * sigma) } / alpha
                + sigma * sigma * max(0, 1 - 1 / alpha)
            assertClose(s.testLoss[t], test, 1e-5, "lazy test loss at t = \(t)")
            assertClose(s.trainLoss[t], train, 1e-5, "lazy train loss at t = \(t)")
        }
        let population = try solve(DeepLinearSetup(["nu": 1e9, "alpha": .double(.infinity), "L": 2, "gamma0": 1e-4,
                                                    "eta": 0.1, "sigma": 0.2, "T": 20, "centering": true]))
        for t in 0...20 {
            assertClose(population.testLoss[t], pow(1 - 0.3, Double(2 * t)) + 0.04, 1e-6, "population loss at t = \(t)")
        }
        // Uncentered NTK parameterization: gamma0 = gamma / sqrt(nu) keeps the initial
        // function's variance 1/gamma^2, which decays with the same kernel.
        let ntk = try solve(DeepLinearSetup(["nu": 1e8, "alpha": .double(.infinity), "L": 2, "gamma0": 2, "eta": 0.1,
                                             "T": 10, "parameterization": "NTK"]))
        for t in 0...10 {
            assertClose(ntk.testLoss[t], (1 + 0.25) * pow(0.7, Double(2 * t)), 1e-6, "uncentered NTK loss at t = \(t)")
        }
    }

    /// Appendix D in the lazy limit: c(t+1) = (1 - kappa)^2 c + kappa^2 (c + sigma^2)/alpha_B.
    func testOnlineLazyLimitRecursion() throws {
        let L = 3, eta = 0.1, sigma = 0.3, batch = 0.5, kappa = Double(L + 1) * eta
        let s = try solve(DeepLinearSetup(["nu": 1e9, "batch_alpha": .double(batch), "L": .int(L), "gamma0": 1e-4,
                                           "eta": .double(eta), "sigma": .double(sigma), "T": 20, "centering": true]))
        var c = 1.0
        for t in 0...20 {
            assertClose(s.testLoss[t], c + sigma * sigma, 1e-6, "online test loss at t = \(t)")
            assertClose(s.trainLoss[t], c + sigma * sigma, 1e-6, "online train loss at t = \(t)")
            c = (1 - kappa) * (1 - kappa) * c + kappa * kappa * (c + sigma * sigma) / batch
        }
    }

    /// Online SGD with a growing batch approaches gradient descent on the population loss,
    /// the full-batch theory at alpha = inf (the second limit), feature learning on.
    func testOnlineApproachesFullBatchAsBatchGrows() throws {
        let base = try DeepLinearSetup(["nu": 1, "alpha": .double(.infinity), "L": 2, "gamma0": 1, "eta": 0.2,
                                        "sigma": 0.3, "T": 30])
        let full = try solve(base)
        var previous = Double.infinity
        for batch in [0.5, 5, 50, 5000] {
            var setup = base
            setup.batchAlpha = batch
            let online = try solve(setup)
            let gap = zip(online.testLoss, full.testLoss).map { abs($0 - $1) }.max() ?? .nan
            XCTAssertLessThan(gap, previous, "the gap to full batch shrinks with batch_alpha = \(batch)")
            previous = gap
        }
        XCTAssertLessThan(previous, 1e-3, "batch_alpha = 5000 is within 1e-3 of the population dynamics")
    }

    /// Eq. (13): bias + width variance + data variance + sigma^2 is the test loss (to
    /// round-off), centered or not, full batch or online.
    func testVarianceDecompositionAddsUp() throws {
        for (centering, batch) in [(false, 0.0), (true, 0.0), (false, 1.5)] {
            let s = try solve(DeepLinearSetup(["nu": 0.7, "alpha": 1.3, "batch_alpha": .double(batch), "L": 3,
                                               "gamma0": 0.8, "eta": 0.1, "sigma": 0.4, "T": 25,
                                               "centering": .bool(centering)]))
            for t in 0..<s.n {
                let sum = s.bias[t] + s.widthVariance[t] + s.dataVariance[t] + 0.16
                assertClose(sum, s.testLoss[t], 1e-12, "decomposition at t = \(t)")
            }
            XCTAssertGreaterThan(s.widthVariance[10], 0)
            XCTAssertGreaterThan(s.dataVariance[10], 0)
        }
    }

    /// Structure at t = 0: C_g^l(0,0) = 1 for every layer and the uncentered initial loss
    /// S* + 1/(nu gamma0^2) + sigma^2 (the width variance of the initial function).
    func testInitialValues() throws {
        let s = try solve(DeepLinearSetup(["nu": 0.5, "alpha": 3, "L": 4, "gamma0": 0.8, "eta": 0.1, "sigma": 0.2,
                                           "T": 3]))
        for l in 0..<4 { assertClose(s.cg[l][0], 1, 1e-14, "C_g^\(l + 1)(0,0)") }
        assertClose(s.testLoss[0], 1 + 1 / (0.5 * 0.64) + 0.04, 1e-14, "initial test loss")
    }

    /// The damped fixed-point iteration converges to the marching solution, and the
    /// undamped one within T + 2 sweeps (causality).
    func testIterationConvergesToMarchingSolution() throws {
        let setup = try DeepLinearSetup(["nu": 1, "alpha": 2, "L": 2, "gamma0": 0.7, "eta": 0.1, "sigma": 0.5,
                                         "T": 30, "centering": true])
        let marched = try solve(setup)
        XCTAssertNil(marched.convergence.divergedAt)
        XCTAssertLessThan(marched.convergence.residual, 1e-13)
        for damping in [1.0, 0.7] {
            let iterated = try solve(setup, method: .iterate, damping: damping)
            XCTAssertLessThanOrEqual(iterated.convergence.residual, 1e-10)
            if damping == 1 { XCTAssertLessThanOrEqual(iterated.convergence.sweeps, 32) }
            for t in 0...30 {
                assertClose(iterated.testLoss[t], marched.testLoss[t], 1e-9, "iterate (damping \(damping)) at t = \(t)")
                assertClose(iterated.ch[2][t * 31 + t / 2], marched.ch[2][t * 31 + t / 2], 1e-9, "C_h^2(t, t/2)")
            }
        }
    }

    /// A residual network with beta = 0 is the L = 1 network, and with L = 1 it has no
    /// residual blocks at all (appendix C).
    func testResidualNetworkReducesToSingleLayer() throws {
        let single = try solve(DeepLinearSetup(["nu": 1, "alpha": 2, "L": 1, "gamma0": 0.7, "eta": 0.2, "sigma": 0.5,
                                                "T": 15]))
        let zeroBranch = try solve(DeepLinearSetup(["nu": 1, "alpha": 2, "L": 4, "gamma0": 0.7, "eta": 0.2,
                                                    "sigma": 0.5, "T": 15, "residual": true, "beta": 0]))
        let oneLayer = try solve(DeepLinearSetup(["nu": 1, "alpha": 2, "L": 1, "gamma0": 0.7, "eta": 0.2,
                                                  "sigma": 0.5, "T": 15, "residual": true, "beta": 1.3]))
        for t in 0...15 {
            assertClose(zeroBranch.testLoss[t], single.testLoss[t], 1e-12, "beta = 0, t = \(t)")
            assertClose(zeroBranch.trainLoss[t], single.trainLoss[t], 1e-12, "beta = 0 train, t = \(t)")
            assertClose(oneLayer.testLoss[t], single.testLoss[t], 1e-12, "residual L = 1, t = \(t)")
        }
        XCTAssertLessThan(zeroBranch.convergence.residual, 1e-12)
    }

    /// Too large a learning rate blows up: reported as a divergence time with NaN after
    /// it, not thrown, so an eta sweep can cross the edge of stability.
    func testDivergenceIsReported() throws {
        let s = try solve(DeepLinearSetup(["nu": 1, "alpha": 0.5, "L": 3, "gamma0": 1e-3, "eta": 0.2, "sigma": 0.3,
                                           "T": 200, "centering": true]))
        let t = try XCTUnwrap(s.convergence.divergedAt)
        XCTAssertGreaterThan(t, 10)
        XCTAssertTrue(s.testLoss[t].isNaN)
        XCTAssertTrue(s.testLoss[t - 1].isFinite)
        XCTAssertTrue(s.testLoss[200].isNaN)
    }
}
