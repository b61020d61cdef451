import XCTest
@testable import Solvers

/// The neural_ode DMFT against the finite-N simulation at N = 100 (issue 12; the N = 100,
/// 200, 400 study with the fitted finite-size rate is `make validate`, recorded in
/// docs/models/neural_ode_dmft.md). Tolerances: 4 SEM of the simulated mean plus a
/// finite-size allowance of 1/N times the quantity's scale (the DMFT is the N -> infinity
/// limit; its corrections are O(1/N) with O(1) coefficients).
final class NeuralODETheorySimulationTests: XCTestCase {
    /// The first update's gradient statistics from (m0, q0) = (0.5, 1), g_J = g_K = t_final = 1,
    /// over 160 realizations of the disorder and input: g.w*/N = D + Gamma m0, g.w0/N =
    /// Gamma q0 + D m0, |g|^2/N = Gamma^2 q0 + 2 Gamma D m0 + D^2 + Sigma, and the loss.
    func testFirstUpdateGradientMatchesTheTheory() throws {
        let N = 100, count = 160
        let setup = try NeuralODETesting.setup(["N": .int(N), "t_final": 1.0, "dt": 0.05, "m0": 0.5, "q0": 1.0])
        let k = try NeuralODE.meanField(setup, grid: 64).coefficients(m: 0.5, q: 1)
        let predicted = [("g.w*/N", k.D + k.gamma * 0.5), ("g.w0/N", k.gamma + k.D * 0.5),
                         ("|g|^2/N", k.gamma * k.gamma + 2 * k.gamma * k.D * 0.5 + k.D * k.D + k.sigma),
                         ("loss/N", k.loss)]
        var samples = [[Double]](repeating: [], count: 4)
        for r in 0..<count {
            let system = NeuralODETesting.system(setup, realization: r)
            let input = NeuralODESystem.pointOnSphere(N: N, from: &system.trainingInputs)
            let (loss, g) = NeuralODETesting.lossAndGradient(system, control: system.initialControl, input: input,
                                                             gradient: true)
            samples[0].append(NeuralODETesting.dot(g, system.teacherControl) / Double(N))
            samples[1].append(NeuralODETesting.dot(g, system.initialControl) / Double(N))
            samples[2].append(NeuralODETesting.dot(g, g) / Double(N))
            samples[3].append(loss / Double(N))
        }
        for (index, (name, theory)) in predicted.enumerated() {
            let x = samples[index], mean = x.reduce(0, +) / Double(count)
            let sem = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1) / Double(count)).squareRoot()
            XCTAssertEqual(mean, theory, accuracy: 4 * sem + abs(theory) / Double(N),
                           "\(name): simulation \(mean) +- \(sem), theory \(theory)")
        }
    }

    /// Learning curves at (g_J, g_K, t_final, eta) = (1, 1, 1, 0.5) from (0, 1): m, q and the
    /// loss over 8 epochs, 40 realizations at N = 100.
    func testLearningCurveMatchesTheTheory() throws {
        let N = 100, count = 40, epochs = 8
        let model = try NeuralODE(parameters: ["N": .int(N), "t_final": 1.0, "dt": 0.05, "eta": 0.5,
                                               "epochs": .int(epochs), "test_samples": 8], theoryEnabled: true)
        let times = (0...epochs).map(Double.init)
        let theory = try model.pointTheory(times: times, control: UninterruptedRun(), reduction: SingleParticipant())
        var sums = [String: [Double]](), squares = [String: [Double]]()
        for r in 0..<count {
            let out = try model.simulate(seed: RealizationSeed(runSeed: 12, point: 0, realization: r), times: times,
                                         control: UninterruptedRun())
            XCTAssertFalse(out.diverged)
            for name in ["m", "q", "test_loss"] {
                let x = out.simulation[ObservableName(name)]
                sums[name] = zip(sums[name] ?? [Double](repeating: 0, count: x.count), x).map { $0 + $1 }
                squares[name] = zip(squares[name] ?? [Double](repeating: 0, count: x.count), x).map { $0 + $1 * $1 }
            }
        }
        for name in ["m", "q", "test_loss"] {
            let predicted = theory[ObservableName(name)]
            for e in 0...epochs {
                let mean = sums[name]![e] / Double(count)
                let variance = max(0, squares[name]![e] / Double(count) - mean * mean) * Double(count) / Double(count - 1)
                let sem = (variance / Double(count)).squareRoot()
                let scale = name == "test_loss" ? predicted[0] : 1
                XCTAssertEqual(mean, predicted[e], accuracy: 4 * sem + scale / Double(N),
                               "\(name)(\(e)): simulation \(mean) +- \(sem), theory \(predicted[e])")
            }
        }
    }
}
