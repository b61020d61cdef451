@testable import Solvers
import XCTest

/// Issue 14's tangents v_t = (dh_t/dtheta)[w] against central differences of h_t along w,
/// for every gate with layer norm on and off, and the matched signal's definition.
final class GatedRNNTangentTests: XCTestCase {
    private let seed = RealizationSeed(runSeed: 13, point: 0, realization: 4)

    /// Step 1e-5 along a unit w: the central difference is exact to ~1e-10 x the third
    /// derivative, and rounding adds ~1e-16 / 1e-5; 1e-8 leaves room for both.
    func testTangentsMatchFiniteDifferencesOfTheStates() throws {
        for gate in GateKind.allCases {
            for layerNorm in [false, true] {
                let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: layerNorm)
                let network = GatedRNNNetwork(setup: setup, seed: seed)
                let theta = GatedRNNTestSupport.weights(setup, seed: seed)
                let chunk = network.chunk, H = setup.H, T = setup.T, B = 3
                chunk.load(network.task, .diagnostic, indices: [0, 1, 2][...])
                func states(_ weights: [Double]) -> [Double] {
                    _ = weights.withUnsafeBufferPointer { chunk.forward($0.baseAddress!) }
                    return Array(UnsafeBufferPointer(start: chunk.h, count: (T + 1) * B * H))
                }
                let e = 1e-5
                let up = states(zip(theta, network.direction).map { $0 + e * $1 })
                let down = states(zip(theta, network.direction).map { $0 - e * $1 })
                _ = states(theta)
                let tangent = ParameterTangent(chunk: chunk)
                theta.withUnsafeBufferPointer { t in
                    network.direction.withUnsafeBufferPointer { tangent.propagate(t.baseAddress!, direction: $0.baseAddress!) }
                }
                var worst = 0.0, largest = 0.0
                for i in 0..<((T + 1) * B * H) {
                    worst = max(worst, abs((up[i] - down[i]) / (2 * e) - tangent.v[i]))
                    largest = max(largest, abs(tangent.v[i]))
                }
                XCTAssertGreaterThan(largest, 1e-3, "\(gate) LN \(layerNorm): the tangent is not trivially zero")
                XCTAssertLessThan(worst, 1e-8, "\(gate) LN \(layerNorm)")
            }
        }
    }

    /// The recorded window is non-decreasing in N, and at each N it is the largest lag whose
    /// recorded N* is at most N (N* is censored only beyond the grid's end).
    func testRecordedWindowFollowsTheRecordedRequiredSamples() throws {
        let model = try GatedRNN(parameters: ["T": 48, "H": 8, "train_sequences": 64, "diag_sequences": 16, "epochs": 3,
                                              "lr": 0.01, "max_lag": 24, "n_max": 1e9, "n_points": 9],
                                 theoryEnabled: true)
        let output = try model.simulate(seed: seed, times: [0, 3], control: UninterruptedRun())
        let lags = model.setup.lagGrid.map(Double.init), grid = model.setup.sampleSizeGrid, L = lags.count
        let window = try output.simulation.trajectory("window"), required = try output.simulation.trajectory("n_required")
        let alpha = try output.simulation.trajectory("tail_alpha")
        XCTAssertTrue(alpha.allSatisfy { $0 > 0 && $0 <= 2 }, "\(alpha)")
        for time in 0..<2 {
            let h = Array(window[(time * grid.count)..<((time + 1) * grid.count)])
            let r = Array(required[(time * L)..<((time + 1) * L)])
            XCTAssertEqual(h, h.sorted(), "H_N is non-decreasing in N")
            for (n, hn) in zip(grid.dropLast(), h) {
                XCTAssertEqual(hn, LearnabilityWindow.window(lags: lags, required: r, n: n), "N = \(n)")
            }
        }
        XCTAssertEqual(try output.theory.trajectory("window").count, 2 * grid.count)
    }

    func testSignalIsTheAbsoluteMeanWithOneSignForTheWholeSet() {
        XCTAssertEqual(MatchedStatistic.signal([1, -3, 0.5]), 0.5, accuracy: 1e-15)
        XCTAssertTrue(MatchedStatistic.signal([]).isNaN)
    }

    func testDirectionIsAUnitVectorOverEveryWeight() throws {
        let setup = try GatedRNNTestSupport.setup(gate: .diagonal)
        let network = GatedRNNNetwork(setup: setup, seed: seed)
        XCTAssertEqual(network.direction.count, network.layout.count)
        XCTAssertEqual(network.direction.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-14)
    }
}
