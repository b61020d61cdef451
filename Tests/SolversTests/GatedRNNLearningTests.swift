@testable import Solvers
import XCTest

/// Training (seed 003, eqs. 2-3) learns what the gate's time scale reaches and not what
/// lies beyond it (the learnability window's premise).
final class GatedRNNLearningTests: XCTestCase {
    private func run(_ parameters: ParameterSet, realization: Int = 0) throws -> Trajectories {
        let model = try GatedRNN(parameters: parameters, theoryEnabled: true)
        let epochs = Double(model.setup.epochs)
        return try model.simulate(seed: RealizationSeed(runSeed: 21, point: 0, realization: realization),
                                  times: [0, epochs], control: UninterruptedRun()).simulation
    }

    /// Lags 1 and 2 with a diagonal gate at s0 = 0.5 (tau = 1.4): 30 epochs of adamw
    /// remove at least half of the initial loss, in each of two realizations.
    func testTrainingReducesTheLossOnReachableLags() throws {
        for realization in 0..<2 {
            let record = try run(["T": 32, "H": 16, "D": 4, "lags": .intList([1, 2]), "coefficients": .doubleList([0.6, 0.5]),
                                  "s0": 0.5, "lr": 0.01, "epochs": 30, "train_sequences": 256, "max_lag": 16],
                                 realization: realization)
            let loss = try record.trajectory("diag_loss")
            XCTAssertLessThan(loss[1], 0.5 * loss[0], "realization \(realization): \(loss)")
            let train = try record.trajectory("train_loss")
            XCTAssertLessThan(train[1], 0.5 * train[0])
        }
    }

    /// A constant gate at s0 = 0.5 (tau = -1/ln 0.5 = 1.44) and lags 1 and 30, c = 0.6 each:
    /// the lag-30 term is out of reach (0.5^30 = 1e-9 of its signal survives), so the
    /// diagnostic loss cannot fall below its variance plus the noise's, c^2 (T - 30)/T +
    /// sigma_n^2 = 0.2013, beyond the diagnostic set's sampling error: 128 x 34 samples of a
    /// chi-square(1) have a relative standard error sqrt(2 / 4352) = 2.1%; 4 of them allowed.
    /// The lag-1 term is in reach: at least half of its variance, c^2 63/64, is learned.
    func testLagsBeyondTheGateTimeScaleAreNotLearned() throws {
        let T = 64.0, c = 0.6, noise = 0.1
        let record = try run(["T": 64, "H": 16, "D": 4, "lags": .intList([1, 30]), "coefficients": .doubleList([c, c]),
                              "noise": .double(noise), "gate": "constant", "s0": 0.5, "lr": 0.01, "epochs": 30,
                              "train_sequences": 256, "diag_sequences": 128, "max_lag": 40])
        let loss = try record.trajectory("diag_loss")
        let floor = c * c * (T - 30) / T + noise * noise
        XCTAssertGreaterThan(loss[1], floor * (1 - 4 * (2.0 / (128 * 34)).squareRoot()), "\(loss)")
        XCTAssertLessThan(loss[1], floor + 0.5 * c * c * (T - 1) / T, "\(loss)")
        let tau0 = try record.trajectory("tau0")
        for tau in tau0 { XCTAssertEqual(tau, -1 / log(0.5), accuracy: 1e-9) }
    }
}
