import Foundation
import XCTest
import Solvers

/// A stand-in for MPI: participants run one after another; each `sum` call of the last
/// participant returns the total of every participant's vector for that call.
final class RecordingReduction: SampleReduction {
    let participantCount: Int
    let participantIndex: Int
    /// The totals to hand back, one per call (filled by a first pass over all participants).
    var totals: [[Int64]] = []
    private(set) var recorded: [[Int64]] = []
    private var call = 0

    init(count: Int, index: Int) {
        participantCount = count
        participantIndex = index
    }

    func sum(_ values: [Int64]) throws -> [Int64] {
        recorded.append(values)
        defer { call += 1 }
        return call < totals.count ? totals[call] : values
    }
}

final class KernelDMFTFixedPointSumTests: XCTestCase {
    /// Contributions of very different magnitudes and signs (a deterministic stream).
    private func contributions(_ n: Int, width: Int) -> [[Double]] {
        var stream = RandomStream(key: .disorder(seed: 99, realization: 0, substream: 0))
        return (0..<n).map { i in
            (0..<width).map { j in stream.nextGaussian() * pow(10, Double((i + j) % 7) - 3) }
        }
    }

    /// The same contributions split over 1, 2 and 3 participants (in every contiguous
    /// split the `share` rule gives) add up to identical bits.
    func testAnySplitGivesIdenticalDoubles() throws {
        let n = 101, width = 5
        let terms = contributions(n, width: width)
        var results = [[Double]]()
        for participants in 1...3 {
            var partials = [[Int64]]()
            for p in 0..<participants {
                let reduction = RecordingReduction(count: participants, index: p)
                var sum = FixedPointSum(count: width, terms: n, magnitude: 10)
                for i in reduction.share(of: n) { sum.add(terms[i]) }
                _ = try FixedPointSum.reduce([sum], with: reduction)
                partials.append(reduction.recorded[0])
            }
            // The Allreduce: element-wise integer sum in an arbitrary (here reversed) order.
            var total = [Int64](repeating: 0, count: width + 1)
            for part in partials.reversed() { for k in total.indices { total[k] &+= part[k] } }
            let last = RecordingReduction(count: participants, index: 0)
            last.totals = [total]
            let out = try XCTUnwrap(FixedPointSum.reduce([FixedPointSum(count: width, terms: n, magnitude: 10)],
                                                        with: last))
            results.append(out[0])
        }
        XCTAssertEqual(results[0], results[1])
        XCTAssertEqual(results[0], results[2])
        // Shuffled order within one participant changes nothing either.
        var a = FixedPointSum(count: width, terms: n, magnitude: 10)
        for t in terms.reversed() { a.add(t) }
        XCTAssertEqual(a.localValues, results[0])
    }

    /// Accuracy: the fixed-point total agrees with a compensated Double sum to the grid
    /// spacing times the number of terms (each rounding errs by at most half a step).
    func testAccuracyAgainstPlainSummation() {
        let n = 1000, width = 4
        let terms = contributions(n, width: width)
        var sum = FixedPointSum(count: width, terms: n, magnitude: 10)
        for t in terms { sum.add(t) }
        let step = 1 / Double(sign: .plus, exponent: sum.exponent, significand: 1)
        for j in 0..<width {
            var s = 0.0, c = 0.0  // Kahan
            for t in terms {
                let y = t[j] - c
                let u = s + y
                c = (u - s) - y
                s = u
            }
            XCTAssertEqual(sum.localValues[j], s, accuracy: 0.5 * step * Double(n) + 1e-15 * abs(s))
            XCTAssertLessThan(step, 1e-9, "the grid is fine for magnitude 10 and 1000 terms")
        }
        XCTAssertEqual(sum.overflows, 0)
    }

    /// A contribution above the headroom is counted, not added, and the reduction then
    /// returns nil on every participant; a larger magnitude accepts it.
    func testOverflowIsReportedToEveryParticipant() throws {
        var small = FixedPointSum(count: 2, terms: 4, magnitude: 1)
        small.add([1, 2])
        small.add([1e6, 0])
        XCTAssertEqual(small.overflows, 1)
        XCTAssertNil(try FixedPointSum.reduce([small], with: SingleParticipant()))
        // Another participant without overflow still sees nil through the shared counter.
        let other = RecordingReduction(count: 2, index: 1)
        other.totals = [[0, 0, 1]]
        XCTAssertNil(try FixedPointSum.reduce([FixedPointSum(count: 2, terms: 4, magnitude: 1)], with: other))
        var large = FixedPointSum(count: 2, terms: 4, magnitude: 1e7)
        large.add([1, 2])
        large.add([1e6, 0])
        let out = try XCTUnwrap(FixedPointSum.reduce([large], with: SingleParticipant()))
        XCTAssertEqual(out[0], [1_000_001, 2])
    }

    /// Several sums travel in one reduction and come back in order.
    func testSeveralSumsInOneReduction() throws {
        var a = FixedPointSum(count: 2, terms: 1, magnitude: 1)
        var b = FixedPointSum(count: 3, terms: 1, magnitude: 1000)
        a.add([0.25, -0.5])
        b.add([100, 200, -300])
        let r = RecordingReduction(count: 1, index: 0)
        let out = try XCTUnwrap(FixedPointSum.reduce([a, b], with: r))
        XCTAssertEqual(out[0], [0.25, -0.5])
        XCTAssertEqual(out[1], [100, 200, -300])
        XCTAssertEqual(r.recorded.count, 1, "one Allreduce")
        XCTAssertEqual(r.recorded[0].count, 6, "entries plus the overflow counter")
    }
}
