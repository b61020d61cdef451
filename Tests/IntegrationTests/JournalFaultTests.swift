import Foundation
import XCTest

/// The journal under faults: a stop is obeyed within a bounded time whatever is queued
/// (many tiny items, on 1 and 2 ranks), and two live runs on one output cannot both
/// proceed, while a run that is gone (SIGKILL) leaves a stale lock a resume takes over.
final class JournalFaultTests: IntegrationTestCase {
    /// Small items: one realization of a 50-input student to alpha 10 per point (about
    /// 1 ms each), so that items finish several times faster than a record can be fsynced,
    /// and 30,000 of them last far longer than the test waits.
    static func smallConfig(points: Int) -> String {
        """
        [run]
        name = "tiny"
        seed = 1
        realizations = 1

        [model]
        kind = "teacher_student"
        N = 50
        M = 2
        K = 2
        t_max = 10.0

        [sweep]
        eta = { linear = [0.1, 1.0, \(points)] }

        [record]
        points = 2
        spacing = "linear"

        [theory]
        enabled = false
        """
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessRunner.mpirun != nil else { throw XCTSkip("mpirun is not installed") }
    }

    /// Starts dynsweep on `ranks` ranks (directly for 1, under mpirun otherwise) with
    /// standard error to the file `stderr`.
    func start(ranks: Int, _ arguments: [String], stderr: String) throws -> Process {
        let process = Process()
        if ranks == 1 {
            process.executableURL = URL(fileURLWithPath: ProcessRunner.executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: ProcessRunner.mpirun ?? "/usr/bin/mpirun")
            process.arguments = ["--oversubscribe", "-np", String(ranks), ProcessRunner.executable] + arguments
        }
        process.environment = ProcessRunner.childEnvironment()
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The dynsweep processes of a started run: itself, or mpirun's children.
    func ranks(of process: Process, count: Int) -> [Int32] {
        guard count > 1 else { return [process.processIdentifier] }
        let pid = process.processIdentifier
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }

    func wait(timeout: TimeInterval, for condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    func journalItems(_ output: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: output + ".journal")) ?? [])
            .filter { $0.hasSuffix(".rec") && !$0.hasPrefix(".") }.count
    }

    /// 30,000 small items (far more than can be fsynced in the run's first seconds): SIGTERM
    /// to the ranks after 3 s must end the run with status 75 within 5 s, with no output
    /// written, on 1 and on 2 ranks. The old unbounded queue went on fsyncing for a minute
    /// and then wrote the whole file with status 0.
    func testStopIsObeyedWithinFiveSecondsWhateverIsQueued() throws {
        let config = try write(Self.smallConfig(points: 30_000), name: "small.toml")
        for rankCount in [1, 2] {
            let output = path("stop\(rankCount).h5"), log = path("stop\(rankCount).err")
            let process = try start(ranks: rankCount, ["run", config, "--output", output, "--quiet"], stderr: log)
            XCTAssertTrue(wait(timeout: 60) { journalItems(output) >= 1 || !process.isRunning }, "\(rankCount) rank(s)")
            Thread.sleep(forTimeInterval: 3)
            XCTAssertTrue(process.isRunning, "\(rankCount) rank(s): the sweep ended before the signal")
            let signalled = Date()
            for pid in ranks(of: process, count: rankCount) { kill(pid, SIGTERM) }
            let stopped = wait(timeout: 5) { !process.isRunning }
            let latency = Date().timeIntervalSince(signalled)
            if !stopped {
                for pid in ranks(of: process, count: rankCount) { kill(pid, SIGKILL) }
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            XCTAssertTrue(stopped, "\(rankCount) rank(s): still running 5 s after SIGTERM")
            XCTAssertEqual(process.terminationStatus, 75, "\(rankCount) rank(s): \(message)")
            XCTAssertTrue(message.contains("stopped by SIGTERM"), message)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(rankCount) rank(s): output written")
            print("stop on \(rankCount) rank(s) took \(String(format: "%.2f", latency)) s")
        }
    }

    /// A journal of batch files (many small items per file) resumes on another rank count
    /// to the same datasets as an uninterrupted run: group commit changes how records are
    /// stored, never what is merged.
    func testJournalOfBatchesResumesToTheSameFile() throws {
        let config = try write(Self.smallConfig(points: 3000), name: "batches.toml")
        let reference = path("reference.h5")
        let r = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", reference, "--quiet"], timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        let output = path("batches.h5")
        let process = try start(ranks: 1, ["run", config, "--output", output, "--quiet"], stderr: path("batches.err"))
        let batchFile = {
            ((try? FileManager.default.contentsOfDirectory(atPath: output + ".journal")) ?? [])
                .contains { $0.contains("-n") && $0.hasSuffix(".rec") && !$0.hasPrefix(".") }
        }
        XCTAssertTrue(wait(timeout: 60) { batchFile() || !process.isRunning })
        XCTAssertTrue(process.isRunning, "the run ended before a batch file was written")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(batchFile())
        let resumed = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet", "--resume"],
                                               timeout: 120)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        try assertSameDatasets(reference, output, "resumed from batch files")
    }

    /// A run of about 25 s on one rank (4 points x 12 blocks of a 300-input student).
    static let slowConfig = """
        [run]
        name = "lock"
        seed = 5
        realizations = 12
        blocks = 12

        [model]
        kind = "teacher_student"
        N = 300
        M = 2
        K = 2
        t_max = 150.0

        [sweep]
        eta = [0.2, 0.4, 0.6, 0.8]

        [record]
        points = 8
        """

    /// While a run writes an output, a second run on it (with --resume, as the Slurm
    /// script always passes, or with --force) is refused in one line naming the owner,
    /// and the first completes; a run that was SIGKILLed leaves a stale lock that
    /// --resume takes over.
    func testTwoLiveRunsOnOneOutputCannotBothProceed() throws {
        let config = try write(Self.slowConfig, name: "lock.toml")
        let output = path("shared.h5"), firstLog = path("first.err")
        let first = try start(ranks: 1, ["run", config, "--output", output, "--quiet"], stderr: firstLog)
        XCTAssertTrue(wait(timeout: 60) { journalItems(output) >= 1 || !first.isRunning })
        XCTAssertTrue(first.isRunning, "the first run ended before the second started")
        for flag in ["--resume", "--force"] {
            XCTAssertTrue(first.isRunning, "\(flag): the first run ended before the second started")
            let second = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet", flag],
                                                  timeout: 60)
            XCTAssertEqual(second.status, 2, "\(flag): \(second.stderr)")
            let lines = second.stderr.split(separator: "\n").filter { $0.contains("dynsweep") }
            XCTAssertEqual(lines.count, 1, "\(flag): \(second.stderr)")
            XCTAssertTrue(second.stderr.contains("another run") && second.stderr.contains("pid \(first.processIdentifier)"),
                          "\(flag): \(second.stderr)")
        }
        XCTAssertTrue(wait(timeout: 120) { !first.isRunning })
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0, (try? String(contentsOfFile: firstLog, encoding: .utf8)) ?? "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".journal"))

        // SIGKILL leaves the lock; its owner is gone, so a resume takes it over and finishes.
        let killed = path("killed.h5")
        let victim = try start(ranks: 1, ["run", config, "--output", killed, "--quiet"], stderr: path("victim.err"))
        XCTAssertTrue(wait(timeout: 60) { journalItems(killed) >= 2 || !victim.isRunning })
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: killed + ".journal/lock"))
        let resumed = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", killed, "--resume"], timeout: 120)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("taking over") && resumed.stderr.contains("pid \(victim.processIdentifier)"),
                      resumed.stderr)
        try assertSameDatasets(output, killed, "resumed after SIGKILL")
    }
}
