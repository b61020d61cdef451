import Solvers
@testable import SweepConfig
import XCTest

/// The resolved TOML is the final config: parsing it again gives the same run.
final class ConfigRoundTripTests: XCTestCase {
    private func assertSameRun(_ a: RunConfig, _ b: RunConfig, line: UInt = #line) {
        XCTAssertEqual(a.name, b.name, line: line)
        XCTAssertEqual(a.seed, b.seed, line: line)
        XCTAssertEqual(a.realizations, b.realizations, line: line)
        XCTAssertEqual(a.output, b.output, line: line)
        XCTAssertEqual(a.blocks, b.blocks, line: line)
        XCTAssertEqual(a.divergeAbove, b.divergeAbove, line: line)
        XCTAssertEqual(a.modelKind, b.modelKind, line: line)
        XCTAssertEqual(a.baseParameters, b.baseParameters, line: line)
        XCTAssertEqual(a.sweep, b.sweep, line: line)
        XCTAssertEqual(a.record, b.record, line: line)
        XCTAssertEqual(a.theoryEnabled, b.theoryEnabled, line: line)
        XCTAssertEqual(a.times, b.times, line: line)
        XCTAssertEqual(a.points().map(\.parameters), b.points().map(\.parameters), line: line)
        XCTAssertEqual(a.points().map(\.label), b.points().map(\.label), line: line)
        XCTAssertEqual(a.resolvedTOML, b.resolvedTOML, "the resolved form is a fixed point", line: line)
    }

    func testResolvedTOMLRoundTrips() throws {
        let original = try config("""
        [run]
        name = "we\\"ird \\\\ name"
        seed = 42
        realizations = 7
        output = "a b/c.h5"
        diverge_above = 123.456
        [model]
        kind = "fake"
        N = 300
        t_max = 3.3
        [sweep]
        eta = { log = [1e-5, 0.7, 6] }
        K = { linear = [1, 9, 5] }
        [[sweep.zip]]
        activation = ["relu", "erf"]
        flag = [false, true]
        [record]
        points = 17
        spacing = "log"
        [theory]
        enabled = false
        """, set: ["model.N=301", "sweep.K=[3, 1]"])
        let again = try config(original.resolvedTOML, file: "elsewhere.toml")
        assertSameRun(original, again)
        XCTAssertEqual(again.record.tMin, 3.3e-3, "the default t_min is written out")
    }

    func testDefaultsOnlyConfigRoundTrips() throws {
        let original = try config(minimal(), file: "defaults.toml")
        assertSameRun(original, try config(original.resolvedTOML, file: nil))
        assertContains(original.resolvedTOML, "name = \"defaults\"", "seed = 1234", "realizations = 32", "blocks = 32",
                       "diverge_above = 1000000.0", "kind = \"fake\"", "N = 100", "eta = 0.1", "K = 2",
                       "activation = \"erf\"", "flag = false", "t_max = 10.0", "points = 100", "spacing = \"linear\"",
                       "enabled = true")
    }

    func testAwkwardRealsRoundTripBitForBit() throws {
        for value in [0.1 + 0.2, 1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 123456789012345680.0, 2.0 / 3.0] {
            let c = try config(minimal(), set: ["sweep.eta=[\(value)]"])
            let again = try config(c.resolvedTOML)
            XCTAssertEqual(again.sweep[0].values[0][0].doubleValue?.bitPattern, value.bitPattern, "\(value)")
        }
    }
}
