import Foundation
import XCTest
import Solvers

/// The width-N network of seed 002, eq. (1), and its agreement with the deep linear DMFT.
final class KernelDMFTSimulationTests: XCTestCase {
    typealias S = KernelDMFTTestSupport

    /// The Euler step is gradient flow with rate gamma^2: at finite N the prediction moves by
    /// dt K Delta with the empirical NTK K = sum_{l=0}^{L} G^{l+1} (.) Phi^l (eq. (3), exact
    /// at any width), which checks every layer's gradient. dt = 1e-5 makes the O(dt^2)
    /// remainder ~1e-5 relative.
    func testStepIsGradientFlowWithTheEmpiricalNTK() throws {
        for phi in KernelActivation.allCases {
            let s = try S.setup { $0.L = 3; $0.phi = phi; $0.N = 60; $0.P = 4; $0.D = 7; $0.gamma0 = 0.7; $0.dt = 1e-5 }
            let model = try S.model(s, theory: false)
            var weights = RealizationSeed(runSeed: 3, point: 0, realization: 0).disorder(0)
            var sim = KernelDMFTSimulation(setup: s, data: model.data, weights: &weights)
            let d0 = sim.delta
            let phis = sim.phiKernels, gs = sim.gKernels
            let P = s.P
            var k = model.data.kx.enumerated().map { $0.element * gs[0][$0.offset] }
            for l in 1...s.L {
                let above = l < s.L ? gs[l] : [Double](repeating: 1, count: P * P)
                for i in k.indices { k[i] += above[i] * phis[l - 1][i] }
            }
            sim.step()
            let d1 = sim.delta
            for m in 0..<P {
                var kd = 0.0
                for a in 0..<P { kd += k[m * P + a] * d0[a] }
                let moved = (d0[m] - d1[m]) / s.dt
                XCTAssertEqual(moved, kd, accuracy: 1e-4 * max(abs(kd), 1e-3), "\(phi): point \(m)")
            }
        }
    }

    /// A deep linear network (L = 2, gamma0 = 1) of width N = 400 follows the closed-form DMFT:
    /// loss within 3 standard errors plus a 1/N allowance, kernels aligned above 0.99.
    func testDeepLinearNetworkFollowsTheDMFT() throws {
        let s = try S.setup {
            $0.L = 2; $0.phi = .linear; $0.gamma0 = 1; $0.P = 6; $0.D = 12; $0.targetNorm = 2; $0.T = 3
            $0.dt = 0.1; $0.N = 400; $0.tolerance = 1e-9; $0.damping = 0.5; $0.maxIterations = 400
        }
        let times = stride(from: 0.0, through: 3.0, by: 0.5).map { $0 }
        let theory = try S.theory(s, times: times)
        let sim = try S.simulate(s, times: times, realizations: 6)
        for i in times.indices {
            let gap = abs(sim.mean[S.loss][i] - theory[S.loss][i])
            XCTAssertLessThan(gap, 3 * sim.sem[S.loss][i] + 0.02 * theory[S.loss][0],
                              "loss at t = \(times[i]): sim \(sim.mean[S.loss][i]) theory \(theory[S.loss][i])")
        }
        let P = s.P, last = times.count - 1
        for l in 0..<s.L {
            let range = ((last * s.L + l) * P * P)..<((last * s.L + l + 1) * P * P)
            XCTAssertGreaterThan(S.alignment(sim.mean[S.phiKernel][range], theory[S.phiKernel][range]), 0.99)
            XCTAssertGreaterThan(S.alignment(sim.mean[S.gKernel][range], theory[S.gKernel][range]), 0.99)
        }
        // Feature learning happened: the final kernel is not the initial one.
        let first = 0..<(P * P)
        let finalRange = ((last * s.L) * P * P)..<((last * s.L + 1) * P * P)
        let moved = zip(theory[S.phiKernel][first], theory[S.phiKernel][finalRange]).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(moved, 0.05)
    }
}
