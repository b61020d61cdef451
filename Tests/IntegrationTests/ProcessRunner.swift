import Foundation
import XCTest

/// Runs the built `dynsweep` executable (directly or under mpirun) with a timeout,
/// capturing output through files rather than pipes: a singleton MPI process's forked
/// daemon inherits pipe descriptors, and tests that read pipes then hang.
struct ProcessRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        let timedOut: Bool
    }

    /// The directory of the test bundle's build products, which holds `dynsweep` too.
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// `dynsweep` of this build: $DYNSWEEP_BIN, or beside the test bundle.
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["DYNSWEEP_BIN"] { return path }
        var dir = productsDirectory
        // The xctest bundle may be a directory (dynsweepPackageTests.xctest/...).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("dynsweep").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return productsDirectory.appendingPathComponent("dynsweep").path
    }

    static var mpirun: String? {
        for path in ["/usr/bin/mpirun", "/usr/local/bin/mpirun"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return nil
    }

    /// The environment for spawned processes. An MPI singleton initialized earlier in this
    /// test process (the Output tests) exported its job's OMPI_/PMIX_ variables; a child
    /// that inherits them tries to join that job instead of starting its own.
    static func childEnvironment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !["OMPI_", "PMIX_", "OPAL_", "ORTE_", "PMI_"].contains { key.hasPrefix($0) }
        }
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        env["OPENBLAS_NUM_THREADS"] = "1"
        return env
    }

    /// Runs `arguments` with `executable` and waits at most `timeout` seconds (then kills it).
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120,
                    environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("dynsweep-proc-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = childEnvironment()
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                      timedOut: timedOut)
    }

    /// `dynsweep ARGS`, as a single process.
    static func dynsweep(_ arguments: [String], timeout: TimeInterval = 120) throws -> Result {
        try run(executable, arguments, timeout: timeout)
    }

    /// `mpirun -np RANKS dynsweep ARGS`, with `environment` added and exported to every rank.
    static func mpirun(ranks: Int, _ arguments: [String], timeout: TimeInterval = 180,
                       environment: [String: String] = [:]) throws -> Result {
        guard let mpirun else { throw XCTSkip("mpirun is not installed") }
        let exports = environment.keys.sorted().flatMap { ["-x", $0] }
        return try run(mpirun, ["--oversubscribe", "-np", String(ranks), "-x", "OPENBLAS_NUM_THREADS"] + exports
            + [executable] + arguments, timeout: timeout, environment: environment)
    }
}
