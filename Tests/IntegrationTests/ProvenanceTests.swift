import Foundation
import XCTest

/// Build stamp and file format, as a user meets them: `--version` shows the stamp the
/// BuildStamp plugin wrote (`git describe` of this tree), a run starts no git process, the
/// file carries `dynsweep_format` beside `dynsweep_version` and `git_commit`, `inspect`
/// shows format and build first, and a file without the format is not called dynsweep's.
final class ProvenanceTests: IntegrationTestCase {
    /// The package directory, from this file's compile-time path.
    static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A finished single-process run of the small end-to-end config.
    func finishedRun(_ name: String, environment: [String: String] = [:]) throws -> String {
        let config = try write(EndToEndTests.smallConfig)
        let output = path(name)
        let r = try ProcessRunner.run(ProcessRunner.executable, ["run", config, "--output", output, "--quiet"],
                                      environment: environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        return output
    }

    /// `dynsweep --version`: "VERSION (STAMP)".
    func versionLine() throws -> String {
        let r = try ProcessRunner.dynsweep(["--version"], timeout: 30)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A text root attribute of an HDF5 file, through h5dump.
    func rootAttribute(_ name: String, of file: String) throws -> String? {
        let r = try ProcessRunner.run("/usr/bin/h5dump", ["-a", "/" + name, file], timeout: 30)
        // The value line reads `(0): "VALUE"`.
        guard r.status == 0, let line = r.stdout.range(of: #"\(0\): "[^"]*""#, options: .regularExpression)
        else { return nil }
        return String(r.stdout[line].drop { $0 != "\"" }.dropFirst().dropLast())
    }

    func testVersionShowsTheStampOfThisTree() throws {
        guard ProcessInfo.processInfo.environment["DYNSWEEP_BIN"] == nil else {
            throw XCTSkip("DYNSWEEP_BIN may have been built from another tree")
        }
        // As the plugin asks: the package directory itself, no repository above it.
        let parent = (Self.packageDirectory as NSString).deletingLastPathComponent
        let described = try ProcessRunner.run(
            "/usr/bin/env", ["git", "-C", Self.packageDirectory, "describe", "--always", "--dirty", "--abbrev=12"],
            timeout: 30, environment: ["GIT_CEILING_DIRECTORIES": parent])
        let stamp = described.status == 0 ? described.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
        let line = try versionLine()
        XCTAssertTrue(line.hasSuffix(" (\(stamp))"), "--version says \(line); git describe of the tree says \(stamp)")
    }

    /// A `git` first on PATH leaves a mark if anything runs it; where strace is installed,
    /// every program the run and its children (MPI's daemon) execute is checked too.
    func testARunStartsNoGitProcess() throws {
        let bin = path("bin"), mark = path("git-was-run")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$0 $*\" >> '\(mark)'\nexit 1\n"
            .write(toFile: bin + "/git", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/git")
        let environment = ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let config = try write(EndToEndTests.smallConfig)
        let arguments = ["run", config, "--output", path("nogit.h5"), "--quiet"]

        let strace = "/usr/bin/strace", log = path("execve.log")
        let traced = try FileManager.default.isExecutableFile(atPath: strace)
            && ProcessRunner.run(strace, ["-f", "-qq", "-o", "/dev/null", "/bin/true"], timeout: 30).status == 0
        let r = traced
            ? try ProcessRunner.run(strace, ["-f", "-qq", "-e", "trace=execve", "-o", log, ProcessRunner.executable]
                + arguments, environment: environment)
            : try ProcessRunner.run(ProcessRunner.executable, arguments, environment: environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: mark),
                       "the run started git: \((try? String(contentsOfFile: mark, encoding: .utf8)) ?? "")")
        guard traced else { return }
        let programs = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").compactMap { line in
            line.range(of: "execve(\"").map { line[$0.upperBound...].prefix { $0 != "\"" } }
        }
        XCTAssertTrue(programs.contains { $0.hasSuffix("/dynsweep") }, "strace saw no exec of dynsweep: \(programs)")
        let git = programs.filter { program in
            let name = program.split(separator: "/").last ?? ""
            return name == "git" || name.hasPrefix("git-")
        }
        XCTAssertEqual(git, [], "the run executed git")
    }

    func testTheFileCarriesFormatAndBuildAndInspectShowsThemFirst() throws {
        let output = try finishedRun("stamped.h5")
        let line = try versionLine()
        let parts = line.split(separator: " ", maxSplits: 1)
        XCTAssertEqual(parts.count, 2, line)
        let version = String(parts[0]), stamp = String(parts.last?.dropFirst().dropLast() ?? "")

        XCTAssertEqual(try rootAttribute("dynsweep_format", of: output), "dynsweep-sweep/1")
        XCTAssertEqual(try rootAttribute("dynsweep_version", of: output), version)
        XCTAssertEqual(try rootAttribute("git_commit", of: output), stamp)

        let r = try ProcessRunner.dynsweep(["inspect", output], timeout: 30)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(4)), [
            "\(output): complete",
            "format:   dynsweep-sweep/1",
            "built by: dynsweep \(line)",
            "<dynsweep result> \(output)",
        ], r.stdout)
    }

    func testInspectSaysAFileWithoutTheFormatIsNotDynsweeps() throws {
        let output = try finishedRun("source.h5")
        // One dataset copied out of a result, without attributes: an HDF5 file dynsweep did not write.
        let foreign = path("foreign.h5")
        let copy = try ProcessRunner.run("/usr/bin/h5copy", ["-i", output, "-o", foreign, "-s", "/count",
                                                             "-d", "/count", "-f", "noattr"], timeout: 30)
        XCTAssertEqual(copy.status, 0, copy.stderr)

        let r = try ProcessRunner.dynsweep(["inspect", foreign], timeout: 30)
        XCTAssertEqual(r.status, 0, r.stderr)
        let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(first.hasPrefix("\(foreign): not a dynsweep result: it has no `dynsweep_format` attribute"),
                      r.stdout)
        XCTAssertFalse(r.stdout.contains("<dynsweep result>"), r.stdout)
        XCTAssertFalse(r.stdout.contains("format:"), r.stdout)
    }
}
