@testable import Coordinator
import SweepStatistics
import XCTest

/// The reduction on the MPI singleton: blocks are merged in block order whatever order
/// they arrive in, so the statistics have the same bits; a different merge order would
/// give different bits (the test data can tell), and chunking changes nothing.
final class ReductionTests: XCTestCase {
    private func plan(points: String = "K = [2]", realizations: Int = 12, blocks: Int = 4) throws -> SweepPlan {
        try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: points, realizations: realizations, blocks: blocks))
    }

    private func reduce(_ outcomes: [BlockOutcome], _ plan: SweepPlan, chunkLimit: Int? = nil) throws -> [PointStatistics] {
        var reduction = Reduction(contexts: plan.contexts, blocksPerPoint: plan.work.blocksPerPoint)
        if let chunkLimit { reduction.chunkLimit = chunkLimit }
        return try reduction.reduce(outcomes, communicator: try CoordinatorTestSupport.world())
    }

    private func bits(_ stats: [PointStatistics]) -> [[UInt64]] {
        stats.map {
            CoordinatorTestSupport.bits($0.simulation) + CoordinatorTestSupport.bits($0.theory)
                + $0.pointTheory.map(\.bitPattern) + [UInt64($0.diverged)]
        }
    }

    /// The merge of `blocks` (in the order given) starting from an empty accumulator.
    private func merged(_ blocks: [RealizationBlockOutcome], length: Int) -> MomentAccumulator {
        var total = MomentAccumulator(length: length)
        for block in blocks { total.merge(block.simulation) }
        return total
    }

    func testArrivalOrderDoesNotChangeTheBits() throws {
        let plan = try plan(points: "K = [1, 2]")
        let outcomes = CoordinatorTestSupport.allBlocks(plan)
        let reference = bits(try reduce(outcomes, plan))
        var generator = SplitMix(seed: 11)
        for _ in 0..<5 {
            XCTAssertEqual(bits(try reduce(outcomes.shuffled(using: &generator), plan)), reference)
        }
        XCTAssertEqual(bits(try reduce(outcomes.reversed(), plan)), reference)
    }

    func testBlocksAreMergedInBlockOrder() throws {
        let plan = try plan()
        let blocks = (0..<4).map { CoordinatorTestSupport.block(plan, point: 0, block: $0) }
        let length = plan.contexts[0].simulation.length
        let stats = try reduce(blocks.reversed().map { .realizations($0) }, plan)
        let inBlockOrder = merged(blocks, length: length)
        XCTAssertEqual(CoordinatorTestSupport.bits(stats[0].simulation), CoordinatorTestSupport.bits(inBlockOrder))
        XCTAssertEqual(stats[0].simulation.count, 12)

        // Chan's merge is exact in arithmetic but not in floating point: another order
        // gives other bits here, so the equality above pins the order down.
        for other in [[3, 2, 1, 0], [1, 0, 2, 3], [0, 2, 1, 3]] {
            let reordered = merged(other.map { blocks[$0] }, length: length)
            XCTAssertNotEqual(CoordinatorTestSupport.bits(reordered), CoordinatorTestSupport.bits(inBlockOrder),
                              "merging in order \(other) should differ in some bit")
        }
    }

    func testDivergedRealizationsAreCountedPerPoint() throws {
        let plan = try plan(points: "K = [1, 2]")
        let outcomes: [BlockOutcome] = [
            .realizations(CoordinatorTestSupport.block(plan, point: 0, block: 1, diverged: 2)),
            .realizations(CoordinatorTestSupport.block(plan, point: 1, block: 0, diverged: 1)),
            .realizations(CoordinatorTestSupport.block(plan, point: 1, block: 3, diverged: 3)),
        ]
        let stats = try reduce(outcomes, plan)
        XCTAssertEqual(stats.map(\.diverged), [2, 4])
        XCTAssertEqual(stats.map(\.simulation.count), [1, 2])
    }

    /// Points reduced one per Allreduce give the same bits as all points in one.
    func testChunkingDoesNotChangeTheBits() throws {
        let plan = try plan(points: "K = [1, 2, 3]")
        let outcomes = CoordinatorTestSupport.allBlocks(plan)
        XCTAssertEqual(bits(try reduce(outcomes, plan, chunkLimit: 1)), bits(try reduce(outcomes, plan)))
    }

    /// A -0 (in a block's mean, or in a point's theory) is stored as +0 on one rank, as
    /// the sum over several ranks makes it, so the file's bits do not depend on the count.
    func testNegativeZeroBecomesPositiveZero() throws {
        let plan = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.deepLinear(sweep: "eta = [0.05]", realizations: 1, blocks: 1))
        let c = plan.contexts[0]
        // Welford's first add turns -0 into +0, so the accumulator is built packed.
        let packed = [1.0] + [Double](repeating: -0.0, count: c.simulation.length)
            + [Double](repeating: 0, count: c.simulation.length)
        var offset = 0
        let simulation = MomentAccumulator(unpacking: packed[...], offset: &offset, length: c.simulation.length)
        XCTAssertEqual(simulation.mean.first?.sign, .minus)
        let block = RealizationBlockOutcome(point: 0, block: 0, firstRealization: 0, simulation: simulation,
                                            theory: MomentAccumulator(length: c.realizationTheory.length),
                                            diverged: 0, rows: [])
        let theory = PointTheoryOutcome(point: 0, trajectories: [Double](repeating: -0.0, count: c.pointTheory.length))
        let stats = try reduce([.realizations(block), .pointTheory(theory)], plan)
        XCTAssertEqual(stats[0].simulation.mean.map(\.bitPattern), [UInt64](repeating: 0, count: c.simulation.length))
        XCTAssertEqual(stats[0].pointTheory.map(\.bitPattern), [UInt64](repeating: 0, count: c.pointTheory.length))
    }

    /// A point's theory occupies its own slot and comes back bit for bit.
    func testPointTheoryComesBackBitForBit() throws {
        let plan = try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.deepLinear(sweep: "eta = [0.05, 0.1]", realizations: 2, blocks: 2))
        let length = plan.contexts[1].pointTheory.length
        XCTAssertGreaterThan(length, 0)
        let trajectories = CoordinatorTestSupport.samples(1, length: length, key: 3)[0].enumerated()
            .map { $0.offset == 0 ? Double.nan : $0.offset == 1 ? -subnormal : $0.element }
        let outcomes = CoordinatorTestSupport.allBlocks(plan)
            + [.pointTheory(PointTheoryOutcome(point: 1, trajectories: trajectories))]
        let stats = try reduce(outcomes, plan)
        XCTAssertEqual(stats[1].pointTheory.map(\.bitPattern), trajectories.map(\.bitPattern))
        XCTAssertEqual(stats[0].pointTheory.count, plan.contexts[0].pointTheory.length)
    }
}

/// A small deterministic generator for shuffles (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
