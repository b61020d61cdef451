import Foundation
import XCTest

/// Interruptions at random moments lose nothing: a run killed (SIGKILL of one rank) or
/// stopped (SIGTERM to mpirun) and resumed on another number of ranks ends with a file
/// identical to the uninterrupted run's; damaged or foreign journals are refused with
/// the reason. Every wait is bounded.
final class ResumeTests: IntegrationTestCase {
    /// About 7 s on 2 ranks: 2 points x 24 realizations, one block each. Long enough that a
    /// SIGTERM sent to mpirun (which takes about 2 s to reach the ranks) lands mid-run.
    static let config = """
        [run]
        name = "resume"
        seed = 11
        realizations = 24
        blocks = 24

        [model]
        kind = "teacher_student"
        N = 400
        M = 3
        K = 3
        t_max = 100.0

        [sweep]
        eta = [0.3, 0.6]

        [record]
        points = 12
        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessRunner.mpirun != nil else { throw XCTSkip("mpirun is not installed") }
    }

    func writeConfig(_ text: String = ResumeTests.config, name: String = "resume.toml") throws -> String {
        try write(text, name: name)
    }

    func records(_ output: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: output + ".journal")) ?? [])
            .filter { $0.hasSuffix(".rec") }.count
    }

    /// Starts `mpirun -np ranks dynsweep run ...` without waiting.
    func start(ranks: Int, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.mpirun ?? "/usr/bin/mpirun")
        process.arguments = ["--oversubscribe", "-np", String(ranks), ProcessRunner.executable] + arguments
        process.environment = ProcessRunner.childEnvironment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `condition` holds, at most `timeout` seconds; false if it never did.
    func wait(timeout: TimeInterval, for condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    /// Direct children of `pid` (the ranks mpirun started on this node).
    func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }

    func testInterruptedAtFiveMomentsAndResumedOnOtherRankCounts() throws {
        let config = try writeConfig()
        let reference = path("reference.h5")
        let r = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", reference, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)

        // (records to wait for, how to interrupt, ranks to resume on). SIGKILL of a rank acts at
        // once; mpirun passes SIGTERM on about 2 s later, so those moments come earlier.
        let moments: [(Int, String, Int)] = [(1, "kill-rank", 1), (6, "term", 3), (14, "term", 1),
                                             (25, "kill-rank", 3), (36, "kill-rank", 2)]
        for (index, (after, how, resumeRanks)) in moments.enumerated() {
            let output = path("run\(index).h5")
            let label = "moment \(index): after \(after) records, \(how), resume on \(resumeRanks) rank(s)"
            let process = try start(ranks: 2, ["run", config, "--output", output, "--quiet"])
            XCTAssertTrue(wait(timeout: 90) { records(output) >= after || !process.isRunning }, label)
            if process.isRunning {
                if how == "term" {
                    process.terminate()
                } else if let rank = children(of: process.processIdentifier).last {
                    kill(rank, SIGKILL)
                } else {
                    kill(process.processIdentifier, SIGKILL)
                }
            }
            if !wait(timeout: 60, for: { !process.isRunning }) {
                kill(process.processIdentifier, SIGKILL)
                XCTFail("\(label): mpirun did not stop within 60 s")
            }
            process.waitUntilExit()
            let saved = records(output)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(label): a stopped run left a final file")
            let resumed = try ProcessRunner.mpirun(ranks: resumeRanks, ["run", config, "--output", output, "--quiet",
                                                                       "--resume"])
            XCTAssertEqual(resumed.status, 0, "\(label) (\(saved) records saved): \(resumed.stderr)")
            try assertSameDatasets(reference, output, label)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".journal"), "\(label): journal left behind")
        }
    }

    /// A journal from a run stopped by SIGTERM (status 75 from dynsweep).
    func stoppedRun(_ output: String, config: String) throws {
        let process = try start(ranks: 2, ["run", config, "--output", output, "--quiet"])
        XCTAssertTrue(wait(timeout: 90) { records(output) >= 3 || !process.isRunning })
        process.terminate()
        XCTAssertTrue(wait(timeout: 60) { !process.isRunning })
        process.waitUntilExit()
        XCTAssertGreaterThanOrEqual(records(output), 3)
    }

    func testDamagedAndForeignJournalsAreRefusedWithTheReason() throws {
        let config = try writeConfig()
        let output = path("stopped.h5")
        try stoppedRun(output, config: config)
        let journal = output + ".journal"
        let fm = FileManager.default

        // Without --resume: refused, the journal is kept.
        var r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--resume"), r.stderr)

        // Another config (an edited file, or --resume pointed at another run's output).
        r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--resume", "--set", "model.N=300"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("different config") && r.stderr.contains("N = 300"), r.stderr)
        let other = try writeConfig(ResumeTests.config.replacingOccurrences(of: "seed = 11", with: "seed = 12"),
                                    name: "other.toml")
        r = try ProcessRunner.dynsweep(["run", other, "--output", output, "--quiet", "--resume"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("different config") && r.stderr.contains("seed"), r.stderr)

        // Another build: the manifest holds the stamp compiled into this binary, and resume compares it.
        let manifestPath = journal + "/manifest"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let version = try ProcessRunner.dynsweep(["--version"], timeout: 30).stdout
        let stamp = version.split(separator: "(").last.map { String($0.prefix { $0 != ")" }) } ?? ""
        XCTAssertTrue(manifest.contains("\ngit_commit = \(stamp)\n"), "\(version)\n\(manifest)")
        try manifest.replacingOccurrences(of: "\ngit_commit = \(stamp)\n", with: "\ngit_commit = 0123456789ab\n")
            .write(toFile: manifestPath, atomically: false, encoding: .utf8)
        r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--resume"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("(0123456789ab)") && r.stderr.contains("(\(stamp))"), r.stderr)
        try manifest.write(toFile: manifestPath, atomically: false, encoding: .utf8)

        // A truncated record and a record with a changed byte.
        let names = try fm.contentsOfDirectory(atPath: journal).filter { $0.hasSuffix(".rec") }.sorted()
        let victim = journal + "/" + names[0]
        let original = try Data(contentsOf: URL(fileURLWithPath: victim))
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: victim))
        r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--resume"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(names[0]) && r.stderr.contains("truncated"), r.stderr)
        var flipped = original
        flipped[flipped.count / 2] ^= 0x40
        try flipped.write(to: URL(fileURLWithPath: victim))
        r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--resume"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(names[0]) && r.stderr.contains("checksum"), r.stderr)
        XCTAssertFalse(fm.fileExists(atPath: output))

        // Repaired, it resumes; --force discards a journal and starts over.
        try original.write(to: URL(fileURLWithPath: victim))
        r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--resume"], timeout: 180)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(fm.fileExists(atPath: journal))
    }

    func testSigtermExitsWith75AndSaysHowToResume() throws {
        let config = try writeConfig()
        let output = path("term.h5")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.executable)
        process.arguments = ["run", config, "--output", output, "--quiet"]
        process.environment = ProcessRunner.childEnvironment()
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        XCTAssertTrue(wait(timeout: 90) { records(output) >= 2 || !process.isRunning })
        process.terminate()
        XCTAssertTrue(wait(timeout: 60) { !process.isRunning })
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 75)
        let message = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertTrue(message.contains("SIGTERM") && message.contains("--resume"), message)
    }
}
