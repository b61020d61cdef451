import Foundation
import XCTest
import Solvers

/// The deep linear DMFT in closed form (seed 002, eq. (11)) against the exact results of
/// section 4.1 and the static NTK limit.
final class KernelDMFTLinearTests: XCTestCase {
    typealias S = KernelDMFTTestSupport

    /// d|Delta|/dt = -2 sqrt(1 + gamma0^2 (y - |Delta|)^2) |Delta| (seed section 4.1), by RK4
    /// with 2000 steps per unit time (error ~1e-13).
    static func odeNorm(gamma0: Double, y: Double, at times: [Double]) -> [Double] {
        func rhs(_ d: Double) -> Double { -2 * (1 + gamma0 * gamma0 * (y - d) * (y - d)).squareRoot() * d }
        var out = [Double](), d = y, t = 0.0
        let h = 5e-4
        for target in times {
            while t < target - 1e-12 {
                let k1 = rhs(d), k2 = rhs(d + h / 2 * k1), k3 = rhs(d + h / 2 * k2), k4 = rhs(d + h * k3)
                d += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
                t += h
            }
            out.append(d)
        }
        return out
    }

    private func twoLayer(gamma0: Double, dt: Double, P: Int, T: Double, static isStatic: Bool = false)
        throws -> KernelDMFTSetup {
        try S.setup {
            $0.L = 1; $0.phi = .linear; $0.inputs = .whitened; $0.P = P; $0.D = max(P, 4); $0.targetNorm = 1
            $0.gamma0 = isStatic ? 1 : gamma0; $0.T = T; $0.dt = dt; $0.tolerance = 1e-11
            $0.maxIterations = 400; $0.damping = 1
            $0.approximation = isStatic ? .staticNTK : .dmft
        }
    }

    /// Section 4.1: the two-layer linear network on whitened data follows the one-dimensional
    /// error ODE within 1e-3 relative for gamma0 = 0 (the static NTK), 0.5, 1, 2. The DMFT is
    /// the exact limit of Euler steps of size dt, first order in dt, so the check uses the
    /// Richardson combination (8 D(dt/4) - 6 D(dt/2) + D(dt)) / 3 (third order) at dt = 0.02.
    func testTwoLayerWhitenedErrorNormFollowsTheODE() throws {
        let times = stride(from: 0.0, through: 2.0, by: 0.2).map { $0 }
        for gamma0 in [0.0, 0.5, 1, 2] {
            let coarse = try S.theory(twoLayer(gamma0: gamma0, dt: 0.02, P: 1, T: 2, static: gamma0 == 0), times: times)
            let mid = try S.theory(twoLayer(gamma0: gamma0, dt: 0.01, P: 1, T: 2, static: gamma0 == 0), times: times)
            let fine = try S.theory(twoLayer(gamma0: gamma0, dt: 0.005, P: 1, T: 2, static: gamma0 == 0), times: times)
            let ode = Self.odeNorm(gamma0: gamma0, y: 1, at: times)
            var worst = 0.0, worstRaw = 0.0
            for i in times.indices {
                let extrapolated = (8 * fine[S.deltaNorm][i] - 6 * mid[S.deltaNorm][i] + coarse[S.deltaNorm][i]) / 3
                worst = max(worst, abs(extrapolated - ode[i]) / ode[i])
                worstRaw = max(worstRaw, abs(fine[S.deltaNorm][i] - ode[i]) / ode[i])
            }
            XCTAssertLessThan(worst, 1e-3, "gamma0 = \(gamma0): Richardson-extrapolated |Delta| vs the ODE")
            XCTAssertLessThan(worstRaw, 0.1, "gamma0 = \(gamma0): first order at dt = 0.005")
            print("gamma0 = \(gamma0): relative error \(worst) (dt = 0.005 alone: \(worstRaw))")
        }
    }

