import Foundation
import XCTest

/// neural_ode (seed 000) through the executable: a sweep with its DMFT gives h5diff-identical
/// files on 1, 2 and 3 ranks, and so does a theory-only grid over (eta, g_K, t_final); bad
/// input is refused in one line with exit 2 and nothing written; a learning rate that
/// blows the control up is counted as diverged.
final class NeuralODERunTests: IntegrationTestCase {
    static let smallSweep = """
        [run]
        name = "node"
        seed = 5
        realizations = 5

        [model]
        kind = "neural_ode"
        N = 10
        epochs = 8
        t_final = 0.3
        dt = 0.1

        [sweep]
        eta = [0.3, 0.8]

        [record]
        points = 9
        """

    func testSweepIsTheSameOnOneTwoAndThreeRanks() throws {
        let config = try write(Self.smallSweep)
        let outputs = try runOnRanks(1...3, config: config, name: "node").map(\.output)
        let names = Set(try datasets(in: outputs[0]))
        for name in ["/m_mean", "/m_sem", "/q_mean", "/loss_mean", "/test_loss_mean", "/eta", "/diverged",
                     "/m_theory", "/q_theory", "/loss_theory", "/dmft_error_theory"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        try assertSameAsFirst(outputs)
    }

    func testBadInputIsRefusedInOneLine() throws {
        let cases: [(String, [String], String)] = [
            ("N < 2", ["--set", "model.N=1"], "model.N"),
            ("dt = 0", ["--set", "model.dt=0.0"], "model.dt"),
            ("t_final <= 0", ["--set", "model.t_final=-1.0"], "model.t_final"),
            ("steps not whole", ["--set", "model.dt=0.07"], "would round to 4 steps"),
            ("m0 > sqrt q0", ["--set", "model.m0=1.5"], "sqrt(model.q0)"),
            ("negative temperature", ["--set", "model.T_student=-0.1"], "model.T_student"),
            ("unknown confinement", ["--set", "model.confinement=\"hard\""], "spherical"),
            ("theory of soft confinement", ["--set", "model.confinement=\"soft\""], "theory.enabled = false"),
            ("theory at a temperature", ["--set", "model.T_teacher=0.1"], "zero temperatures"),
            ("theory out of range", ["--set", "model.t_final=30.0", "--set", "model.dt=1.0"], "accurately"),
            ("does not fit in memory", ["--set", "model.N=4000"], "memory"),
        ]
        try assertRefusedInOneLine(config: try write(Self.smallSweep), cases)
    }

    func testTheoryOnlyGridIsTheSameOnOneAndTwoRanks() throws {
        let config = try write("""
            [run]
            name = "node-theory"
            realizations = 0

            [model]
            kind = "neural_ode"
            epochs = 6
            dt = 0.05
            theory_grid = 16

            [sweep]
            eta = [0.2, 0.8]
            g_K = [0.5, 1.5]
            t_final = [0.5, 1.0]

            [record]
            points = 7
            """)
        let outputs = try runOnRanks(1...2, config: config, name: "theory").map(\.output)
        let names = Set(try datasets(in: outputs[0]))
        for name in ["/m_theory", "/q_theory", "/loss_theory", "/eta", "/g_K", "/t_final"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        try assertSameAsFirst(outputs)
    }

    func testSoftConfinementRunsWithTheTheoryOff() throws {
        let config = try write(Self.smallSweep + "\n[theory]\nenabled = false\n")
        let output = path("soft.h5")
        let r = try ProcessRunner.dynsweep(["run", config, "--quiet", "--output", output,
                                            "--set", "model.confinement=\"soft\"", "--set", "model.T_student=0.05"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(Set(try datasets(in: output)).contains("/m_theory"))
    }

    func testExplodingLearningRateIsCountedAsDiverged() throws {
        let config = try write(Self.smallSweep)
        let output = path("diverged.h5")
        let r = try ProcessRunner.dynsweep(["run", config, "--quiet", "--output", output,
                                            "--set", "sweep.eta=[0.3, 1e4]"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dump = try ProcessRunner.run("/usr/bin/h5dump", ["-d", "/diverged", "-w", "0", output], timeout: 30)
        XCTAssertTrue(dump.stdout.contains("(0): 0, 5"), "eta = 0.3 none diverged, eta = 1e4 all five: \(dump.stdout)")
    }
}
