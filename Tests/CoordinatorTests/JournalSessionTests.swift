@testable import Coordinator
import Foundation
import XCTest

/// The journal's life in a run, on the MPI singleton: a fresh run creates it, an
/// existing one needs --resume or --force, a resume restores the finished items (as keys
/// and as bit-exact outcomes), and damaged or foreign journals are refused with a line
/// that names the file and what to do.
final class JournalSessionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try CoordinatorTestSupport.scratchDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var output: String { directory.appendingPathComponent("run.h5").path }

    private func plan(seed: Int = 7) throws -> SweepPlan {
        try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "K = [1, 2]", realizations: 6, blocks: 3, seed: seed))
    }

    private func session(_ plan: SweepPlan, resume: Bool = false, force: Bool = false) throws -> JournalSession {
        JournalSession(plan: plan, communicator: try CoordinatorTestSupport.world(),
                       options: RunOptions(outputPath: output, force: force, quiet: true, resume: resume,
                                           provenance: [("dynsweep_version", "test"), ("git_commit", "abc")]),
                       log: RunLog(isRoot: true, quiet: true))
    }

    /// Journals `outcomes` as a work phase does.
    private func save(_ outcomes: [BlockOutcome], in session: JournalSession) throws {
        let writer = session.makeWriter()
        for outcome in outcomes { try writer.write(outcome) }
        try writer.finish()
    }

    /// The message of the `CollectiveFailure` that `body` throws (every rank gets it).
    private func refusal(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("expected a refusal", file: file, line: line)
        } catch let failure as CollectiveFailure {
            XCTAssertEqual(failure.exitCode, 2, "a refusal is the user's to fix", file: file, line: line)
            return failure.message
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return ""
    }

    func testFreshRunCreatesAJournalWithItsIdentity() throws {
        let plan = try plan()
        let session = try session(plan)
        let restored = try session.open()
        XCTAssertTrue(restored.finished.isEmpty)
        XCTAssertTrue(restored.outcomes.isEmpty)
        XCTAssertEqual(session.directory, output + ".journal")
        XCTAssertEqual(try Journal(outputPath: output).identity(), session.identity)
        XCTAssertEqual(session.savedCount, 0)
        session.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.directory))
    }

    func testResumeRestoresFinishedItemsBitForBit() throws {
        let plan = try plan()
        let first = try session(plan)
        _ = try first.open()
        let saved = [CoordinatorTestSupport.block(plan, point: 1, block: 2, diverged: 1),
                     CoordinatorTestSupport.block(plan, point: 0, block: 0)]
        try save(saved.map { .realizations($0) }, in: first)
        XCTAssertEqual(first.savedCount, 2)

        let restored = try session(plan, resume: true).open()
        XCTAssertEqual(restored.finished, [ItemKey(point: 1, block: 2), ItemKey(point: 0, block: 0)])
        XCTAssertEqual(restored.realizationsDone, 4)
        let back = restored.outcomes.compactMap { outcome -> RealizationBlockOutcome? in
            if case .realizations(let block) = outcome { return block } else { return nil }
        }.sorted { ($0.point, $0.block) < ($1.point, $1.block) }
        XCTAssertEqual(back.map(\.point), [0, 1])
        for (b, s) in zip(back, saved.reversed()) {
            XCTAssertEqual(CoordinatorTestSupport.bits(b.simulation), CoordinatorTestSupport.bits(s.simulation))
            XCTAssertEqual(CoordinatorTestSupport.bits(b.theory), CoordinatorTestSupport.bits(s.theory))
            XCTAssertEqual(b.diverged, s.diverged)
        }
    }

    func testExistingJournalNeedsResumeOrForce() throws {
        let plan = try plan()
        let first = try session(plan)
        _ = try first.open()
        try save([.realizations(CoordinatorTestSupport.block(plan, point: 0, block: 1))], in: first)

        let message = refusal { _ = try session(plan).open() }
        XCTAssertTrue(message.contains("holds 1 finished work item(s) of an interrupted run"), message)
        XCTAssertTrue(message.contains("--resume") && message.contains("--force"), message)

        let forced = try session(plan, force: true)
        XCTAssertTrue(try forced.open().finished.isEmpty)
        XCTAssertEqual(forced.savedCount, 0, "--force discards the old records")
    }

    func testDamagedRecordIsRefusedWithItsPath() throws {
        let plan = try plan()
        let first = try session(plan)
        _ = try first.open()
        try save([.realizations(CoordinatorTestSupport.block(plan, point: 1, block: 0))], in: first)
        let record = first.directory + "/" + Journal.recordName(point: 1, block: 0)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: record))
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: record))

        let message = refusal { _ = try session(plan, resume: true).open() }
        XCTAssertEqual(message, "journal record \(record) is truncated; delete it to recompute its work items, "
            + "or pass --force to start over")
    }

    func testRecordOfAnotherItemIsRefused() throws {
        let plan = try plan()
        let first = try session(plan)
        _ = try first.open()
        try save([.realizations(CoordinatorTestSupport.block(plan, point: 1, block: 0))], in: first)
        let from = first.directory + "/" + Journal.recordName(point: 1, block: 0)
        let to = first.directory + "/" + Journal.recordName(point: 0, block: 0)
        try FileManager.default.moveItem(atPath: from, toPath: to)

        let message = refusal { _ = try session(plan, resume: true).open() }
        XCTAssertTrue(message.contains("\(to) holds other items than its name says"), message)
    }

    func testJournalOfAnotherConfigIsRefused() throws {
        _ = try session(try plan(seed: 7)).open()
        let message = refusal { _ = try session(try plan(seed: 8), resume: true).open() }
        XCTAssertTrue(message.hasPrefix("cannot resume from \(output).journal: it was started with a different config"),
                      message)
        XCTAssertTrue(message.contains("`seed = 7`") && message.contains("`seed = 8`"), message)
    }

    func testResumeWithoutAJournalStartsFresh() throws {
        let restored = try session(try plan(), resume: true).open()
        XCTAssertTrue(restored.finished.isEmpty)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + ".journal/manifest"))
    }
}
