import Foundation
import XCTest

/// A full disk at the final write (issue 17, item 1): on an 11 MB tmpfs, a sweep whose
/// file needs about 9.5 MB beside its 9 MB journal. The pre-flight free-space check
/// refuses it before any work; with the checks skipped (as when another process fills
/// the disk), the disk fills up during the write. Either way 1 and 2 ranks end within a
/// minute with exit status 2 and one line naming the space, no MPI_Abort banner and no
/// .partial (after a failed write, the journal is kept); with space freed, --resume
/// writes the same datasets as an uninterrupted run.
final class FullDiskTests: IntegrationTestCase {
    private static let config = """
        [run]
        name = "fulldisk"
        seed = 7
        realizations = 200

        [model]
        kind = "teacher_student"
        N = 50
        M = 2
        t_max = 10.0

        [sweep]
        K = [1, 2, 3]

        [record]
        points = 60
        spacing = "log"
        """

    private var mountPoint: String?

    override func setUpWithError() throws {
        try super.setUpWithError()
        let point = path("disk")
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: false)
        let mount = try ProcessRunner.run("/bin/mount", ["-t", "tmpfs", "-o", "size=11m", "tmpfs", point], timeout: 30)
        guard mount.status == 0 else {
            throw XCTSkip("this test mounts an 11 MB tmpfs, which needs root and a mount-capable container: "
                + mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        mountPoint = point
    }

    override func tearDownWithError() throws {
        if let mountPoint { _ = try? ProcessRunner.run("/bin/umount", [mountPoint], timeout: 30) }
        try super.tearDownWithError()
    }

    func testNotEnoughSpaceIsRefusedBeforeTheSweep() throws {
        try checkFullDisk(ranks: [1, 2], skipSpaceCheck: false, expected: "MB free; free space")
    }

    func testDiskFillingUpDuringTheWriteIsAgreedOnAndResumable() throws {
        try checkFullDisk(ranks: [1, 2], skipSpaceCheck: true, expected: "the disk is full")
    }

    /// For each rank count: the run on the small disk fails as described above, then
    /// --resume on a larger disk completes with the reference's datasets.
    private func checkFullDisk(ranks: [Int], skipSpaceCheck: Bool, expected: String) throws {
        let mountPoint = try XCTUnwrap(mountPoint)
        let config = try write(Self.config)
        let reference = path("reference.h5")
        let uninterrupted = try ProcessRunner.run(ProcessRunner.executable,
                                                  ["run", config, "--output", reference, "--keep-realizations", "--quiet"],
                                                  timeout: 120)
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)
        let output = mountPoint + "/out.h5"
        for n in ranks {
            let label = "\(n) rank(s), space check \(skipSpaceCheck ? "skipped" : "on")"
            let started = Date()
            let run = try runDynsweep(ranks: n, ["run", config, "--output", output, "--keep-realizations", "--quiet"],
                                      skipSpaceCheck: skipSpaceCheck)
            XCTAssertFalse(run.timedOut, "\(label): hung")
            XCTAssertLessThan(Date().timeIntervalSince(started), 60, label)
            XCTAssertEqual(run.status, 2, "\(label): \(run.stderr)")
            let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("dynsweep") }
            XCTAssertEqual(lines.count, 1, "\(label): \(run.stderr)")
            XCTAssertTrue(lines.first?.contains(expected) ?? false, "\(label): \(run.stderr)")
            XCTAssertTrue(lines.first?.contains("--resume") ?? false, "\(label): \(run.stderr)")
            for banner in ["MPI_ABORT", "mpirun has exited", "Signal", "crashed"] {
                XCTAssertFalse(run.stderr.contains(banner), "\(label): \(banner) in \(run.stderr)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".partial"), "\(label): .partial left")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), label)
            // Refused up front, nothing was started; failed at the write, the work is saved.
            XCTAssertEqual(FileManager.default.fileExists(atPath: output + ".journal/manifest"), skipSpaceCheck,
                           "\(label): journal")

            try remount(mountPoint, size: "40m")
            let resumed = try runDynsweep(ranks: n, ["run", config, "--output", output, "--keep-realizations",
                                                     "--quiet", "--resume"], skipSpaceCheck: false)
            XCTAssertEqual(resumed.status, 0, "\(label), resumed: \(resumed.stderr)")
            try assertSameDatasets(reference, output, "\(label), resumed")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".journal"), label)
            try FileManager.default.removeItem(atPath: output)
            try remount(mountPoint, size: "11m")
        }
    }

    /// `dynsweep ARGS` as one process (an MPI singleton) or under `mpirun -np ranks`.
    private func runDynsweep(ranks: Int, _ arguments: [String], skipSpaceCheck: Bool) throws -> ProcessRunner.Result {
        let environment = ["DYNSWEEP_SKIP_SPACE_CHECK": skipSpaceCheck ? "1" : "0"]
        if ranks == 1 {
            return try ProcessRunner.run(ProcessRunner.executable, arguments, timeout: 90, environment: environment)
        }
        guard let mpirun = ProcessRunner.mpirun else { throw XCTSkip("mpirun is not installed") }
        return try ProcessRunner.run(mpirun, ["--oversubscribe", "-np", String(ranks), "-x", "OPENBLAS_NUM_THREADS",
                                              "-x", "DYNSWEEP_SKIP_SPACE_CHECK", ProcessRunner.executable] + arguments,
                                     timeout: 90, environment: environment)
    }

    private func remount(_ point: String, size: String) throws {
        let r = try ProcessRunner.run("/bin/mount", ["-o", "remount,size=\(size)", point], timeout: 30)
        XCTAssertEqual(r.status, 0, "remount \(size): \(r.stderr)")
    }
}
