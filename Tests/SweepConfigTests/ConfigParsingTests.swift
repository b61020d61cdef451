import Solvers
@testable import SweepConfig
import XCTest

/// Every section and key of the config format, and the defaults of those left out.
final class ConfigParsingTests: XCTestCase {
    func testFullExampleParses() throws {
        let c = try config("""
        [run]
        name = "quickstart"
        seed = 99
        realizations = 32
        output = "out/quickstart.h5"
        blocks = 4
        diverge_above = 1e3

        [model]
        kind = "fake"
        N = 500

        [sweep]
        K = [1, 2, 4]
        eta = { log = [1e-2, 1.0, 9] }
        [[sweep.zip]]
        activation = ["erf", "relu"]
        flag = [true, false]

        [record]
        points = 50
        spacing = "log"
        t_min = 0.5

        [theory]
        enabled = false
        """)
        XCTAssertEqual(c.name, "quickstart")
        XCTAssertEqual(c.seed, 99)
        XCTAssertEqual(c.realizations, 32)
        XCTAssertEqual(c.output, "out/quickstart.h5")
        XCTAssertEqual(c.blocks, 4)
        XCTAssertEqual(c.divergeAbove, 1e3)
        XCTAssertEqual(c.modelKind, "fake")
        XCTAssertTrue(c.modelType == FakeModel.self)
        XCTAssertEqual(c.baseParameters["N"], .int(500))
        XCTAssertEqual(c.baseParameters["t_max"], .double(10))
        XCTAssertEqual(c.sweep.map(\.parameters), [["K"], ["eta"], ["activation", "flag"]])
        XCTAssertEqual(c.pointCount, 3 * 9 * 2)
        XCTAssertEqual(c.record, RecordSpec(points: 50, spacing: .log, tMin: 0.5))
        XCTAssertFalse(c.theoryEnabled)
        XCTAssertEqual(c.endTime, 10)
        XCTAssertEqual(c.times.count, 50)
    }

    func testDefaults() throws {
        let c = try config(minimal(), file: "configs/my-run.toml")
        XCTAssertEqual(c.name, "my-run", "the name defaults to the file's stem")
        XCTAssertEqual(c.seed, 1234)
        XCTAssertEqual(c.realizations, 32)
        XCTAssertNil(c.output)
        XCTAssertEqual(c.blocks, 32, "blocks default to min(realizations, 64); realizations default to 32")
        XCTAssertEqual(c.divergeAbove, 1e6)
        XCTAssertEqual(c.record, RecordSpec(points: 100, spacing: .linear, tMin: nil))
        XCTAssertTrue(c.theoryEnabled)
        XCTAssertTrue(c.sweep.isEmpty)
        XCTAssertEqual(c.pointCount, 1)
        XCTAssertEqual(try config(minimal(), file: nil).name, "run")
    }

    func testBaseParametersHoldEveryUnsweptParameterCoercedToItsType() throws {
        let c = try config(minimal("eta = 1\nN = 64.0"))
        XCTAssertEqual(c.baseParameters, [
            "N": .int(64), "eta": .double(1), "K": .int(2), "activation": .string("erf"),
            "flag": .bool(false), "t_max": .double(10),
        ])
        let swept = try config(minimal().replacingOccurrences(of: "K = 2", with: "") + "\n[sweep]\nK = [1, 3]")
        XCTAssertNil(swept.baseParameters["K"], "a swept parameter takes its value per point")
        XCTAssertEqual(swept.points().map { $0.parameters.values["K"] }, [.int(1), .int(3)])
    }

    func testBlocks() throws {
        XCTAssertEqual(try config(minimal("[run]\nrealizations = 5")).blocks, 5)
        XCTAssertEqual(try config(minimal("[run]\nrealizations = 100\nblocks = 10")).blocks, 10)
        let theoryOnly = try config(minimal("[run]\nrealizations = 0\nblocks = 4"))
        XCTAssertEqual(theoryOnly.realizations, 0)
        XCTAssertEqual(theoryOnly.blocks, 0, "no realizations, no blocks")
    }

    func testSingleValueSweepAndChoiceAndBoolSweeps() throws {
        let c = try config(minimal("[sweep]\nactivation = [\"relu\", \"linear\"]\nflag = [true]"))
        XCTAssertEqual(c.points().map(\.label), ["activation=\"relu\", flag=true", "activation=\"linear\", flag=true"])
    }

    func testLoadFromFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynsweep-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sweep-a.toml").path
        try minimal("[run]\nseed = 7").write(toFile: path, atomically: true, encoding: .utf8)
        let c = try RunConfig.load(path: path, overrides: ["run.realizations=3"], models: fakeModels)
        XCTAssertEqual(c.name, "sweep-a")
        XCTAssertEqual(c.seed, 7)
        XCTAssertEqual(c.realizations, 3)

        do {
            _ = try RunConfig.load(path: dir.appendingPathComponent("missing.toml").path, models: fakeModels)
            XCTFail("a missing file must throw")
        } catch {
            assertContains(error.description, "missing.toml", "no config file at this path")
        }
    }
}
