@testable import Coordinator
import XCTest

/// The fixed partition of realizations into blocks and the order work is handed out in:
/// largest estimated cost first; equal costs in plan order, which is by point, then by
/// block, a point's theory after its blocks.
final class WorkPlanTests: XCTestCase {
    /// (point, block) of each item in hand-out order; block -1 for a theory item.
    private func order(_ plan: SweepPlan) -> [[Int]] {
        plan.work.items.map { item in
            switch item.kind {
            case .realizations(let block, _): return [item.point, block]
            case .theory: return [item.point, -1]
            }
        }
    }

    func testBlocksPartitionRealizationsExactly() {
        for (realizations, blocks) in [(32, 16), (7, 3), (5, 5), (1000, 16)] {
            var covered: [Int] = []
            for b in 0..<blocks { covered += Array(blockRange(block: b, blocks: blocks, realizations: realizations)) }
            XCTAssertEqual(covered, Array(0..<realizations))
            let sizes = (0..<blocks).map { blockRange(block: $0, blocks: blocks, realizations: realizations).count }
            XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1)
        }
    }

    /// teacher_student's cost grows with K: the K = 3 point's blocks go first, then K = 2,
    /// then K = 1, whatever the order of the sweep; within a point, blocks in order.
    func testMoreExpensivePointsGoFirst() throws {
        let plan = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "K = [1, 3, 2]", realizations: 6, blocks: 3))
        XCTAssertEqual(order(plan), [[1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2], [0, 0], [0, 1], [0, 2]])
        let costs = plan.work.items.map(\.cost)
        XCTAssertEqual(costs, costs.sorted(by: >))
    }

    /// 7 realizations in 3 blocks are 2, 2 and 3: the block of 3 costs more and goes first.
    func testLargerBlockOfAPointGoesFirst() throws {
        let plan = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "K = [2]", realizations: 7, blocks: 3))
        XCTAssertEqual(order(plan), [[0, 2], [0, 0], [0, 1]])
        XCTAssertEqual(plan.work.items.map(\.realizationCount), [3, 2, 2])
    }

    /// A learning-rate sweep costs the same at every point: every item ties, and the
    /// order is the plan's, by point and then by block, so every rank computes the same list.
    func testTiesGoByPointThenBlock() throws {
        let plan = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "eta = [0.5, 0.25, 0.125]", realizations: 4, blocks: 2))
        XCTAssertEqual(Set(plan.work.items.map(\.cost)).count, 1, "the test needs equal costs")
        XCTAssertEqual(order(plan), [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]])
        let again = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "eta = [0.5, 0.25, 0.125]", realizations: 4, blocks: 2))
        XCTAssertEqual(again.work.items, plan.work.items)
    }

    /// A per-point theory is one item per point, placed by its cost like any block; with
    /// no realizations there are no blocks at all.
    func testPerPointTheoryIsOneItemPerPoint() throws {
        let withRealizations = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.deepLinear(sweep: "eta = [0.05, 0.1]", realizations: 4, blocks: 2))
        let theories = withRealizations.work.items.filter { if case .theory(false) = $0.kind { true } else { false } }
        XCTAssertEqual(theories.map(\.point).sorted(), [0, 1])
        XCTAssertEqual(withRealizations.work.items.count, 2 * 2 + 2)
        let costs = withRealizations.work.items.map(\.cost)
        XCTAssertEqual(costs, costs.sorted(by: >))

        let theoryOnly = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.deepLinear(sweep: "eta = [0.05, 0.1]", realizations: 0))
        XCTAssertEqual(theoryOnly.work.blocksPerPoint, 0)
        XCTAssertEqual(order(theoryOnly), [[0, -1], [1, -1]], "equal theory costs tie by point")
        XCTAssertEqual(theoryOnly.work.totalRealizations, 0)
    }
}
