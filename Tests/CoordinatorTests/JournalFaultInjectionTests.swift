@testable import Coordinator
import Foundation
import SweepStatistics
import XCTest

/// The test-only journal fault (`DYNSWEEP_TEST_JOURNAL_FAILURE=RANK:AFTER`): it names one
/// rank, anything malformed is ignored, and a writer given it keeps its first AFTER batch
/// files and then fails as on a full disk, without losing what it wrote before.
final class JournalFaultInjectionTests: XCTestCase {
    func testTheVariableNamesOneRankAndMalformedValuesAreIgnored() {
        let variable = JournalFaultInjection.variable
        XCTAssertEqual(JournalFaultInjection.forRank(1, environment: [variable: "1:3"]),
                       JournalFaultInjection(failingAfter: 3))
        XCTAssertNil(JournalFaultInjection.forRank(0, environment: [variable: "1:3"]))
        XCTAssertNil(JournalFaultInjection.forRank(1, environment: [:]))
        for malformed in ["", "1", "1:", ":3", "1:-1", "a:b", "1:2:3", "1 :2"] {
            XCTAssertNil(JournalFaultInjection.forRank(1, environment: [variable: malformed]), malformed)
        }
    }

    func testWriterFailsAfterItsBatchesAndKeepsThem() throws {
        let journal = Journal(outputPath: NSTemporaryDirectory() + "journal-fault-\(getpid()).h5")
        try FileManager.default.createDirectory(atPath: journal.directory, withIntermediateDirectories: true)
        defer { journal.remove() }
        let writer = JournalWriter(journal: journal, limits: .init(items: 1, bytes: 1 << 20),
                                   fault: JournalFaultInjection(failingAfter: 2))
        var thrown: Error?
        for i in 0..<20 {
            let outcome = BlockOutcome.realizations(RealizationBlockOutcome(
                point: i, block: 0, firstRealization: 0, simulation: MomentAccumulator(length: 1),
                theory: MomentAccumulator(length: 0), diverged: 0, rows: []))
            do { try writer.write(outcome) } catch {
                thrown = error
                break
            }
        }
        var finished: Error?
        do { try writer.finish() } catch { finished = error }
        let message = "\(thrown ?? finished ?? CoordinatorError("no error"))"
        XCTAssertTrue(message.contains("failure injected by \(JournalFaultInjection.variable)"), message)
        XCTAssertEqual(journal.recordNames().count, 2, "the batches before the fault are kept")
    }
}
