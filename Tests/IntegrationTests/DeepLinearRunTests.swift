import Foundation
import XCTest

/// deep_linear (seed 004) through the executable: a theory-only 20 x 6 (eta, nu) grid of
/// DMFT solves spread over ranks gives the same file on 1, 2 and 3 ranks; a run with
/// realizations stores simulation and theory side by side; parameters only the theory
/// accepts are refused at plan time when realizations are asked for.
final class DeepLinearRunTests: IntegrationTestCase {
    static let theoryGrid = """
        [run]
        name = "dl-grid"
        realizations = 0

        [model]
        kind = "deep_linear"
        L = 3
        alpha = 4.0
        gamma0 = 8.0
        T = 20
        centering = true

        [sweep]
        nu = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
        eta = { log = [0.002, 0.2, 20] }

        [record]
        points = 5
        """

    func testTheoryOnlyGridIsTheSameOnOneTwoAndThreeRanks() throws {
        let config = try write(Self.theoryGrid)
        let outputs = try runOnRanks(1...3, config: config, name: "grid").map(\.output)
        let names = Set(try datasets(in: outputs[0]))
        for name in ["/test_loss_theory", "/train_loss_theory", "/C_h_two_time_theory", "/bias_theory", "/nu", "/eta"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        try assertSameAsFirst(outputs)
    }

    func testSimulationAndTheorySideBySide() throws {
        let config = try write("""
            [run]
            name = "dl-sim"
            seed = 3
            realizations = 4

            [model]
            kind = "deep_linear"
            D = 60
            L = 2
            eta = 0.05
            T = 10

            [sweep]
            centering = [false, true]

            [record]
            points = 11
            """)
        let output = path("sim.h5")
        let r = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let names = Set(try datasets(in: output))
        for name in ["/test_loss_mean", "/test_loss_sem", "/test_loss_theory", "/train_loss_mean", "/train_loss_theory",
                     "/C_h_mean", "/C_g_theory", "/layer_h", "/layer_g", "/step", "/count"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
    }

    func testTheoryOnlyParametersAreRefusedWithRealizations() throws {
        let config = try write("""
            [model]
            kind = "deep_linear"
            nu = inf
            """)
        let r = try ProcessRunner.dynsweep(["run", config, "--output", path("no.h5"), "--quiet"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nu = inf") && r.stderr.contains("realizations = 0"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("no.h5")))
    }
}
