import Foundation
import XCTest

/// gated_rnn (seed 003) through the executable: a gate x optimizer sweep gives
/// h5diff-identical files on 1, 2 and 3 ranks, with the lag axis labelled by its lags;
/// bad input is refused in one line with exit 2 and nothing written; a learning rate that
/// blows the weights up is counted as diverged.
final class GatedRNNRunTests: IntegrationTestCase {
    static let smallSweep = """
        [run]
        name = "grnn"
        seed = 3
        realizations = 3

        [model]
        kind = "gated_rnn"
        T = 16
        D = 2
        H = 6
        lags = [2, 5]
        coefficients = [0.6, 0.4]
        train_sequences = 16
        diag_sequences = 4
        batch = 8
        epochs = 3
        max_lag = 8
        lag_points = 5

        [sweep]
        gate = ["constant", "diagonal"]
        optimizer = ["sgd", "adamw"]

        [record]
        points = 4
        """

    func testSweepIsTheSameOnOneTwoAndThreeRanks() throws {
        let config = try write(Self.smallSweep)
        let outputs = try runOnRanks(1...3, config: config, name: "grnn").map(\.output)
        let names = Set(try datasets(in: outputs[0]))
        for name in ["/train_loss_mean", "/diag_loss_mean", "/envelope_mean", "/envelope0_mean", "/envelope_neuron_mean",
                     "/tau_mean", "/tau0_mean", "/tau_density_mean", "/envelope_theory", "/envelope_theory_sem",
                     "/envelope_class_best_mean", "/gate", "/optimizer", "/lag", "/tau_bin", "/signal_mean",
                     "/tail_alpha_mean", "/tail_scale_mean", "/n_required_mean", "/window_mean", "/window_theory",
                     "/n_grid", "/estimator"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        let lags = try ProcessRunner.run("/usr/bin/h5dump", ["-d", "/lag", "-w", "0", outputs[0]], timeout: 30)
        XCTAssertTrue(lags.stdout.contains("(0): 1, 2, 3, 5, 8"), "the lag axis holds the lag grid: \(lags.stdout)")
        try assertSameAsFirst(outputs)
    }

    func testBadInputIsRefusedInOneLine() throws {
        let cases: [(String, [String], String)] = [
            ("lag >= T", ["--set", "model.lags=[2, 16]"], "every lag must be < T"),
            ("coefficients mismatch", ["--set", "model.coefficients=[0.6]"], "one coefficient per lag"),
            ("s0 = 1", ["--set", "model.s0=1.0"], "model.s0"),
            ("s0 = 0", ["--set", "model.s0=0.0"], "model.s0"),
            ("H < 1", ["--set", "model.H=0"], "model.H"),
            ("unknown gate", ["--set", "sweep.gate=[\"lstm\"]"], "constant"),
            ("unknown optimizer", ["--set", "sweep.optimizer=[\"rmsprop\"]"], "adamw"),
            ("negative rate", ["--set", "model.lr=-0.1"], "model.lr"),
            ("negative weight decay", ["--set", "model.weight_decay=-1.0"], "model.weight_decay"),
            ("lags not a list", ["--set", "model.lags=3"], "list of integers"),
            ("batch > train set", ["--set", "model.batch=17"], "train_sequences"),
            ("max_lag >= T", ["--set", "model.max_lag=16"], "model.max_lag"),
            ("does not fit in memory", ["--set", "model.T=1000000", "--set", "model.H=20000"], "memory"),
        ]
        try assertRefusedInOneLine(config: try write(Self.smallSweep), cases)
    }

    func testExplodingLearningRateIsCountedAsDiverged() throws {
        let config = try write(Self.smallSweep)
        let output = path("diverged.h5")
        let r = try ProcessRunner.dynsweep(["run", config, "--quiet", "--output", output,
                                            "--set", "sweep.gate=[\"diagonal\"]", "--set", "sweep.optimizer=[\"sgd\"]",
                                            "--set", "sweep.lr=[0.01, 1e6]", "--set", "model.clip=0.0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dump = try ProcessRunner.run("/usr/bin/h5dump", ["-d", "/diverged", "-w", "0", output], timeout: 30)
        XCTAssertTrue(dump.stdout.contains("(0): 0, 3"), "lr = 0.01 none diverged, lr = 1e6 all three: \(dump.stdout)")
    }
}
