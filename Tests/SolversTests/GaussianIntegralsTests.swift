import Foundation
import XCTest
import Solvers

/// The closed-form I2, I3, I4, J2 (seed 001, eqs. (27)-(31)) against Monte Carlo averages
/// over 4e6 draws of four correlated Gaussian fields, for a few random valid covariances.
/// The tolerance is 5 Monte Carlo standard errors (the sample std of the integrand over
/// sqrt(n), about 2e-4 here) plus 1e-6: a wrong closed form (e.g. a swapped C13/C23 or a
/// missing factor 1 + C11) is off by 1e-2 or more.
final class GaussianIntegralsTests: XCTestCase {
    /// A random covariance: A Aᵀ / 4 + 0.1 I with A standard normal (positive definite,
    /// variances O(1), correlations of either sign).
    private func randomCovariance(_ stream: inout RandomStream) -> [[Double]] {
        var a = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 { for k in 0..<4 { a[i][k] = stream.nextGaussian() } }
        var c = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 {
            for j in 0..<4 {
                var s = i == j ? 0.1 : 0.0
                for k in 0..<4 { s += a[i][k] * a[j][k] / 4 }
                c[i][j] = s
            }
        }
        return c
    }

    private func cholesky(_ c: [[Double]]) -> [[Double]] {
        var l = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 {
            for j in 0...i {
                var s = c[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = i == j ? s.squareRoot() : s / l[j][j]
            }
        }
        return l
    }

    func testClosedFormsAgainstMonteCarlo() {
        var rng = RandomStream(key: .disorder(seed: 99, realization: 0, substream: 5))
        var samples = RandomStream(key: .dynamics(seed: 99, point: 0, realization: 0, substream: 6))
        let n = 4_000_000
        for g in Activation.allCases {
            for trial in 0..<(g == .erf ? 3 : 1) {
                let c = randomCovariance(&rng)
                let l = cholesky(c)
                let l00 = l[0][0], l10 = l[1][0], l11 = l[1][1], l20 = l[2][0], l21 = l[2][1], l22 = l[2][2]
                let l30 = l[3][0], l31 = l[3][1], l32 = l[3][2], l33 = l[3][3]
                // Running sums of each integrand and of its square.
                var sum = [Double](repeating: 0, count: 4), sumSq = [Double](repeating: 0, count: 4)
                for _ in 0..<n {
                    let z = (samples.nextGaussian(), samples.nextGaussian(), samples.nextGaussian(),
                             samples.nextGaussian())
                    let u0 = l00 * z.0
                    let u1 = l10 * z.0 + l11 * z.1
                    let u2 = l20 * z.0 + l21 * z.1 + l22 * z.2
                    let u3 = l30 * z.0 + l31 * z.1 + l32 * z.2 + l33 * z.3
                    let gp0 = g.gPrime(u0), gp1 = g.gPrime(u1), g2 = g.g(u2)
                    let f0 = g.g(u0) * g.g(u1), f1 = gp0 * u1 * g2, f2 = gp0 * gp1 * g2 * g.g(u3), f3 = gp0 * gp1
                    sum[0] += f0; sumSq[0] += f0 * f0
                    sum[1] += f1; sumSq[1] += f1 * f1
                    sum[2] += f2; sumSq[2] += f2 * f2
                    sum[3] += f3; sumSq[3] += f3 * f3
                }
                let exact = [
                    GaussianIntegrals.i2(g, c11: c[0][0], c12: c[0][1], c22: c[1][1]),
                    GaussianIntegrals.i3(g, c11: c[0][0], c12: c[0][1], c13: c[0][2], c23: c[1][2], c33: c[2][2]),
                    GaussianIntegrals.i4(g, c11: c[0][0], c12: c[0][1], c13: c[0][2], c14: c[0][3],
                                         c22: c[1][1], c23: c[1][2], c24: c[1][3],
                                         c33: c[2][2], c34: c[2][3], c44: c[3][3]),
                    GaussianIntegrals.j2(g, c11: c[0][0], c12: c[0][1], c22: c[1][1]),
                ]
                for (k, name) in ["I2", "I3", "I4", "J2"].enumerated() {
                    let mean = sum[k] / Double(n)
                    let se = ((sumSq[k] / Double(n) - mean * mean) / Double(n)).squareRoot()
                    XCTAssertEqual(exact[k], mean, accuracy: 5 * se + 1e-6,
                                   "\(name), \(g), covariance \(trial): closed form \(exact[k]) vs MC \(mean) ± \(se)")
                }
            }
        }
    }

    /// The ODE right-hand side, with its hoisted denominators and (i,k), (a,b) symmetries,
    /// against the seed's equations written out term by term with the scalar integrals
    /// (eqs. (37)-(42), with the symmetric I3(k, i, .) term in dQ/dt).
    func testRatesMatchTermByTermEquations() throws {
        var rng = RandomStream(key: .disorder(seed: 5, realization: 1, substream: 0))
        for g in Activation.allCases {
            for train in [false, true] {
                let K = 3, M = 2, N = 40
                let student = rng.gaussians(K * N, scale: 0.8), teacher = rng.gaussians(M * N)
                let v = train ? rng.gaussians(K) : [Double](repeating: 1, count: K)
                let vStar = train ? [1.0, -0.7] : [1.0, 1.0]
                let op = OrderParameters.measure(student: student, teacher: teacher, K: K, M: M, N: N,
                                                 v: v, vStar: vStar)
                let eta = 0.7, sigma = 0.3, batch = 3
                let theory = TeacherStudentTheory(K: K, M: M, activation: g, eta: eta, sigma: sigma, batch: batch,
                                                  trainSecondLayer: train)
                let rates = theory.rates(at: op)
                let ref = referenceRates(op, g, eta: eta, sigma: sigma, batch: batch, train: train)
                for a in 0..<(K * K) { XCTAssertEqual(rates.Q[a], ref.dQ[a], accuracy: 1e-12, "dQ \(g) \(train)") }
                for a in 0..<(K * M) { XCTAssertEqual(rates.R[a], ref.dR[a], accuracy: 1e-12, "dR \(g) \(train)") }
                for i in 0..<K { XCTAssertEqual(rates.v[i], ref.dv[i], accuracy: 1e-12, "dv \(g) \(train)") }
                // eg through the same I2 sums.
                XCTAssertEqual(op.generalizationError(g), ref.eg, accuracy: 1e-12)
            }
        }
    }

    /// Seed 001, eqs. (37)-(43), literally: student fields i, j, k, l; teacher fields m, n.
    private func referenceRates(_ op: OrderParameters, _ g: Activation, eta: Double, sigma: Double, batch: Int,
                                train: Bool) -> (dQ: [Double], dR: [Double], dv: [Double], eg: Double) {
        let K = op.K, M = op.M, L = K + M
        let c = op.fieldCovariance()
        func C(_ a: Int, _ b: Int) -> Double { c[a * L + b] }
        func I2(_ a: Int, _ b: Int) -> Double { GaussianIntegrals.i2(g, c11: C(a, a), c12: C(a, b), c22: C(b, b)) }
        func I3(_ a: Int, _ b: Int, _ d: Int) -> Double {
            GaussianIntegrals.i3(g, c11: C(a, a), c12: C(a, b), c13: C(a, d), c23: C(b, d), c33: C(d, d))
        }
        func I4(_ a: Int, _ b: Int, _ d: Int, _ e: Int) -> Double {
            GaussianIntegrals.i4(g, c11: C(a, a), c12: C(a, b), c13: C(a, d), c14: C(a, e), c22: C(b, b),
                                 c23: C(b, d), c24: C(b, e), c33: C(d, d), c34: C(d, e), c44: C(e, e))
        }
        func J2(_ a: Int, _ b: Int) -> Double { GaussianIntegrals.j2(g, c11: C(a, a), c12: C(a, b), c22: C(b, b)) }
        let v = op.v, vs = op.vStar
        // <Delta g'(lambda_i) u_b>
        func drive(_ i: Int, _ b: Int) -> Double {
            var s = 0.0
            for m in 0..<M { s += vs[m] * I3(i, b, K + m) }
            for j in 0..<K { s -= v[j] * I3(i, b, j) }
            return s
        }
        var dQ = [Double](repeating: 0, count: K * K), dR = [Double](repeating: 0, count: K * M)
        var dv = [Double](repeating: 0, count: K)
        for i in 0..<K {
            for n in 0..<M { dR[i * M + n] = eta * v[i] * drive(i, K + n) }
            for k in 0..<K {
                var second = 0.0
                for n in 0..<M { for m in 0..<M { second += vs[m] * vs[n] * I4(i, k, K + n, K + m) } }
                for j in 0..<K { for n in 0..<M { second -= 2 * v[j] * vs[n] * I4(i, k, j, K + n) } }
                for j in 0..<K { for l in 0..<K { second += v[j] * v[l] * I4(i, k, j, l) } }
                second += sigma * sigma * J2(i, k)
                dQ[i * K + k] = eta * v[i] * drive(i, k) + eta * v[k] * drive(k, i)
                    + eta * eta / Double(batch) * v[i] * v[k] * second
            }
            if train {
                var s = 0.0
                for n in 0..<M { s += vs[n] * I2(i, K + n) }
                for j in 0..<K { s -= v[j] * I2(i, j) }
                dv[i] = eta * s
            }
        }
        var eg = 0.0
        for i in 0..<K { for k in 0..<K { eg += 0.5 * v[i] * v[k] * I2(i, k) } }
        for n in 0..<M { for m in 0..<M { eg += 0.5 * vs[n] * vs[m] * I2(K + n, K + m) } }
        for i in 0..<K { for n in 0..<M { eg -= v[i] * vs[n] * I2(i, K + n) } }
        return (dQ, dR, dv, eg)
    }
}
