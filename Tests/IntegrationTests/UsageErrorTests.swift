import Foundation
import XCTest

/// Usage errors are found before MPI starts, on every rank; only the first rank of a
/// launched job prints them (issue 17, item 10), and every rank exits with the status.
final class UsageErrorTests: IntegrationTestCase {
    func testAUsageErrorUnderMpirunIsPrintedOnce() throws {
        let r = try ProcessRunner.mpirun(ranks: 3, ["run"], timeout: 60)
        XCTAssertFalse(r.timedOut)
        XCTAssertNotEqual(r.status, 0)
        let output = r.stdout + r.stderr
        XCTAssertEqual(output.components(separatedBy: "Missing expected argument '<config>'").count - 1, 1, output)
    }
}