    /// Section 4.1: H = Phi^1(t, t) grows only along y, with H_y = y^T H y / y^2 =
    /// sqrt(1 + gamma0^2 (y - |Delta|)^2), and tends to the rank-one spike
    /// I + (sqrt(1 + gamma0^2 y^2) - 1) y y^T / y^2.
    func testTwoLayerKernelIsTheRankOneSpike() throws {
        let P = 2, gamma0 = 1.5
        let times = [0.0, 0.8, 1.6, 2.4, 3.2, 8.0]
        let coarse = try S.theory(twoLayer(gamma0: gamma0, dt: 0.08, P: P, T: 8), times: times)
        let fine = try S.theory(twoLayer(gamma0: gamma0, dt: 0.04, P: P, T: 8), times: times)
        let model = try S.model(twoLayer(gamma0: gamma0, dt: 0.04, P: P, T: 8))
        let y = model.data.y
        let y2 = y.reduce(0) { $0 + $1 * $1 }
        func hy(_ tr: Trajectories, _ i: Int) -> Double {
            var s = 0.0
            for a in 0..<P { for b in 0..<P { s += y[a] * tr[S.phiKernel][i * P * P + a * P + b] * y[b] } }
            return s / y2
        }
        for i in times.indices {
            let h = 2 * hy(fine, i) - hy(coarse, i)
            let d = 2 * fine[S.deltaNorm][i] - coarse[S.deltaNorm][i]
            let expected = (1 + gamma0 * gamma0 * (1 - d) * (1 - d)).squareRoot()
            XCTAssertEqual(h, expected, accuracy: 3e-3 * expected, "H_y at t = \(times[i])")
            // Orthogonal to y, H stays the identity (exactly, by symmetry).
            let kernel = Array(fine[S.phiKernel][(i * P * P)..<((i + 1) * P * P)])
            var v = [1.0, -1.0]
            let vy = zip(v, y).reduce(0) { $0 + $1.0 * $1.1 } / y2
            v = zip(v, y).map { $0 - vy * $1 }
            let vv = v.reduce(0) { $0 + $1 * $1 }
            var vhv = 0.0
            for a in 0..<P { for b in 0..<P { vhv += v[a] * kernel[a * P + b] * v[b] } }
            XCTAssertEqual(vhv / vv, 1, accuracy: 1e-9, "H is the identity orthogonal to y")
        }
        // The spike at t = 8, when |Delta| < 1e-6.
        let last = times.count - 1
        XCTAssertLessThan(fine[S.deltaNorm][last], 1e-5)
        let spike = (1 + gamma0 * gamma0).squareRoot() - 1
        for a in 0..<P {
            for b in 0..<P {
                let expected = (a == b ? 1 : 0) + spike * y[a] * y[b] / y2
                let h = 2 * fine[S.phiKernel][last * P * P + a * P + b] - coarse[S.phiKernel][last * P * P + a * P + b]
                XCTAssertEqual(h, expected, accuracy: 2e-3, "H(t = 8)[\(a), \(b)]")
            }
        }
    }

    /// gamma0 -> 0: the DMFT is kernel regression with the initial NTK, (L + 1) K^x for a
    /// linear network (eq. (3)); the kernels change at O(gamma0^2).
    func testSmallGammaIsTheStaticNTK() throws {
        let base = try S.setup {
            $0.L = 2; $0.phi = .linear; $0.P = 4; $0.D = 8; $0.T = 2; $0.dt = 0.05; $0.tolerance = 1e-12
            $0.damping = 1; $0.targetNorm = 1
        }
        let times = stride(from: 0.0, through: 2.0, by: 0.25).map { $0 }
        var staticSetup = base
        staticSetup.approximation = .staticNTK
        let reference = try S.theory(staticSetup, times: times)
        var previous = Double.infinity
        for gamma0 in [0.1, 0.01] {
            var s = base
            s.gamma0 = gamma0
            let dmft = try S.theory(s, times: times)
            var gap = 0.0
            for i in times.indices { gap = max(gap, abs(dmft[S.deltaNorm][i] - reference[S.deltaNorm][i])) }
            XCTAssertLessThan(gap, 2 * gamma0 * gamma0, "gamma0 = \(gamma0): O(gamma0^2) from the static NTK")
            XCTAssertLessThan(gap, previous / 50, "the gap shrinks like gamma0^2")
            previous = gap
        }
        // The static NTK itself is (I - dt (L + 1) K^x)^k y.
        let model = try S.model(staticSetup)
        let kx = model.data.x  // inputs, to rebuild K^x
        let P = 4, D = 8
        var k = [Double](repeating: 0, count: P * P)
        for a in 0..<P { for b in 0..<P { for i in 0..<D { k[a * P + b] += kx[a * D + i] * kx[b * D + i] / Double(D) } } }
        var d = model.data.y
        for step in 0...40 {
            if step % 5 == 0 {
                let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
                XCTAssertEqual(reference[S.deltaNorm][step / 5], norm, accuracy: 1e-12)
            }
            var next = d
            for a in 0..<P { for b in 0..<P { next[a] -= 0.05 * 3 * k[a * P + b] * d[b] } }
            d = next
        }
    }
}
