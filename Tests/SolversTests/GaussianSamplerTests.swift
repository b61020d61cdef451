import Foundation
import XCTest
import Solvers

/// The ziggurat sampler over 1e7 draws: the first four moments and tail probabilities
/// within 5 standard errors of their N(0, 1) values. Standard errors for n draws:
/// mean 1/sqrt n, variance sqrt(2/n), skewness sqrt(6/n), excess kurtosis sqrt(24/n), a
/// probability p sqrt(p(1-p)/n). At 5 SE a correct sampler fails one check in ~3e6, while
/// a wrong layer table or tail sampler (the tail beyond r = 3.654 has p = 2.6e-4, about
/// 2600 draws) shifts these by many SE.
final class GaussianSamplerTests: XCTestCase {
    func testMomentsAndTails() {
        let n = 10_000_000, chunk = 100_000
        var stream = RandomStream(key: .dynamics(seed: 12345, point: 3, realization: 7, substream: 0))
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var moments = StandardNormalMoments()
        var beyondR = 0, beyond45 = 0, within1 = 0
        let r = 3.6541528853610088
        for _ in 0..<(n / chunk) {
            stream.fillGaussian(buffer)
            for z in buffer {
                moments.add(z)
                let a = abs(z)
                if a > r { beyondR += 1 }
                if a > 4.5 { beyond45 += 1 }
                if a < 1 { within1 += 1 }
            }
        }
        moments.assertStandardNormal()
        let dn = Double(n)
        func checkProbability(_ count: Int, _ p: Double, _ what: String) {
            XCTAssertEqual(Double(count) / dn, p, accuracy: 5 * (p * (1 - p) / dn).squareRoot(), what)
        }
        checkProbability(beyondR, erfc(r / 2.0.squareRoot()), "P(|z| > r), the ziggurat tail")
        checkProbability(beyond45, erfc(4.5 / 2.0.squareRoot()), "P(|z| > 4.5), deep tail")
        checkProbability(within1, erf(1 / 2.0.squareRoot()), "P(|z| < 1)")
    }

    func testStreamsAreKeyedAndReproducible() {
        let a = RealizationSeed(runSeed: 1, point: 0, realization: 0)
        var s1 = a.dynamics(0), s2 = a.dynamics(0), s3 = a.dynamics(1), s4 = a.disorder(0)
        var s5 = RealizationSeed(runSeed: 2, point: 0, realization: 0).dynamics(0)
        var s6 = RealizationSeed(runSeed: 1, point: 0, realization: 1).dynamics(0)
        let x1 = s1.gaussians(1000), x2 = s2.gaussians(1000)
        XCTAssertEqual(x1, x2, "same key must reproduce")
        for (name, other) in [("substream", s3.gaussians(1000)), ("disorder vs dynamics", s4.gaussians(1000)),
                              ("run seed", s5.gaussians(1000)), ("realization", s6.gaussians(1000))] {
            let same = zip(x1, other).filter { $0 == $1 }.count
            XCTAssertLessThan(same, 5, "streams differing in \(name) must differ")
        }
        // fillGaussian and nextGaussian read the same sequence.
        var s7 = a.dynamics(0)
        let one = (0..<1000).map { _ in s7.nextGaussian() }
        XCTAssertEqual(one, x1)
    }
}
