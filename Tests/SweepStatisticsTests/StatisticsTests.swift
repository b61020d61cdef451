import Foundation
@testable import SweepStatistics
import XCTest

/// The accumulator against two-pass formulas, and the properties the reduction relies on.
final class StatisticsTests: XCTestCase {
    /// Deterministic pseudo-random samples with a large offset (the case where a naive
    /// sum-of-squares formula loses all its digits).
    func samples(_ n: Int, length: Int, offset: Double = 1e6) -> [[Double]] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<n).map { _ in
            (0..<length).map { j in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return offset + Double(j) + Double(state >> 11) * 0x1p-53
            }
        }
    }

    func twoPass(_ xs: [[Double]]) -> (mean: [Double], std: [Double]) {
        let n = Double(xs.count), length = xs[0].count
        var mean = [Double](repeating: 0, count: length)
        for x in xs { for j in 0..<length { mean[j] += x[j] / n } }
        var v = [Double](repeating: 0, count: length)
        for x in xs { for j in 0..<length { v[j] += (x[j] - mean[j]) * (x[j] - mean[j]) } }
        return (mean, v.map { ($0 / (n - 1)).squareRoot() })
    }

    func testWelfordMatchesTwoPassWithLargeOffset() {
        let xs = samples(1000, length: 3)
        var acc = MomentAccumulator(length: 3)
        xs.forEach { acc.add($0) }
        let (mean, std) = twoPass(xs)
        let r = acc.result
        XCTAssertEqual(r.count, 1000)
        for j in 0..<3 {
            XCTAssertEqual(r.mean[j], mean[j], accuracy: 1e-9 * abs(mean[j]))
            // Uniform(0,1) has std 1/sqrt(12) = 0.2887; the offset 1e6 must not spoil it.
            XCTAssertEqual(r.std[j], std[j], accuracy: 1e-6)
            XCTAssertEqual(r.std[j], 0.2887, accuracy: 0.02)
            XCTAssertEqual(r.sem[j], r.std[j] / 1000.0.squareRoot(), accuracy: 1e-15)
        }
    }

    func testChanMergeEqualsSequentialAccumulation() {
        let xs = samples(101, length: 4)
        var whole = MomentAccumulator(length: 4)
        xs.forEach { whole.add($0) }
        // Three uneven blocks merged in order.
        var merged = MomentAccumulator(length: 4)
        for range in [0..<10, 10..<67, 67..<101] {
            var block = MomentAccumulator(length: 4)
            xs[range].forEach { block.add($0) }
            merged.merge(block)
        }
        XCTAssertEqual(merged.count, whole.count)
        for j in 0..<4 {
            XCTAssertEqual(merged.result.mean[j], whole.result.mean[j], accuracy: 1e-9)
            XCTAssertEqual(merged.result.std[j], whole.result.std[j], accuracy: 1e-9)
        }
    }

    func testMergingIntoEmptyIsAnExactCopyAndEmptyMergesAreNoOps() {
        var block = MomentAccumulator(length: 2)
        samples(7, length: 2).forEach { block.add($0) }
        var total = MomentAccumulator(length: 2)
        total.merge(MomentAccumulator(length: 2))
        total.merge(block)
        total.merge(MomentAccumulator(length: 2))
        XCTAssertEqual(total, block)
    }

    func testPackRoundTripIsExact() {
        var acc = MomentAccumulator(length: 5)
        samples(9, length: 5).forEach { acc.add($0) }
        var buffer: [Double] = [42]
        acc.pack(into: &buffer)
        XCTAssertEqual(buffer.count, 1 + MomentAccumulator.packedLength(5))
        var offset = 1
        let back = MomentAccumulator(unpacking: buffer[...], offset: &offset, length: 5)
        XCTAssertEqual(back, acc)
        XCTAssertEqual(offset, buffer.count)
    }

    func testNoSamplesGiveNaNAndOneSampleGivesNoSpread() {
        let empty = MomentAccumulator(length: 2).result
        XCTAssertEqual(empty.count, 0)
        XCTAssertTrue(empty.mean.allSatisfy(\.isNaN))
        var one = MomentAccumulator(length: 2)
        one.add([1, 2])
        XCTAssertEqual(one.result.mean, [1, 2])
        XCTAssertTrue(one.result.std.allSatisfy(\.isNaN))
    }
}
