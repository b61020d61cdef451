@testable import Coordinator
import XCTest

/// More ranks than a node's cores are named in a warning (issue 17); ranks that fit are not.
final class OversubscriptionCheckTests: XCTestCase {
    func testOnlyRanksBeyondTheCoresAreWarnedAbout() throws {
        XCTAssertNil(OversubscriptionCheck.message(ranksOnNode: 2, cores: 2))
        XCTAssertNil(OversubscriptionCheck.message(ranksOnNode: 1, cores: 64))
        let message = try XCTUnwrap(OversubscriptionCheck.message(ranksOnNode: 6, cores: 2))
        XCTAssertTrue(message.contains("6 ranks share this node's 2 core(s)"), message)
        XCTAssertTrue(message.contains("mpirun -np 2"), message)
    }
}
