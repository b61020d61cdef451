@testable import Coordinator
import XCTest

/// The fixed partition of realizations into blocks and the order work is handed out in.
final class WorkPlanTests: XCTestCase {
    func testBlocksPartitionRealizationsExactly() {
        for (realizations, blocks) in [(32, 16), (7, 3), (5, 5), (1000, 16)] {
            var covered: [Int] = []
            for b in 0..<blocks { covered += Array(blockRange(block: b, blocks: blocks, realizations: realizations)) }
            XCTAssertEqual(covered, Array(0..<realizations))
            let sizes = (0..<blocks).map { blockRange(block: $0, blocks: blocks, realizations: realizations).count }
            XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1)
        }
    }
}
