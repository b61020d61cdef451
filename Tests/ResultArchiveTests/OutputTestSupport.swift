import Foundation
import MPIShim
@testable import ResultArchive
import SweepDataset
import XCTest

/// Shared pieces of the output tests: the MPI singleton, scratch directories, a small
/// but complete `SweepResult`, and a python3 runner with a time limit.
enum OutputTestSupport {
    /// The world communicator (MPI is initialized once per process and never finalized
    /// by the tests: it cannot be re-initialized).
    static func world() throws -> Communicator { try MPIEnvironment.initialize() }

    /// A new empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dynsweep-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A sweep over (eta, activation) at 4 points: `time` with 3 samples, an observable
    /// `Q_mean` with two extra axes (student_i, student_j), a per-point integer `count`,
    /// and root attributes of every kind.
    static func sampleResult() -> SweepResult {
        let points = 4, times = 3, k = 2
        let q = (0..<(points * times * k * k)).map { Double($0) * 0.25 - 3.0 }
        let eps = (0..<(points * times)).map { 1.0 / Double($0 + 1) }
        return SweepResult(
            dimensions: [
                .init(name: "point", size: points),
                .init(name: "time", size: times),
                .init(name: "student_i", size: k),
                .init(name: "student_j", size: k),
            ],
            coordinates: [
                .init(name: "point", dimensions: ["point"], values: .int([0, 1, 2, 3])),
                .init(name: "time", dimensions: ["time"], values: .double([0, 0.5, 1.25]),
                      attributes: [("units", .string("steps/N"))]),
                .init(name: "student_i", dimensions: ["student_i"], values: .int([0, 1])),
                .init(name: "student_j", dimensions: ["student_j"], values: .int([0, 1])),
                .init(name: "eta", dimensions: ["point"], values: .double([0.1, 0.1, 0.5, 0.5]),
                      attributes: [("long_name", .string("learning rate"))]),
                .init(name: "activation", dimensions: ["point"], values: .string(["erf", "relu", "erf", "ρelu"])),
            ],
            data: [
                .init(name: "Q_mean", dimensions: ["point", "time", "student_i", "student_j"], values: .double(q),
                      attributes: [("long_name", .string("student-student overlap")), ("realizations", .int(8))]),
                .init(name: "eps_mean", dimensions: ["point", "time"], values: .double(eps)),
                .init(name: "count", dimensions: ["point"], values: .int([8, 8, 7, 8])),
            ],
            attributes: [
                ("model", .string("teacher_student")),
                ("seed", .int(1234)),
                ("wall_seconds", .double(12.5)),
                ("eta_grid", .doubles([0.1, 0.5])),
                ("config", .string("[sweep]\neta = [0.1, 0.5]\n")),
            ])
    }

    /// Whether python3 can import xarray and h5netcdf.
    static func pythonHasXarray() -> Bool {
        (try? runPython("import xarray, h5netcdf").status) == 0
    }

    /// Runs `python3 -c script`, output captured through a file (a pipe can be held open
    /// by MPI's helper processes), terminated after `timeout` seconds.
    static func runPython(_ script: String, timeout: TimeInterval = 60) throws -> (status: Int32, output: String) {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("python.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw OutputTestFailure(message: "python3 did not finish within \(timeout) s: \(output)")
        }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// A failure of the test machinery itself (e.g. a child process that hung).
struct OutputTestFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
