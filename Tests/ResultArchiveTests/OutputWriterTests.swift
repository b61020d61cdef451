import Foundation
import MPIShim
@testable import ResultArchive
import SweepDataset
import XCTest

/// ResultWriter and ResultReader on the MPI singleton: exact round trip, the
/// `.partial`-then-rename protocol, destination checks, and the inspect summary.
final class OutputWriterTests: XCTestCase {
    func testRoundTripIsExact() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        let result = OutputTestSupport.sampleResult()

        try ResultWriter.write(result, to: path, communicator: world)

        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".partial"))
        let reader = try ResultReader(path: path)
        defer { try? reader.close() }
        let back = try reader.readResult()
        XCTAssertEqual(back.dimensions, result.dimensions)
        XCTAssertEqual(back.coordinates, result.coordinates)
        XCTAssertEqual(back.data, result.data)
        XCTAssertEqual(back.attributes.map(\.0), result.attributes.map(\.0))
        XCTAssertEqual(back.attributes.map(\.1), result.attributes.map(\.1))
        XCTAssertEqual(try reader.readDoubles("count"), [8, 8, 7, 8])
    }

    func testSummaryListsDimensionsVariablesAndAttributes() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        try ResultWriter.write(OutputTestSupport.sampleResult(), to: path, communicator: world)

        let summary = try ResultReader.summary(path: path)
        XCTAssertEqual(summary.dimensions.map(\.name), ["point", "time", "student_i", "student_j"])
        XCTAssertEqual(summary.coordinates.map(\.name), ["point", "time", "student_i", "student_j", "eta", "activation"])
        XCTAssertEqual(summary.dataVariables.map(\.name), ["Q_mean", "eps_mean", "count"])
        let q = try XCTUnwrap(summary.variable("Q_mean"))
        XCTAssertEqual(q.dimensions, ["point", "time", "student_i", "student_j"])
        XCTAssertEqual(q.shape, [4, 3, 2, 2])
        XCTAssertEqual(q.type, "float64")
        XCTAssertEqual(summary.variable("activation")?.type, "string")
        XCTAssertEqual(summary.variable("activation")?.preview, ["\"erf\"", "\"relu\"", "\"erf\"", "\"ρelu\""])
        XCTAssertEqual(summary.variable("point")?.isIndex, true)
        XCTAssertEqual(summary.variable("eta")?.isIndex, false)

        let text = summary.description
        XCTAssertTrue(text.contains("Dimensions:  (point: 4, time: 3, student_i: 2, student_j: 2)"), text)
        XCTAssertTrue(text.contains("* point"), text)
        XCTAssertTrue(text.contains("Q_mean      (point, time, student_i, student_j) float64"), text)
        XCTAssertTrue(text.contains("model: teacher_student"), text)
        XCTAssertTrue(text.contains("config: [sweep]\\neta = [0.1, 0.5]\\n"), text)
    }

    func testWritingReplacesAnExistingFileOnlyAtTheEnd() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))

        let writer = try ResultWriter(result: OutputTestSupport.sampleResult(), path: path, communicator: world)
        XCTAssertEqual(writer.destination.partialPath, path + ".partial")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".partial"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("old".utf8), "unfinished file must not replace the old one")
        try writer.finish()
        try writer.finish()  // idempotent

        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".partial"))
        XCTAssertEqual(try ResultReader.summary(path: path).dataVariables.count, 3)
    }

    func testDestinationChecks() throws {
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("done.h5").path
        _ = FileManager.default.createFile(atPath: existing, contents: Data())

        XCTAssertThrowsError(try ResultWriter.checkDestination(path: existing, force: false)) { error in
            XCTAssertEqual("\(error)", "output \(existing) exists; pass --force to overwrite it or choose another --output")
        }
        XCTAssertNoThrow(try ResultWriter.checkDestination(path: existing, force: true))
        XCTAssertNoThrow(try ResultWriter.checkDestination(path: directory.appendingPathComponent("new.h5").path, force: false))

        let missing = directory.appendingPathComponent("no/such/dir").path
        XCTAssertThrowsError(try ResultWriter.checkDestination(path: missing + "/out.h5", force: true)) { error in
            XCTAssertEqual("\(error)", "directory \(missing) does not exist")
        }
    }

    func testWriterRefusesAMissingDirectoryWithoutCreatingFiles() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("absent").path
        XCTAssertThrowsError(try ResultWriter.write(OutputTestSupport.sampleResult(), to: missing + "/x.h5", communicator: world)) { error in
            XCTAssertEqual(error as? OutputError, .directoryMissing(directory: missing))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testInvalidResultIsRejectedBeforeTheFileIsCreated() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.h5").path
        var result = OutputTestSupport.sampleResult()
        result.data.append(.init(name: "short", dimensions: ["point", "time"], values: .double([1, 2, 3])))

        XCTAssertThrowsError(try ResultWriter.write(result, to: path, communicator: world)) { error in
            XCTAssertEqual("\(error)", "cannot write \(path): variable short has 3 values but its dimensions (point, time) hold 12")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".partial"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testDimensionWithoutCoordinateAndOrphanCoordinate() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bare.h5").path
        let result = SweepResult(
            dimensions: [.init(name: "point", size: 2), .init(name: "seed_slot", size: 3)],
            coordinates: [
                .init(name: "point", dimensions: ["point"], values: .int([0, 1])),
                .init(name: "label", dimensions: ["seed_slot"], values: .string(["a", "b", "c"])),
            ],
            data: [.init(name: "x", dimensions: ["point"], values: .double([1.5, -2]))],
            attributes: [])

        try ResultWriter.write(result, to: path, communicator: world)

        let back = try ResultReader(path: path).readResult()
        XCTAssertEqual(back.dimensions, result.dimensions)
        XCTAssertEqual(back.coordinates, result.coordinates)
        XCTAssertEqual(back.data, result.data)
        XCTAssertTrue(back.attributes.isEmpty)
    }

    func testReadingAMissingFileOrVariableSaysWhich() throws {
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("none.h5").path
        XCTAssertThrowsError(try ResultReader(path: path)) { error in
            let hdf5 = error as? HDF5Error
            XCTAssertEqual(hdf5?.operation, "H5Fopen")
            XCTAssertEqual(hdf5?.path, path)
            XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
        }

        let world = try OutputTestSupport.world()
        let written = directory.appendingPathComponent("one.h5").path
        try ResultWriter.write(OutputTestSupport.sampleResult(), to: written, communicator: world)
        XCTAssertThrowsError(try ResultReader(path: written).readDoubles("nope")) { error in
            XCTAssertEqual(error as? OutputError, .variableNotFound(name: "nope", path: written))
        }
    }
}
