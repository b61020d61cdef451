@testable import Solvers
import XCTest

/// BPTT (seed 003, eqs. 4-6) against central finite differences of the loss, for every
/// gate with layer norm on and off, and the forward pass against the independent
/// one-step reference of eq. 1.
final class GatedRNNGradientTests: XCTestCase {
    private let seed = RealizationSeed(runSeed: 11, point: 0, realization: 2)

    func testForwardPassMatchesTheOneStepReference() throws {
        for gate in GateKind.allCases {
            for layerNorm in [false, true] {
                let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: layerNorm)
                let network = GatedRNNNetwork(setup: setup, seed: seed)
                let theta = GatedRNNTestSupport.weights(setup, seed: seed)
                network.chunk.load(network.task, .train, indices: [0, 1, 2][...])
                _ = theta.withUnsafeBufferPointer { network.chunk.forward($0.baseAddress!) }
                let H = setup.H, B = 3
                for b in 0..<B {
                    var h = [Double](repeating: 0, count: H)
                    for (t, x) in GatedRNNTestSupport.inputs(network.chunk, sequence: b).enumerated() {
                        h = GatedRNNTestSupport.step(setup, theta: theta, previous: h, input: x)
                        for q in 0..<H {
                            XCTAssertEqual(network.chunk.h[((t + 1) * B + b) * H + q], h[q], accuracy: 1e-13,
                                           "\(gate) layer_norm \(layerNorm) t \(t)")
                        }
                    }
                }
            }
        }
    }

    /// Relative error of every gradient entry against central differences (step 1e-5:
    /// truncation ~1e-10 x third derivative, rounding ~1e-11 / 1e-5), below 1e-6 of the
    /// gradient's largest entry.
    func testGradientMatchesFiniteDifferencesForEveryGateWithAndWithoutLayerNorm() throws {
        for gate in GateKind.allCases {
            for layerNorm in [false, true] {
                let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: layerNorm)
                let network = GatedRNNNetwork(setup: setup, seed: seed)
                let theta = GatedRNNTestSupport.weights(setup, seed: seed)
                let indices = [0, 1, 2]
                var gradient = [Double](repeating: .nan, count: theta.count)
                _ = try gradient.withUnsafeMutableBufferPointer {
                    try network.loss(theta, .train, indices: indices, gradient: $0.baseAddress, control: UninterruptedRun())
                }
                let scale = gradient.map(abs).max() ?? 0
                XCTAssertGreaterThan(scale, 1e-3)
                let e = 1e-5
                var worst = 0.0
                for i in theta.indices {
                    var up = theta, down = theta
                    up[i] += e
                    down[i] -= e
                    let lu = try network.loss(up, .train, indices: indices, gradient: nil, control: UninterruptedRun())
                    let ld = try network.loss(down, .train, indices: indices, gradient: nil, control: UninterruptedRun())
                    worst = max(worst, abs((lu - ld) / (2 * e) - gradient[i]))
                }
                XCTAssertLessThan(worst / scale, 1e-6, "\(gate), layer_norm \(layerNorm): worst |fd - bptt| \(worst)")
            }
        }
    }

    /// Chunking does not change the gradient: 5 sequences in chunks of 32 equal the sum
    /// over single-sequence gradients weighted by their share.
    func testGradientOfAMinibatchIsTheMeanOfItsSequences() throws {
        let setup = try GatedRNNTestSupport.setup(gate: .diagonal, ["train_sequences": 5, "batch": 5])
        let network = GatedRNNNetwork(setup: setup, seed: seed)
        let theta = GatedRNNTestSupport.weights(setup, seed: seed)
        var all = [Double](repeating: 0, count: theta.count), one = all, mean = all
        _ = try all.withUnsafeMutableBufferPointer {
            try network.loss(theta, .train, indices: [0, 1, 2, 3, 4], gradient: $0.baseAddress, control: UninterruptedRun())
        }
        for i in 0..<5 {
            _ = try one.withUnsafeMutableBufferPointer {
                try network.loss(theta, .train, indices: [i], gradient: $0.baseAddress, control: UninterruptedRun())
            }
            for k in mean.indices { mean[k] += one[k] / 5 }
        }
        for k in mean.indices { XCTAssertEqual(all[k], mean[k], accuracy: 1e-14 * max(1, abs(mean[k]))) }
    }
}
