@testable import Coordinator
import SweepConfig
import SweepStatistics
import XCTest

/// The error-target rule (`TargetRule`) and the rounds it decides (`RoundAllocator`,
/// `WorkQueue`): the rule against hand-computed SEMs, round sizes within their bounds, and
/// the same rounds whatever order the blocks finish in (issue 15, item 2).
final class TargetRoundsTests: XCTestCase {
    private func accumulator(_ samples: [[Double]]) -> MomentAccumulator {
        var a = MomentAccumulator(length: samples.first?.count ?? 0)
        for s in samples { a.add(s) }
        return a
    }

    func testTheRuleComparesTheSEMWithTheTarget() {
        // Samples 1, 3: mean 2, sd sqrt(2), SEM 1. And 10, 10: SEM 0.
        let stats = accumulator([[1, 10], [3, 10]])
        let met = TargetRule(RealizationTarget(bound: .relative(0.5), observable: "x", maxRealizations: 100))
        XCTAssertEqual(met.worstRatioSquared(stats), 1, accuracy: 1e-12)  // SEM 1 = 0.5 x |2|
        XCTAssertTrue(met.isMet(stats))
        let missed = TargetRule(RealizationTarget(bound: .relative(0.25), observable: "x", maxRealizations: 100))
        XCTAssertEqual(missed.worstRatioSquared(stats), 4, accuracy: 1e-12)
        XCTAssertFalse(missed.isMet(stats))
        let absolute = TargetRule(RealizationTarget(bound: .absolute(2), observable: "x", maxRealizations: 100))
        XCTAssertEqual(absolute.worstRatioSquared(stats), 0.25, accuracy: 1e-12)
        // One sample has no SEM; a zero mean with a spread cannot meet a relative target.
        XCTAssertEqual(met.worstRatioSquared(accumulator([[1, 1]])), .infinity)
        XCTAssertEqual(met.worstRatioSquared(accumulator([[-1, 5], [1, 5]])), .infinity)
    }

    func testRoundSizesFollowTheNeedWithinTheirBounds() {
        let rule = TargetRule(RealizationTarget(bound: .relative(0.25), observable: "x", maxRealizations: 100))
        let stats = accumulator([[1], [3]])  // ratio^2 = 4: 2 realizations need 8
        XCTAssertEqual(rule.realizationsToAdd(used: 2, statistics: stats), 2, "at most doubling")
        // The same ratio after 40 realizations asks for 160: capped by doubling and the cap.
        XCTAssertEqual(rule.realizationsToAdd(used: 40, statistics: stats), 40)
        XCTAssertEqual(rule.realizationsToAdd(used: 80, statistics: stats), 20, "the cap of 100")
        XCTAssertEqual(rule.realizationsToAdd(used: 100, statistics: stats), 0)
        // Just short (ratio^2 = 1.01 after 80): at least 80/8 = 10, not 1.
        let near = TargetRule(RealizationTarget(bound: .absolute((1 / 1.01).squareRoot()), observable: "x",
                                                maxRealizations: 1000))
        XCTAssertEqual(near.realizationsToAdd(used: 80, statistics: stats), 10)
        // Met: nothing.
        XCTAssertEqual(TargetRule(RealizationTarget(bound: .absolute(1), observable: "x", maxRealizations: 1000))
            .realizationsToAdd(used: 80, statistics: stats), 0)
    }

    /// Statistics of block `block` of a point: a fixed function of (point, block), noisy
    /// enough that the decisions differ between points.
    private func blockStatistics(point: Int, range: Range<Int>) -> MomentAccumulator {
        accumulator(range.map { r in
            let u = Double((r * 2_654_435_761 + point * 40_503) % 1000) / 1000
            return [1 + Double(point + 1) * (u - 0.5)]
        })
    }

    /// Runs every point to its end through a `WorkQueue`, finishing in-flight items in an
    /// order `pick` chooses; returns each point's blocks with their ranges.
    private func rounds(points: Int, pick: (Int) -> Int) -> [[Range<Int>]] {
        let rule = TargetRule(RealizationTarget(bound: .relative(0.05), observable: "x", maxRealizations: 400))
        let allocator = RoundAllocator(rule: rule, pointCount: points, firstRound: 6, blocks: 3)
        let first = (0..<points).flatMap { p in
            (0..<3).map { b in WorkItem(point: p, kind: .realizations(block: b, range: blockRange(block: b, blocks: 3,
                                                                                            realizations: 6)), cost: 1) }
        }
        let queue = WorkQueue(items: first, allocator: allocator,
                              ledger: WorkLedger(items: first, pointCount: points, restoredRealizations: 0))
        var running: [(Int, WorkItem)] = []
        var blocks = [[Int: Range<Int>]](repeating: [:], count: points)
        while true {
            // Up to 3 items in flight, as on 3 ranks.
            while running.count < 3, let taken = queue.take() { running.append(taken) }
            if running.isEmpty { break }
            let (id, item) = running.remove(at: pick(running.count) % running.count)
            guard case .realizations(let block, let range) = item.kind else { continue }
            blocks[item.point][block] = range
            queue.finished(id, statistics: blockStatistics(point: item.point, range: range))
        }
        XCTAssertTrue(queue.isExhausted)
        return blocks.map { b in b.keys.sorted().map { b[$0] ?? 0..<0 } }
    }

    func testRoundsDoNotDependOnTheOrderBlocksFinishIn() {
        let reference = rounds(points: 4) { _ in 0 }
        var state: UInt64 = 99
        let shuffled = rounds(points: 4) { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        XCTAssertEqual(shuffled, reference)
        XCTAssertEqual(rounds(points: 4) { $0 - 1 }, reference)
        // The points differ in spread, so in rounds; each point's blocks tile 0 ..< used.
        XCTAssertGreaterThan(Set(reference.map(\.count)).count, 1, "\(reference.map(\.count))")
        for ranges in reference {
            XCTAssertEqual(ranges.first?.lowerBound, 0)
            for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
            XCTAssertLessThanOrEqual(ranges.last?.upperBound ?? 0, 400)
        }
    }

    func testRestoredBlocksOfLaterRoundsAreAcceptedOnlyAsIssued() {
        let rule = TargetRule(RealizationTarget(bound: .absolute(1e-9), observable: "x", maxRealizations: 40))
        let stats = accumulator([[1], [2]])
        // Round 1 of point 0 is blocks 2 and 3 (4 realizations after the first round's 4, in
        // 2 blocks): block 2 restored with its range is accepted; a block 9 that no round
        // issues, or a block 3 with another range, is not.
        let allocator = RoundAllocator(rule: rule, pointCount: 1, firstRound: 4, blocks: 2, restoredLater: [
            ItemKey(point: 0, block: 2): .init(range: 4..<6, statistics: stats),
            ItemKey(point: 0, block: 3): .init(range: 5..<8, statistics: stats),
            ItemKey(point: 0, block: 9): .init(range: 30..<32, statistics: stats),
        ])
        XCTAssertEqual(allocator.finished(point: 0, block: 0, statistics: stats), [])
        let next = allocator.finished(point: 0, block: 1, statistics: stats)
        XCTAssertEqual(next, [WorkItem(point: 0, kind: .realizations(block: 3, range: 6..<8), cost: 0)])
        XCTAssertEqual(allocator.acceptedRestored, [ItemKey(point: 0, block: 2)])
        XCTAssertEqual(allocator.blockCount(of: 0), 4)
    }
}
