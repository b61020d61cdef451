import Foundation
import MPIShim
@testable import ResultArchive
import SweepDataset
import XCTest

/// The free-space check before a write (issue 17, item 1): the planned size covers the
/// real file, a write that does not fit is refused in one line with both amounts before
/// the file exists, and a failed write on a full disk says so.
final class OutputSpaceTests: XCTestCase {
    func testRefusalSaysHowMuchIsNeededAndFree() {
        XCTAssertThrowsError(try DiskSpace.check(needed: 9_500_000, available: 2_100_000,
                                                 path: "out/run.h5", directory: "out")) { error in
            XCTAssertEqual("\(error)", "cannot write out/run.h5: it needs about 9.5 MB in out, 2.1 MB free; "
                + "free space (or choose another --output) and run again with --resume")
        }
        XCTAssertNoThrow(try DiskSpace.check(needed: 100, available: 100, path: "x.h5", directory: "."))
        XCTAssertNoThrow(try DiskSpace.check(needed: 100, available: nil, path: "x.h5", directory: "."),
                         "a file system that does not report its space is not refused")
    }

    func testFullDiskMessageAndDiagnosis() {
        let full = OutputError.diskFull(path: "/mnt/x/o.h5", directory: "/mnt/x", needed: 9_460_000, available: 0)
        XCTAssertEqual("\(full)", "cannot write /mnt/x/o.h5: the disk is full (0.0 MB free in /mnt/x, "
            + "the file needs about 9.5 MB); free space and run again with --resume")
        XCTAssertTrue(DiskSpace.looksFull(available: 4096, needed: 10_000_000))
        XCTAssertFalse(DiskSpace.looksFull(available: 50_000_000, needed: 10_000_000))
        XCTAssertFalse(DiskSpace.looksFull(available: nil, needed: 10_000_000))
    }

    func testAvailableSpaceIsReported() throws {
        let available = try XCTUnwrap(DiskSpace.available(in: FileManager.default.temporaryDirectory.path))
        XCTAssertGreaterThan(available, 0)
        XCTAssertNil(DiskSpace.available(in: "/nonexistent-\(UUID().uuidString)"))
    }

    func testPlannedSizeCoversTheWrittenFile() throws {
        let world = try OutputTestSupport.world()
        let dir = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var result = OutputTestSupport.sampleResult().addingIndexDimension("realization", size: 50)
        result.data.append(.init(name: "big", dimensions: ["point", "realization", "time"],
                                 values: .double((0..<(4 * 50 * 3)).map(Double.init))))
        let path = dir.appendingPathComponent("planned.h5").path
        try ResultWriter.write(result, to: path, communicator: world)
        let written = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let planned = PlannedSize.bytes(of: result)
        XCTAssertGreaterThanOrEqual(planned, written, "the plan must not under-estimate the file")
        XCTAssertLessThan(planned, written + 512 * 1024, "the margin stays small")
    }

    func testWriteThatDoesNotFitIsRefusedBeforeTheFileExists() throws {
        let world = try OutputTestSupport.world()
        let dir = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.h5").path
        XCTAssertThrowsError(try ResultWriter(result: OutputTestSupport.sampleResult(), path: path,
                                              communicator: world, plannedBytes: 1 << 62)) { error in
            guard case OutputError.insufficientSpace(_, let directory, let needed, _) = error else {
                return XCTFail("expected insufficientSpace, got \(error)")
            }
            XCTAssertEqual(directory, dir.path)
            XCTAssertEqual(needed, 1 << 62)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "no .partial, no file")
    }
}
