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
