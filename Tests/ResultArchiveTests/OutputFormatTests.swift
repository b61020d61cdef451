import ResultArchive
import SweepDataset
import Foundation
import MPIShim
import XCTest

/// The `dynsweep_format` attribute as `dynsweep inspect` reads it back: a file that has it
/// is a dynsweep result shown with its format and build first; a file without it is not
/// called a dynsweep result.
final class OutputFormatTests: XCTestCase {
    /// The summary of `result` written to a scratch file, and the file's path.
    private func summary(of result: SweepResult) throws -> (DatasetSummary, String) {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        try ResultWriter.write(result, to: path, communicator: world)
        return (try ResultReader.summary(path: path), path)
    }

    func testFormatIsTheNameAndSchemaVersion() {
        XCTAssertEqual(ResultFormat.attribute, "dynsweep_format")
        XCTAssertEqual(ResultFormat.current, "dynsweep-sweep/1")
    }

    func testAFileWithTheFormatIsShownWithItsFormatAndBuildFirst() throws {
        var result = OutputTestSupport.sampleResult()
        result.attributes += [("status", .string("complete")), (ResultFormat.attribute, .string(ResultFormat.current)),
                              ("dynsweep_version", .string("0.1.0")), ("git_commit", .string("0123456789ab-dirty"))]
        let (summary, path) = try summary(of: result)

        XCTAssertEqual(summary.format, "dynsweep-sweep/1")
        XCTAssertEqual(summary.heading, [
            "\(path): complete",
            "format:   dynsweep-sweep/1",
            "built by: dynsweep 0.1.0 (0123456789ab-dirty)",
        ])
        XCTAssertTrue(summary.description.hasPrefix("<dynsweep result> \(path)\n"), summary.description)
    }

    func testAFileWithoutTheFormatIsNotCalledADynsweepResult() throws {
        let (summary, path) = try summary(of: OutputTestSupport.sampleResult())

        XCTAssertNil(summary.format)
        XCTAssertEqual(summary.heading.count, 1)
        let line = try XCTUnwrap(summary.heading.first)
        XCTAssertTrue(line.hasPrefix("\(path): not a dynsweep result: it has no `dynsweep_format` attribute"), line)
        XCTAssertTrue(line.contains("another program"), line)
        XCTAssertFalse(summary.description.contains("<dynsweep result>"), summary.description)
        XCTAssertTrue(summary.description.hasPrefix("<HDF5 file> \(path)\n"), summary.description)
    }

    func testAnOlderDynsweepFileIsNamedByItsBuild() throws {
        var result = OutputTestSupport.sampleResult()
        result.attributes += [("dynsweep_version", .string("0.1.0")), ("git_commit", .string("aec41d109fba"))]
        let (summary, _) = try summary(of: result)

        let line = try XCTUnwrap(summary.heading.first)
        XCTAssertTrue(line.contains("not a dynsweep result") && line.contains("dynsweep 0.1.0 (aec41d109fba)")
            && line.contains("older"), line)
    }

    func testAnotherFormatVersionIsShownWithTheOneThisBuildWrites() throws {
        var result = OutputTestSupport.sampleResult()
        result.attributes.append((ResultFormat.attribute, .string("dynsweep-sweep/2")))
        let (summary, _) = try summary(of: result)

        XCTAssertEqual(summary.heading.dropFirst().first,
                       "format:   dynsweep-sweep/2 (this dynsweep writes dynsweep-sweep/1)")
        XCTAssertEqual(summary.heading.last, "built by: dynsweep unknown (unknown)")
    }
}
