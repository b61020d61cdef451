import Foundation
import XCTest

/// Output paths are user input: every spelling is resolved and checked before any work,
/// in `validate` too, and refused in one line with exit status 2, never a crash; and
/// `plot --force` overwrites only a figure it wrote itself (issue 17, items 3, 5 and 6).
final class OutputPathTests: IntegrationTestCase {
    private static let tinyConfig = """
        [run]
        name = "paths"
        realizations = 1

        [model]
        kind = "teacher_student"
        N = 20
        t_max = 1.0

        [record]
        points = 3
        """

    private func dynsweep(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.executable, arguments, timeout: 60, directory: directory)
    }

    /// The scratch directory holds nothing but the config and what `keep` names.
    private func assertNothingWritten(besides keep: Set<String> = [], _ label: String) throws {
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)).subtracting(keep)
        XCTAssertEqual(left, ["config.toml"], "\(label): left \(left.sorted())")
    }

    func testDirectorySpellingsEmptyAndDashAreRefusedBeforeAnyWork() throws {
        let config = try write(Self.tinyConfig)
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        let refused: [(String, String)] = [
            (".", "is a directory"), ("./", "is a directory"), ("sub/", "is a directory"), ("sub", "is a directory"),
            ("", "is empty"), (" ", "is empty"), ("-", "not standard output"), ("missing/x.h5", "does not exist"),
            (config, "is the input"),
        ]
        for (output, reason) in refused {
            for force in [false, true] {
                let r = try dynsweep(["run", config, "-q", "--output", output] + (force ? ["--force"] : []))
                XCTAssertEqual(r.status, 2, "[\(output)] \(r.stderr)")
                XCTAssertTrue(r.stderr.contains(reason), "[\(output)] \(r.stderr)")
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "[\(output)] one line: \(r.stderr)")
                try assertNothingWritten(besides: ["sub"], "[\(output)]")
            }
        }
    }

    func testShortRelativeNamesWorkAndValidateChecksTheConfiguredOutput() throws {
        let config = try write(Self.tinyConfig)
        let r = try dynsweep(["run", config, "-q", "--output", "x"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("x")))
        let set = try dynsweep(["run", config, "-q", "--set", "run.output=\"q\""])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("q")))

        let bad = try dynsweep(["validate", config, "--set", "run.output=\"nowhere/q.h5\""])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("directory nowhere does not exist"), bad.stderr)
        let dot = try dynsweep(["validate", config, "--set", "run.output=\".\""])
        XCTAssertEqual(dot.status, 2, dot.stderr)
        XCTAssertTrue(dot.stderr.contains("is a directory"), dot.stderr)
    }

    func testPlotNeverOverwritesTheResultOrAFileItDidNotWrite() throws {
        let config = try write(Self.tinyConfig)
        XCTAssertEqual(try dynsweep(["run", config, "-q", "--output", "r.h5"]).status, 0)
        XCTAssertEqual(try dynsweep(["run", config, "-q", "--output", "other.h5"]).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path("r.h5")))

        let onto = try dynsweep(["plot", "r.h5", "--output", "r.h5", "--force"])
        XCTAssertEqual(onto.status, 2, onto.stderr)
        XCTAssertTrue(onto.stderr.contains("is the input"), onto.stderr)
        let ontoOther = try dynsweep(["plot", "r.h5", "--output", "other.h5", "--force"])
        XCTAssertEqual(ontoOther.status, 2, ontoOther.stderr)
        XCTAssertTrue(ontoOther.stderr.contains("not a figure written by dynsweep plot"), ontoOther.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("r.h5"))), before, "the result is untouched")
        XCTAssertEqual(try datasets(in: path("other.h5")).isEmpty, false, "other.h5 is still a result")

        XCTAssertEqual(try dynsweep(["plot", "r.h5", "--output", "fig.svg"]).status, 0)
        let again = try dynsweep(["plot", "r.h5", "--output", "fig.svg", "--force"])
        XCTAssertEqual(again.status, 0, "a figure of its own is replaced: \(again.stderr)")
    }

    func testResumeOfAFinishedRunSaysSoAndADirectoryIsNoConfig() throws {
        let config = try write(Self.tinyConfig)
        XCTAssertEqual(try dynsweep(["run", config, "-q", "--output", "r.h5"]).status, 0)
        let again = try dynsweep(["run", config, "-q", "--output", "r.h5", "--resume"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("already complete"), again.stdout)
        let other = try dynsweep(["run", config, "-q", "--output", "r.h5", "--resume", "--set", "model.eta=0.3"])
        XCTAssertEqual(other.status, 2, other.stderr)
        XCTAssertTrue(other.stderr.contains("not written from this config"), other.stderr)

        let directoryConfig = try dynsweep(["validate", directory.path])
        XCTAssertEqual(directoryConfig.status, 2)
        XCTAssertTrue(directoryConfig.stderr.contains("is a directory, not a config file"), directoryConfig.stderr)
        XCTAssertFalse(directoryConfig.stderr.contains("NSCocoaErrorDomain"), directoryConfig.stderr)
        let nulConfig = try write(Self.tinyConfig.replacingOccurrences(of: "name = \"paths\"", with: "name = \"a\\u0000b\""),
                                  name: "nul.toml")
        let nul = try dynsweep(["validate", nulConfig])
        XCTAssertEqual(nul.status, 2, nul.stderr)
        XCTAssertTrue(nul.stderr.contains("nul.toml:2:") && nul.stderr.contains("NUL"), nul.stderr)
        try FileManager.default.removeItem(atPath: nulConfig)
    }
}
