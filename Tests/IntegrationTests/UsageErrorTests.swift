import Foundation
import XCTest

/// Usage errors are found before MPI starts, on every rank; only the first rank of a
/// launched job prints them (issue 17, item 10), and every rank exits with the status.
final class UsageErrorTests: IntegrationTestCase {
    func testAUsageErrorUnderMpirunIsPrintedOnce() throws {
        let r = try ProcessRunner.mpirun(ranks: 3, ["run", "--no-such-option"], timeout: 60)
        XCTAssertFalse(r.timedOut)
        XCTAssertNotEqual(r.status, 0)
        let output = r.stdout + r.stderr
        XCTAssertEqual(output.components(separatedBy: "Unknown option '--no-such-option'").count - 1, 1, output)
    }
}
