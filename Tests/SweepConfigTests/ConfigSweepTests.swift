import Solvers
@testable import SweepConfig
import XCTest

/// The sweep grid: lists, ranges, zip groups, axis order and the row-major product.
final class ConfigSweepTests: XCTestCase {
    /// A config sweeping `body` (K is fixed to 1 unless the body sweeps it).
    private func sweep(_ body: String) throws -> RunConfig {
        let fixed = body.contains("K =") ? "" : "K = 1\n"
        return try config("[model]\nkind = \"fake\"\n\(fixed)[sweep]\n" + body)
    }

    func testCartesianProductIsRowMajorWithLastAxisFastest() throws {
        let c = try sweep("K = [1, 2, 3]\neta = [0.1, 0.2]")
        let points = c.points()
        XCTAssertEqual(points.count, 6)
        XCTAssertEqual(points.map(\.index), Array(0..<6))
        XCTAssertEqual(points.map { $0.swept.map(\.value) }, [
            [.int(1), .double(0.1)], [.int(1), .double(0.2)],
            [.int(2), .double(0.1)], [.int(2), .double(0.2)],
            [.int(3), .double(0.1)], [.int(3), .double(0.2)],
        ])
        XCTAssertEqual(points[3].swept.map(\.name), ["K", "eta"])
        XCTAssertEqual(points[3].parameters.values["K"], .int(2))
        XCTAssertEqual(points[3].parameters.values["eta"], .double(0.2))
        XCTAssertEqual(points[3].parameters.values["N"], .int(100), "fixed parameters are in every point")
        XCTAssertEqual(c.point(5).label, "K=3, eta=0.2")
    }

    func testAxesAreOrderedByNameThenZipGroupsInFileOrder() throws {
        let c = try sweep("""
        eta = [0.1, 0.2]
        N = [10, 20]
        K = [1]
        [[sweep.zip]]
        flag = [true, false]
        activation = ["erf", "relu"]
        """)
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["N"], ["eta"], ["activation", "flag"]])
        XCTAssertEqual(c.pointCount, 1 * 2 * 2 * 2)
    }

    func testZipGroupsMoveTogether() throws {
        let c = try sweep("""
        K = [1, 2]
        [[sweep.zip]]
        eta = [0.1, 0.5, 0.9]
        N = [10, 20, 30]
        [[sweep.zip]]
        activation = ["erf", "relu"]
        flag = [true, false]
        """)
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["N", "eta"], ["activation", "flag"]])
        XCTAssertEqual(c.sweep[1].values, [[.int(10), .double(0.1)], [.int(20), .double(0.5)], [.int(30), .double(0.9)]])
        XCTAssertEqual(c.pointCount, 2 * 3 * 2)
        let p = c.point(1 * 6 + 2 * 2 + 1)
        XCTAssertEqual(p.label, "K=2, N=30, eta=0.9, activation=\"relu\", flag=false")
    }

    func testSingleParameterZipGroupIsAnOrdinaryAxis() throws {
        let c = try sweep("eta = [0.1, 0.2]\n[[sweep.zip]]\nK = [1, 2]")
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["eta"]])
    }

    func testLogRangeIsExactAtTheEndsAndGeometric() throws {
        let values = try sweep("eta = { log = [1e-3, 2.5, 7] }").sweep[0].values.map { $0[0].doubleValue ?? .nan }
        XCTAssertEqual(values.count, 7)
        XCTAssertEqual(values.first, 1e-3)
        XCTAssertEqual(values.last, 2.5)
        let ratios = zip(values, values.dropFirst()).map { $1 / $0 }
        for r in ratios { XCTAssertEqual(r, ratios[0], accuracy: 1e-12) }
        XCTAssertEqual(try sweep("eta = { log = [0.01, 1.0, 3] }").sweep[0].values, [[.double(0.01)], [.double(0.1)], [.double(1)]],
                       "decades land on round numbers")
    }

    func testLinearRangeIsExactAtTheEndsAndEven() throws {
        let values = try sweep("eta = { linear = [0.1, 0.7, 4] }").sweep[0].values.map { $0[0].doubleValue ?? .nan }
        XCTAssertEqual(values.first, 0.1)
        XCTAssertEqual(values.last, 0.7)
        XCTAssertEqual(values[1], 0.3, accuracy: 1e-15)
        XCTAssertEqual(values[2], 0.5, accuracy: 1e-15)
        XCTAssertEqual(try sweep("eta = { linear = [0.5, 0.9, 1] }").sweep[0].values, [[.double(0.5)]], "count 1 is start")
        let descending = try sweep("eta = { linear = [0.3, 0.1, 3] }").sweep[0].values.map { $0[0].doubleValue ?? .nan }
        XCTAssertEqual(descending.first, 0.3, "descending ranges keep their order")
        XCTAssertEqual(descending[1], 0.2, accuracy: 1e-15)
        XCTAssertEqual(descending.last, 0.1)
    }

    func testIntegerRangesAreRoundedToIntegers() throws {
        XCTAssertEqual(try sweep("K = { log = [1, 1024, 11] }").sweep[0].values.map { $0[0] },
                       (0...10).map { .int(1 << $0) })
        XCTAssertEqual(try sweep("K = { linear = [2, 8, 4] }").sweep[0].values.map { $0[0] },
                       [.int(2), .int(4), .int(6), .int(8)])
        XCTAssertEqual(try sweep("N = [10, 20.0]").sweep[0].values.map { $0[0] }, [.int(10), .int(20)],
                       "a whole real is accepted for an integer")
    }

    func testRangesInsideZipGroups() throws {
        let c = try sweep("[[sweep.zip]]\nK = { linear = [1, 3, 3] }\neta = { log = [0.01, 1.0, 3] }")
        XCTAssertEqual(c.sweep[0].values, [[.int(1), .double(0.01)], [.int(2), .double(0.1)], [.int(3), .double(1)]])
    }
}
