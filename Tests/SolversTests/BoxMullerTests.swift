import Foundation
import XCTest
import Solvers
import VectorKernels

/// The vectorized Box-Muller fill (issue 16): its distribution over 1e8 draws, its layout
/// against a scalar reference written from the definition, the exactness of the transform
/// on chosen words, and bit-identity across the AVX-512, AVX2 and baseline builds.
///
/// Tolerances are 5 standard errors for n draws (mean 1/sqrt n, variance sqrt(2/n),
/// skewness sqrt(6/n), excess kurtosis sqrt(24/n), a probability p sqrt(p(1-p)/n)); the
/// Kolmogorov-Smirnov bound sqrt(n) D < 2.0 fails a correct sampler with probability
/// 2 exp(-8) = 6.7e-4. At n = 1e8 a variance off by 1e-3 or a tail probability off by 20%
/// fails.
final class BoxMullerTests: XCTestCase {
    func testMomentsTailsAndKolmogorovSmirnovOver1e8Draws() {
        let n = 100_000_000, chunk = 1 << 16
        var stream = RandomStream(key: .dynamics(seed: 2026, point: 5, realization: 11, substream: 0))
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        // Empirical CDF on a grid of 2^20 bins over [-7, 7]: D at the bin edges bounds the
        // KS distance from below, so the test keeps (at most) its false-alarm rate.
        let bins = 1 << 20, lo = -7.0, width = 14.0 / Double(1 << 20)
        var histogram = [Int](repeating: 0, count: bins + 2)
        var moments = StandardNormalMoments()
        var beyond45 = 0, beyond6 = 0, largest = 0.0
        var drawn = 0
        while drawn < n {
            stream.fillGaussianBoxMuller(buffer)
            for z in buffer {
                moments.add(z)
                let a = abs(z)
                if a > 4.5 { beyond45 += 1 }
                if a > 6 { beyond6 += 1 }
                largest = max(largest, a)
                let bin = ((z - lo) / width).rounded(.down)
                histogram[bin < 0 ? 0 : (bin >= Double(bins) ? bins + 1 : Int(bin) + 1)] += 1
            }
            drawn += chunk
        }
        moments.assertStandardNormal()
        let dn = Double(drawn)
        let p45 = erfc(4.5 / 2.0.squareRoot())
        XCTAssertEqual(Double(beyond45) / dn, p45, accuracy: 5 * (p45 * (1 - p45) / dn).squareRoot(), "P(|z| > 4.5)")
        // P(|z| > 6) = 1.97e-9: about 0.2 draws expected, so only a tail far too heavy shows;
        // P(5 or more) for a correct sampler is 2e-6. That the tail reaches beyond 6 at all
        // is checked on chosen words in `testTransformOnChosenWords`.
        XCTAssertLessThanOrEqual(beyond6, 4, "P(|z| > 6) = 1.97e-9: expected 0.2 of \(drawn) draws")
        XCTAssertLessThan(largest, 6.8, "the radius is at most sqrt(-2 ln 2^-33) = 6.77")

        var cumulative = histogram[0], worst = 0.0
        for edge in 1...bins {
            cumulative += histogram[edge]
            let x = lo + Double(edge) * width
            let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
            worst = max(worst, abs(Double(cumulative) / dn - cdf))
        }
        XCTAssertLessThan(worst * dn.squareRoot(), 2.0, "Kolmogorov-Smirnov distance \(worst) over \(drawn) draws")
    }

    /// The layout of CVectorKernels.h recomputed from its definition, with Philox4x32 from
    /// Swift and Foundation's log, cos and sin (agreement to rounding, not bits).
    func testLayoutAgainstScalarReference() {
        let key = StreamKey.dynamics(seed: 0xDEAD_BEEF_0123, point: 2, realization: 9, substream: 4)
        let first: UInt64 = 0xFFFF_FFF3  // the block index carries into counter word 1 mid-fill
        var out = [Double](repeating: .nan, count: 200)
        out.withUnsafeMutableBufferPointer {
            BoxMuller.fill($0, firstBlock: first,
                           key: (UInt32(truncatingIfNeeded: key.seed), UInt32(truncatingIfNeeded: key.seed >> 32)),
                           counterHigh: (key.word2, key.word3), on: .baseline)
        }
        for i in 0..<200 {
            let chunk = i / 64, slot = (i % 64) / 16, lane = i % 16
            let block = first + UInt64(16 * chunk + lane)
            let r = Philox4x32.block((UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                                      key.word2, key.word3),
                                     key: (UInt32(truncatingIfNeeded: key.seed), UInt32(truncatingIfNeeded: key.seed >> 32)))
            let (a, b) = slot < 2 ? (r.0, r.1) : (r.2, r.3)
            let radius = (-2 * log((Double(a) + 0.5) * 0x1p-32)).squareRoot()
            let angle = 2 * Double.pi * Double(b) * 0x1p-32
            let expected = slot % 2 == 0 ? radius * cos(angle) : radius * sin(angle)
            XCTAssertEqual(out[i], expected, accuracy: 1e-13, "variate \(i) (chunk \(chunk), slot \(slot), lane \(lane))")
        }
        XCTAssertEqual(RandomStream.boxMullerBlocks(200), 64)
        XCTAssertEqual(RandomStream.boxMullerBlocks(784), 208)
    }

