import Foundation
import XCTest

/// The journal's file system goes read-only in the middle of a 2-rank run (issue 17,
/// item 10: "read-only remount ... followed by MPI abort banners"). A tmpfs of our own is
/// remounted read-only once the journal holds a few records: each rank's next journal
/// write fails, the ranks agree on it and stop after their current item, rank 0 prints one
/// line (exit 75, as for a stop: the journal is intact) and no rank calls MPI_Abort.
/// Remounted writable, `--resume` finishes with the uninterrupted run's datasets.
final class ReadOnlyJournalTests: IntegrationTestCase {
    private var mountPoint: String?

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessRunner.mpirun != nil else { throw XCTSkip("mpirun is not installed") }
        let point = path("disk")
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: false)
        let mount = try ProcessRunner.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", point], timeout: 30)
        guard mount.status == 0 else {
            throw XCTSkip("this test mounts a tmpfs and remounts it read-only, which needs root and a mount-capable "
                + "container: " + mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        mountPoint = point
    }

    override func tearDownWithError() throws {
        if let mountPoint {
            _ = try? ProcessRunner.run("/bin/mount", ["-o", "remount,rw", mountPoint], timeout: 30)
            _ = try? ProcessRunner.run("/bin/umount", [mountPoint], timeout: 30)
        }
        try super.tearDownWithError()
    }

    func testReadOnlyJournalMidRunIsAgreedOnAndResumable() throws {
        let mountPoint = try XCTUnwrap(mountPoint)
        let config = try write(ResumeTests.config, name: "ro.toml")
        let reference = path("reference.h5")
        let uninterrupted = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", reference, "--quiet"])
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)

        let output = mountPoint + "/out.h5"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.mpirun ?? "/usr/bin/mpirun")
        process.arguments = ["--oversubscribe", "-np", "2", "-x", "OPENBLAS_NUM_THREADS", ProcessRunner.executable,
                             "run", config, "--output", output, "--quiet"]
        process.environment = ProcessRunner.childEnvironment()
        let errURL = directory.appendingPathComponent("ro-stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let records = { ((try? FileManager.default.contentsOfDirectory(atPath: output + ".journal")) ?? [])
            .filter { $0.hasSuffix(".rec") }.count }
        XCTAssertTrue(wait(timeout: 90) { records() >= 4 || !process.isRunning }, "no journal records")
        XCTAssertTrue(process.isRunning, "the run ended before the remount; the test needs a longer sweep")
        // A remount fails (EBUSY) while a file is open for writing: retry for a moment.
        var remounted = false
        for _ in 0..<200 where !remounted {
            remounted = try ProcessRunner.run("/bin/mount", ["-o", "remount,ro", mountPoint], timeout: 30).status == 0
            if !remounted { Thread.sleep(forTimeInterval: 0.01) }
        }
        XCTAssertTrue(remounted, "could not remount \(mountPoint) read-only")
        let saved = records()
        XCTAssertTrue(wait(timeout: 60) { !process.isRunning }, "the run did not stop after the remount")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()

        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 75, stderr)
        let lines = stderr.split(separator: "\n").filter { $0.hasPrefix("dynsweep") }
        XCTAssertEqual(lines.count, 1, stderr)
        XCTAssertTrue(lines.first?.contains("journal could not be written") ?? false, stderr)
        XCTAssertTrue(lines.first?.contains("--resume") ?? false, stderr)
        for banner in ["MPI_ABORT", "mpirun has exited", "Signal", "crashed", "rank 1"] {
            XCTAssertFalse(stderr.contains(banner), "\(banner) in \(stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "an output after a failed work phase")
        XCTAssertGreaterThanOrEqual(records(), saved, "records lost")

        let rw = try ProcessRunner.run("/bin/mount", ["-o", "remount,rw", mountPoint], timeout: 30)
        XCTAssertEqual(rw.status, 0, rw.stderr)
        // The stopped run could not remove its lock from the read-only disk. On a loaded
        // machine its rank 0 can outlive mpirun by a moment, and while it exists the lock is
        // rightly a live run's: resume once it is gone (the lock is then stale).
        let lock = (try? String(contentsOfFile: output + ".journal/lock", encoding: .utf8)) ?? ""
        let owner = lock.split(separator: "\n").first { $0.hasPrefix("pid") }
            .flatMap { Int32($0.split(separator: "=").last?.trimmingCharacters(in: .whitespaces) ?? "") }
        if let owner {
            XCTAssertTrue(wait(timeout: 30) { kill(owner, 0) != 0 || Self.isZombie(owner) }, "rank 0 did not exit")
        }
        let resumed = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet", "--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        try assertSameDatasets(reference, output, "resumed after the read-only remount")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".journal"))
    }

    /// Whether `pid` has exited and only awaits its parent (state Z in /proc/<pid>/stat).
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// Waits until `condition` holds, at most `timeout` seconds; false if it never did.
    private func wait(timeout: TimeInterval, for condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}
