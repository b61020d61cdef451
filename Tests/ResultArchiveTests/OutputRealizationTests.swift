import Foundation
import MPIShim
@testable import ResultArchive
import SweepDataset
import XCTest

/// Per-realization variables: a rank's rows as a union of hyperslabs in one collective
/// write, read back element by element; unwritten rows read as NaN; bad rows refused.
final class OutputRealizationTests: XCTestCase {
    /// The sample result with a `realization` dimension of 5 (and its index coordinate).
    private func resultWithRealizations() -> SweepResult {
        let result = OutputTestSupport.sampleResult().addingIndexDimension("realization", size: 5)
        XCTAssertEqual(result.coordinates.last, .init(name: "realization", dimensions: ["realization"], values: .int([0, 1, 2, 3, 4])))
        XCTAssertEqual(result.addingIndexDimension("realization", size: 9).dimensions, result.dimensions, "no duplicate")
        return result
    }

    /// A deterministic value for element (p, r, t, i, j).
    private func value(_ p: Int, _ r: Int, _ t: Int, _ i: Int, _ j: Int) -> Double {
        Double(p * 10_000 + r * 1_000 + t * 100 + i * 10 + j)
    }

    private func block(point p: Int, first: Int, count: Int) -> RealizationRows.Block {
        var values: [Double] = []
        for r in first..<(first + count) { for t in 0..<3 { for i in 0..<2 { for j in 0..<2 { values.append(value(p, r, t, i, j)) } } } }
        return .init(point: p, firstRealization: first, count: count, values: values)
    }

    func testBlocksInAnyOrderLandInTheirRows() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("real.h5").path

        // Deliberately unsorted, with gaps: point 1 and realization 4 of point 3 stay unwritten.
        let rows = RealizationRows(blocks: [
            block(point: 3, first: 0, count: 2),
            block(point: 0, first: 2, count: 3),
            block(point: 2, first: 0, count: 5),
            block(point: 0, first: 0, count: 2),
            block(point: 3, first: 2, count: 2),
            block(point: 1, first: 0, count: 0),
        ])
        let variable = RealizationVariable(
            name: "Q_realizations", dimensions: ["point", "realization", "time", "student_i", "student_j"],
            attributes: [("long_name", .string("Q per realization"))], rows: rows)
        try ResultWriter.write(resultWithRealizations(), to: path, communicator: world, realizations: [variable])

        let reader = try ResultReader(path: path)
        defer { try? reader.close() }
        let stored = try reader.readDoubles("Q_realizations")
        XCTAssertEqual(stored.count, 4 * 5 * 3 * 2 * 2)
        let written: Set<[Int]> = [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [2, 0], [2, 1], [2, 2], [2, 3], [2, 4],
                                   [3, 0], [3, 1], [3, 2], [3, 3]]
        var index = 0
        for p in 0..<4 { for r in 0..<5 { for t in 0..<3 { for i in 0..<2 { for j in 0..<2 {
            if written.contains([p, r]) {
                XCTAssertEqual(stored[index], value(p, r, t, i, j), "element \([p, r, t, i, j])")
            } else {
                XCTAssertTrue(stored[index].isNaN, "unwritten element \([p, r, t, i, j]) should be NaN")
            }
            index += 1
        } } } } }

        let summary = try reader.summary()
        let q = try XCTUnwrap(summary.variable("Q_realizations"))
        XCTAssertEqual(q.dimensions, ["point", "realization", "time", "student_i", "student_j"])
        let back = try reader.readResult()
        let data = try XCTUnwrap(back.data.first { $0.name == "Q_realizations" })
        XCTAssertEqual(data.attributes.map(\.0), ["long_name"], "the generated coordinates attribute is not reported")
    }

    func testRankWithoutRowsWritesAnAllNaNVariable() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("empty.h5").path
        let variable = RealizationVariable(name: "eps_realizations", dimensions: ["point", "realization", "time"], rows: .empty)
        try ResultWriter.write(resultWithRealizations(), to: path, communicator: world, realizations: [variable])
        let stored = try ResultReader(path: path).readDoubles("eps_realizations")
        XCTAssertEqual(stored.count, 4 * 5 * 3)
        XCTAssertTrue(stored.allSatisfy(\.isNaN))
    }

    func testBadRowsAreRefusedAndLeaveOnlyThePartialFile() throws {
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.h5").path
        let dims = ["point", "realization", "time", "student_i", "student_j"]

        let cases: [(RealizationRows, String)] = [
            (RealizationRows(blocks: [block(point: 0, first: 0, count: 3), block(point: 0, first: 2, count: 2)]), "overlaps another block"),
            (RealizationRows(blocks: [block(point: 4, first: 0, count: 1)]), "is outside 0..<4 points"),
            (RealizationRows(blocks: [block(point: 1, first: 4, count: 2)]), "is outside 0..<5 realizations"),
            (RealizationRows(blocks: [.init(point: 1, firstRealization: 0, count: 1, values: [1, 2])]), "has 2 values, expected 1 x 12"),
        ]
        for (rows, message) in cases {
            let writer = try ResultWriter(result: resultWithRealizations(), path: path, communicator: world)
            XCTAssertThrowsError(try writer.writeRealizations(RealizationVariable(name: "Q_r", dimensions: dims, rows: rows))) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
            // The writer stays usable after a refused variable; nothing was created.
            try writer.finish()
            XCTAssertNil(try ResultReader.summary(path: path).variable("Q_r"))
        }

        let writer = try ResultWriter(result: resultWithRealizations(), path: path, communicator: world)
        XCTAssertThrowsError(try writer.writeRealizations(RealizationVariable(name: "Q_mean", dimensions: dims, rows: .empty))) { error in
            XCTAssertTrue("\(error)".contains("variable Q_mean already exists"), "\(error)")
        }
        XCTAssertThrowsError(try writer.writeRealizations(RealizationVariable(name: "Q_r", dimensions: ["point", "seed"], rows: .empty))) { error in
            XCTAssertTrue("\(error)".contains("undeclared dimension seed"), "\(error)")
        }
        try writer.finish()
    }
}
