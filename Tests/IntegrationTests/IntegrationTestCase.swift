import Foundation
import XCTest

/// Shared set-up of the tests that run the built executable: a scratch directory per
/// test, files in it, and the datasets of an output file.
class IntegrationTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dynsweep-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: ProcessRunner.executable) else {
            throw XCTSkip("dynsweep executable not built at \(ProcessRunner.executable); run `swift build -c release` first")
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `name` in the scratch directory and returns its path.
    func write(_ text: String, name: String = "config.toml") throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// Dataset paths in an HDF5 file, from `h5ls -r`.
    func datasets(in file: String) throws -> [String] {
        let r = try ProcessRunner.run("/usr/bin/h5ls", ["-r", file], timeout: 30)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].contains("Dataset") else { return nil }
            return String(parts[0])
        }
    }

    /// Runs `dynsweep run config` under `mpirun` on each rank count, writing `name<ranks>.h5`;
    /// asserts each exits 0 and returns the outputs with the runs' results, in order.
    func runOnRanks(_ rankCounts: ClosedRange<Int>, config: String, name: String, arguments: [String] = ["--quiet"],
                    file: StaticString = #filePath, line: UInt = #line) throws -> [(output: String, run: ProcessRunner.Result)] {
        try rankCounts.map { ranks in
            let output = path("\(name)\(ranks).h5")
            let r = try ProcessRunner.mpirun(ranks: ranks, ["run", config, "--output", output] + arguments)
            XCTAssertEqual(r.status, 0, "\(ranks) ranks: \(r.stderr)", file: file, line: line)
            return (output, r)
        }
    }

    /// For each (label, extra arguments, expected fragment): `dynsweep run config` with those
    /// arguments exits 2 with one line of stderr containing the fragment, in time, and
    /// writes neither the output nor its `.partial`.
    func assertRefusedInOneLine(config: String, _ cases: [(String, [String], String)],
                                file: StaticString = #filePath, line: UInt = #line) throws {
        for (label, extra, expected) in cases {
            let output = path("bad-\(label.replacingOccurrences(of: " ", with: "-")).h5")
            let r = try ProcessRunner.dynsweep(["run", config, "--quiet", "--output", output] + extra, timeout: 60)
            XCTAssertFalse(r.timedOut, label, file: file, line: line)
            XCTAssertEqual(r.status, 2, "\(label): status \(r.status), stderr: \(r.stderr)", file: file, line: line)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(label): expected one line, got: \(r.stderr)",
                           file: file, line: line)
            XCTAssertTrue(r.stderr.contains(expected), "\(label): \(r.stderr) should mention \(expected)", file: file, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), label, file: file, line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".partial"), label, file: file, line: line)
        }
    }

    /// Asserts that every output has the datasets of the first (the 1-rank run), h5diff-identical.
    func assertSameAsFirst(_ outputs: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        for (index, other) in outputs.enumerated().dropFirst() {
            try assertSameDatasets(outputs[0], other, "run 1 vs run \(index + 1) (\(other))", file: file, line: line)
        }
    }

    /// Asserts that every dataset of `a` is in `b` with the same values and attributes
    /// (h5diff); root attributes such as `ranks` and the times differ by design.
    func assertSameDatasets(_ a: String, _ b: String, _ label: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let names = try datasets(in: a)
        XCTAssertGreaterThan(names.count, 10, label, file: file, line: line)
        XCTAssertEqual(Set(try datasets(in: b)), Set(names), label, file: file, line: line)
        for name in names {
            let d = try ProcessRunner.run("/usr/bin/h5diff", [a, b, name, name], timeout: 30)
            XCTAssertEqual(d.status, 0, "\(label): \(name) differs: \(d.stdout)\(d.stderr)", file: file, line: line)
        }
    }
}
