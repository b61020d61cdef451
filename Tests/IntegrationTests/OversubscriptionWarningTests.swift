import Foundation
import XCTest

/// A run on more ranks than the node's cores says so once, on rank 0, even with --quiet;
/// a run that fits says nothing (issue 17: more ranks than cores are slower on tiny items).
final class OversubscriptionWarningTests: IntegrationTestCase {
    func testRanksBeyondTheCoresAreWarnedAboutOnce() throws {
        let cores = ProcessInfo.processInfo.processorCount
        guard cores <= 4 else {
            throw XCTSkip("\(cores) cores: oversubscribing them would start \(cores + 1) ranks, too many for a test")
        }
        let config = try write(EndToEndTests.smallConfig)
        let runs = try runOnRanks(cores...(cores + 1), config: config, name: "ranks")
        let warning = "ranks share this node's \(cores) core(s)"
        XCTAssertFalse(runs[0].run.stderr.contains(warning), runs[0].run.stderr)
        let over = runs[1].run.stdout + runs[1].run.stderr
        XCTAssertEqual(over.components(separatedBy: "\(cores + 1) " + warning).count - 1, 1, over)
    }
}
