import Foundation
import MPIShim
import XCTest

/// The typed HDF5 layer on its own: attributes of every kind, string datasets, selections
/// and the errors it reports.
final class OutputHDF5Tests: XCTestCase {
    func testAttributesAndDatasetsRoundTrip() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("layer.h5").path

        let file = try HDF5File.create(path: path, communicator: world)
        let values: [(String, HDF5AttributeValue)] = [
            ("text", .string("héllo\nworld")), ("empty", .string("")), ("x", .double(-0.125)),
            ("n", .int64(Int64.min)), ("id", .int32(7)), ("xs", .doubles([1, 2.5, .infinity])),
            ("none", .doubles([])), ("ns", .int64s([3, -4])),
        ]
        for (name, value) in values { try file.attributes.write(name, value) }
        try file.attributes.write("x", .double(2))  // replacing keeps one attribute
        let grid = try file.createDataset("grid", type: .double, shape: [2, 3])
        XCTAssertEqual(try grid.write([1, 2, 3, 4, 5, 6]), .collective)
        XCTAssertEqual(try grid.write([], selection: .none), .collective, "an empty part still joins the collective write")
        let names = try file.createDataset("names", type: .fixedString(length: 6), shape: [2])
        try names.write(strings: ["ab", "ωmega"])
        let counts = try file.createDataset("counts", type: .int64, shape: [3])
        XCTAssertEqual(try counts.write(integers: [Int64.max, 0, -1], selection: .all, transfer: .independent), .independent)
        XCTAssertThrowsError(try grid.write([1, 2], selection: .hyperslab(start: [0, 0], count: [1, 3]))) { error in
            XCTAssertTrue("\(error)".contains("the buffer has 2 elements but the selection covers 3"), "\(error)")
        }
        XCTAssertThrowsError(try grid.write([1, 2], selection: .hyperslab(start: [1, 2], count: [1, 2]))) { error in
            XCTAssertTrue("\(error)".contains("does not fit shape [2, 3]"), "\(error)")
        }
        let text = try file.createDataset("text", type: .variableString, shape: [1])
        XCTAssertThrowsError(try text.write(strings: ["x"])) { error in
            XCTAssertTrue("\(error)".contains("variable-length strings"), "\(error)")
        }
        try file.close()
        XCTAssertThrowsError(try grid.readDoubles()) { error in
            XCTAssertTrue("\(error)".contains("closed"), "\(error)")
        }

        let update = try HDF5File.openForUpdate(path: path)
        try update.openDataset("text").write(strings: ["variable ✓"])
        XCTAssertEqual(try update.openDataset("grid").write([6], selection: .hyperslab(start: [1, 2], count: [1, 1])), .serial)
        try update.close()

        let read = try HDF5File.openForReading(path: path)
        defer { try? read.close() }
        var expected = values
        expected.removeAll { $0.0 == "x" }
        expected.append(("x", .double(2)))
        XCTAssertEqual(try read.attributes.names(), expected.map(\.0))
        for (name, value) in expected { XCTAssertEqual(try read.attributes.read(name), value, name) }
        XCTAssertEqual(try read.datasetNames(), ["grid", "names", "counts", "text"])
        let stored = try read.openDataset("grid")
        XCTAssertEqual(stored.shape, [2, 3])
        XCTAssertEqual(stored.elementType, .double)
        XCTAssertEqual(try stored.readDoubles(.blocks([HDF5Block(start: [0, 2], count: [2, 1]), HDF5Block(start: [0, 0], count: [1, 1])])),
                       [1, 3, 6], "a union reads in the file's row-major order")
        XCTAssertEqual(try read.openDataset("names").readStrings(), ["ab", "ωmega"])
        XCTAssertEqual(try read.openDataset("counts").readInt64s(), [Int64.max, 0, -1])
        XCTAssertEqual(try read.openDataset("text").readStrings(), ["variable ✓"])
        XCTAssertEqual(try read.openDataset("text").elementType, .variableString)
    }

    func testFileLockingClassifier() {
        let unsupported = "unable to lock file, errno = 524, error message = 'Unknown error 524'"
        let enosys = "unable to lock file, errno = 38, error message = 'Function not implemented'"
        let conflict = "unable to lock file, errno = 11, error message = 'Resource temporarily unavailable'"
        XCTAssertTrue(HDF5Error.isFileLockingUnsupported(message: unsupported))
        XCTAssertTrue(HDF5Error.isFileLockingUnsupported(message: enosys))
        XCTAssertFalse(HDF5Error.isFileLockingUnsupported(message: conflict))
        XCTAssertFalse(HDF5Error.isFileLockingUnsupported(message: "unable to open file: errno = 2, No such file"))
    }

    func testOpenErrorIsOneLineWithPath() {
        XCTAssertThrowsError(try HDF5File.openForReading(path: "/nonexistent/dir/x.h5")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("HDF5 H5Fopen failed for /nonexistent/dir/x.h5: "), text)
            XCTAssertTrue(text.contains("No such file or directory"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}
