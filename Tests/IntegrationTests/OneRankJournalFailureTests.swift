import Foundation
import XCTest

/// A journal write that fails on one rank only (issue 17: "an error on any rank ... is
/// agreed"). A full disk or a read-only remount reaches every rank of a node at once
/// (ReadOnlyJournalTests), so one rank's failure is injected with the test-only variable
/// DYNSWEEP_TEST_JOURNAL_FAILURE=RANK:AFTER: that rank's writes fail after AFTER batch
/// files. Whichever rank it is (1, which asks for work, or 0, which hands it out), the
/// ranks must agree on it: one line from rank 0 (the failing rank's message), exit 75
/// (resumable, as for a stop), no hang (a timeout) and no MPI abort banner; and
/// `--resume` must finish with the uninterrupted run's datasets.
final class OneRankJournalFailureTests: IntegrationTestCase {
    private static let variable = "DYNSWEEP_TEST_JOURNAL_FAILURE"

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessRunner.mpirun != nil else { throw XCTSkip("mpirun is not installed") }
    }

    func testOneRankJournalFailureIsAgreedOnAndResumable() throws {
        // 48 items of about 0.15 s (ResumeTests.config): each rank writes one batch file
        // per item or two, so both have journaled some before the failure.
        let config = try write(ResumeTests.config, name: "one-rank.toml")
        let reference = path("reference.h5")
        let uninterrupted = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", reference, "--quiet"])
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)

        for failingRank in [1, 0] {
            let label = "rank \(failingRank) failing"
            let output = path("out\(failingRank).h5")
            let failed = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet"],
                                                  timeout: 90, environment: [Self.variable: "\(failingRank):2"])
            XCTAssertFalse(failed.timedOut, "\(label): the run hung: \(failed.stderr)")
            XCTAssertEqual(failed.status, 75, "\(label): \(failed.stderr)")
            // dynsweep's own lines; mpirun adds its usual note that a process exited with a
            // non-zero status, which is not an abort (the banners below are).
            let lines = failed.stderr.split(separator: "\n").filter { $0.hasPrefix("dynsweep") }
            XCTAssertEqual(lines.count, 1, "\(label): \(failed.stderr)")
            let line = lines.first.map(String.init) ?? ""
            XCTAssertTrue(line.contains("journal could not be written"), "\(label): \(line)")
            XCTAssertTrue(line.contains("failure injected by \(Self.variable)"), "\(label): \(line)")
            XCTAssertTrue(line.contains("--resume"), "\(label): \(line)")
            for banner in ["MPI_ABORT", "MPI_Abort", "mpirun has exited", "Signal", "crashed", "rank 1"] {
                XCTAssertFalse(failed.stderr.contains(banner), "\(label): \(banner) in \(failed.stderr)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(label): an output after a failed work phase")
            let records = ((try? FileManager.default.contentsOfDirectory(atPath: output + ".journal")) ?? [])
                .filter { $0.hasSuffix(".rec") }.count
            XCTAssertGreaterThan(records, 0, "\(label): nothing journaled before the failure")

            let resumed = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet", "--resume"])
            XCTAssertEqual(resumed.status, 0, "\(label): \(resumed.stderr)")
            try assertSameDatasets(reference, output, "\(label), resumed")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".journal"), label)
        }
    }
}
