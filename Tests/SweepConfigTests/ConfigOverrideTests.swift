import Solvers
@testable import SweepConfig
import XCTest

/// `--set SECTION.KEY=VALUE`: values parsed as TOML, later overrides winning, and
/// parameters moving between `[model]` and `[sweep]`.
final class ConfigOverrideTests: XCTestCase {
    private let base = """
    [run]
    realizations = 10
    [model]
    kind = "fake"
    N = 50
    [sweep]
    K = [1, 2, 3]
    """

    func testScalarOverridesInEverySection() throws {
        let c = try config(base, set: [
            "model.N=500", "run.realizations=64", "run.seed=5", "run.name=\"other\"", "run.output=x.h5",
            "record.points=20", "record.spacing=log", "theory.enabled=false", "model.eta=1e-3",
        ])
        XCTAssertEqual(c.baseParameters["N"], .int(500))
        XCTAssertEqual(c.baseParameters["eta"], .double(1e-3))
        XCTAssertEqual(c.realizations, 64)
        XCTAssertEqual(c.seed, 5)
        XCTAssertEqual(c.name, "other")
        XCTAssertEqual(c.output, "x.h5")
        XCTAssertEqual(c.record.points, 20)
        XCTAssertEqual(c.record.spacing, .log)
        XCTAssertFalse(c.theoryEnabled)
    }

    func testBareWordIsAStringAndQuotedStringsWork() throws {
        XCTAssertEqual(try config(base, set: ["model.activation=relu"]).baseParameters["activation"], .string("relu"))
        XCTAssertEqual(try config(base, set: ["model.activation=\"linear\""]).baseParameters["activation"], .string("linear"))
    }

    func testLaterOverrideWins() throws {
        XCTAssertEqual(try config(base, set: ["model.N=1", "model.N=2"]).baseParameters["N"], .int(2))
    }

    func testSweepOverrideReplacesTheSweep() throws {
        let c = try config(base, set: ["sweep.K=[1,2]"])
        XCTAssertEqual(c.sweep.map(\.values), [[[.int(1)], [.int(2)]]])
        let ranged = try config(base, set: ["sweep.eta={ log = [0.01, 1.0, 3] }"])
        XCTAssertEqual(ranged.sweep.map(\.parameters), [["K"], ["eta"]])
        XCTAssertEqual(ranged.pointCount, 9)
    }

    func testModelOverrideOfASweptParameterReplacesItsSweepByOneValue() throws {
        let c = try config(base, set: ["model.K=2"])
        XCTAssertTrue(c.sweep.isEmpty)
        XCTAssertEqual(c.baseParameters["K"], .int(2))
        XCTAssertEqual(c.pointCount, 1)
    }

    func testSweepOverrideOfAFixedParameterSweepsIt() throws {
        let c = try config(base, set: ["sweep.N=[10,20]"])
        XCTAssertNil(c.baseParameters["N"])
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["N"]])
    }

    func testOverridingAZippedParameterAloneIsAnError() {
        let zipped = base + "\n[[sweep.zip]]\neta = [0.1, 0.5]\nflag = [true, false]"
        let message = configError(zipped, set: ["model.eta=0.3"])
        assertContains(message, "--set model.eta=0.3", "eta is swept together with flag", "[[sweep.zip]] group 1",
                       "sweep.zip=")
        assertContains(configError(zipped, set: ["sweep.eta=[0.3]"]), "--set sweep.eta=[0.3]", "[[sweep.zip]]")
    }

    func testZipGroupsCanBeReplacedAsAWhole() throws {
        let zipped = base + "\n[[sweep.zip]]\neta = [0.1, 0.5]\nflag = [true, false]"
        let c = try config(zipped.replacingOccurrences(of: "N = 50\n", with: ""),
                           set: ["sweep.zip=[{ eta = [0.2, 0.3, 0.4], N = [1, 2, 3] }]"])
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["N", "eta"]])
        XCTAssertEqual(c.pointCount, 9)
    }

    func testAddingASectionTheFileDoesNotHave() throws {
        let c = try config(minimal(), set: ["record.points=7", "sweep.N=[1, 2]"])
        XCTAssertEqual(c.record.points, 7)
        XCTAssertEqual(c.pointCount, 2)
    }

    func testErrorsFromAnOverriddenKeyNameTheSetArgument() {
        let message = configError(base, set: ["model.N=two"])
        XCTAssertTrue(message.hasPrefix("--set model.N=two: "), message)
        assertContains(message, "model.N must be an integer, got string \"two\"")
    }

    func testMalformedSet() {
        assertContains(configError(base, set: ["model.N"]), "--set model.N", "no '='", "SECTION.KEY=VALUE")
        assertContains(configError(base, set: ["N=5"]), "--set N=5", "SECTION.KEY")
        assertContains(configError(base, set: ["model.a.b=5"]), "SECTION.KEY")
        assertContains(configError(base, set: ["modle.N=5"]), "unknown section modle", "did you mean model?")
        assertContains(configError(base, set: ["model.N="]), "empty VALUE")
        assertContains(configError(base, set: ["sweep.K=[1,2"]), "--set sweep.K=[1,2", "not a single TOML value")
        assertContains(configError(base, set: ["model.N=1\nmodel.K=2"]), "not a single TOML value")
        assertContains(configError(base, set: ["run.seeed=3"]), "--set run.seeed=3", "unknown key run.seeed",
                       "did you mean run.seed?")
    }

    func testResolvedTOMLRecordsTheOverrides() throws {
        let c = try config(base, set: ["model.N=500", "sweep.K=[4]", "run.realizations=3"])
        assertContains(c.resolvedTOML, "N = 500", "K = [4]", "realizations = 3")
        XCTAssertFalse(c.resolvedTOML.contains("N = 50\n"))
    }
}