    /// Radius and angle at the extremes and at the quadrant boundaries of the integer angle
    /// reduction, against Foundation to 4 ulp of the radius.
    func testTransformOnChosenWords() {
        let words: [UInt32] = [0, 1, 0x1FFF_FFFF, 0x2000_0000, 0x3FFF_FFFF, 0x4000_0000, 0x5FFF_FFFF, 0x6000_0000,
                               0x7FFF_FFFF, 0x8000_0000, 0xA000_0000, 0xBFFF_FFFF, 0xC000_0000, 0xDFFF_FFFF,
                               0xE000_0000, 0xFFFF_FFFF, 0x1234_5678, 0x9E37_79B9]
        for a in words {
            for b in words {
                let (c, s) = BoxMuller.pair(a, b)
                let radius = (-2 * log((Double(a) + 0.5) * 0x1p-32)).squareRoot()
                let angle = 2 * Double.pi * Double(b) * 0x1p-32
                let tolerance = 4 * radius.ulp + 1e-15 * radius
                XCTAssertEqual(c, radius * cos(angle), accuracy: tolerance, "cosine variate of (\(a), \(b))")
                XCTAssertEqual(s, radius * sin(angle), accuracy: tolerance, "sine variate of (\(a), \(b))")
                XCTAssertEqual(c * c + s * s, radius * radius, accuracy: 8 * (radius * radius).ulp, "radius of (\(a), \(b))")
            }
        }
        XCTAssertEqual(BoxMuller.pair(0, 0).cosine, (66 * log(2.0)).squareRoot(), accuracy: 1e-14, "the largest radius, sqrt(-2 ln 2^-33)")
    }

    /// Every build this CPU can run gives the same bits, at any start block and length.
    func testInstructionSetsAreBitIdentical() {
        for (first, count) in [(UInt64(0), 784), (0xFFFF_FFF9, 1000), (12_345, 1), (7, 63), (1 << 40, 4096)] {
            var reference = [Double](repeating: 0, count: count)
            reference.withUnsafeMutableBufferPointer {
                BoxMuller.fill($0, firstBlock: first, key: (17, 29), counterHigh: (3, 0x85), on: .baseline)
            }
            for isa in VectorInstructionSet.available {
                var out = [Double](repeating: .nan, count: count)
                out.withUnsafeMutableBufferPointer {
                    BoxMuller.fill($0, firstBlock: first, key: (17, 29), counterHigh: (3, 0x85), on: isa)
                }
                XCTAssertEqual(out.map(\.bitPattern), reference.map(\.bitPattern), "isa \(isa), first block \(first), \(count) variates")
            }
        }
        if VectorInstructionSet.best < .avx512 {
            print("BoxMullerTests: this CPU has no AVX-512; checked \(VectorInstructionSet.available)")
        }
    }

    /// A stream reads whole chunks: two fills of 784 are the fills at blocks 0 and 208.
    func testFillsAdvanceByWholeChunks() {
        let key = StreamKey.disorder(seed: 5, realization: 3, substream: 1)
        var stream = RandomStream(key: key)
        var first = [Double](repeating: 0, count: 784), second = first, direct = first
        first.withUnsafeMutableBufferPointer { stream.fillGaussianBoxMuller($0) }
        second.withUnsafeMutableBufferPointer { stream.fillGaussianBoxMuller($0) }
        direct.withUnsafeMutableBufferPointer {
            BoxMuller.fill($0, firstBlock: 208, key: (5, 0), counterHigh: (key.word2, key.word3))
        }
        XCTAssertEqual(second, direct)
        XCTAssertNotEqual(first, second)
    }
}
