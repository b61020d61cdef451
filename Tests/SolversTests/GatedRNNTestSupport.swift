@testable import Solvers
import XCTest

/// Small gated RNNs for the tests, and an independent one-step reference of seed 003's
/// eq. 1 written from the equations (not from `GatedRNNChunk`).
enum GatedRNNTestSupport {
    static func setup(gate: GateKind, layerNorm: Bool = false, _ extra: ParameterSet = [:]) throws -> GatedRNNSetup {
        var p: ParameterSet = ["T": 7, "D": 2, "H": 3, "lags": .intList([1, 3]), "coefficients": .doubleList([0.7, -0.5]),
                               "train_sequences": 3, "diag_sequences": 3, "batch": 3, "max_lag": 6, "lag_points": 6,
                               "gate": .string(gate.rawValue), "layer_norm": .bool(layerNorm)]
        for (k, v) in extra.values { p = p.setting(k, to: v) }
        return try GatedRNNSetup(p)
    }

    /// Initial weights with every gate weight moved off zero (so the gate's derivatives
    /// are exercised) by Gaussians of size `gateScale`.
    static func weights(_ setup: GatedRNNSetup, seed: RealizationSeed, gateScale: Double = 0.5) -> [Double] {
        let layout = GatedRNNLayout(setup: setup)
        var theta = GatedRNNInitialWeights.draw(setup, layout: layout, seed: seed)
        var stream = RandomStream(key: .disorder(seed: 77, realization: 0, substream: 9))
        for g in 0..<layout.G {
            for d in 0..<layout.D { theta[layout.inputWeights + (layout.H + g) * layout.D + d] += gateScale * stream.nextGaussian() }
            for c in 0..<layout.H { theta[layout.recurrent(layout.H + g, c)] += gateScale * stream.nextGaussian() }
            theta[layout.inputBias + layout.H + g] += gateScale * stream.nextGaussian()
        }
        theta[layout.readoutBias] = 0.1
        return theta
    }

    /// h_t from h_{t-1} and x_t by eq. 1 (with eq. 7's gate, or one shared scalar gate,
    /// or s0), for one sequence.
    static func step(_ setup: GatedRNNSetup, theta: [Double], previous: [Double], input: [Double]) -> [Double] {
        let layout = GatedRNNLayout(setup: setup)
        let H = layout.H, D = layout.D
        func row(_ r: Int) -> Double {
            var v = theta[layout.inputBias + r]
            for d in 0..<D { v += theta[layout.inputWeights + r * D + d] * input[d] }
            for c in 0..<H { v += theta[layout.recurrent(r, c)] * previous[c] }
            return v
        }
        var a = (0..<H).map(row)
        if setup.layerNorm {
            let mean = a.reduce(0, +) / Double(H)
            let variance = a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(H)
            a = a.map { ($0 - mean) / (variance + GatedRNNChunk.normEpsilon).squareRoot() }
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        let s: [Double]
        switch setup.gate {
        case .constant: s = Array(repeating: setup.s0, count: H)
        case .shared: s = Array(repeating: sigmoid(row(H)), count: H)
        case .diagonal: s = (0..<H).map { sigmoid(row(H + $0)) }
        }
        return (0..<H).map { q in (1 - s[q]) * previous[q] + s[q] * tanh(a[q]) }
    }

    /// The inputs of sequence `b` of a loaded chunk, step by step.
    static func inputs(_ chunk: GatedRNNChunk, sequence b: Int) -> [[Double]] {
        let D = chunk.layout.D, B = chunk.count
        return (0..<chunk.T).map { t in (0..<D).map { chunk.x[(t * B + b) * D + $0] } }
    }

    /// The one-step Jacobian dh_t/dh_{t-1} (H x H, row-major) by central differences of `step`.
    static func jacobian(_ setup: GatedRNNSetup, theta: [Double], previous: [Double], input: [Double]) -> [Double] {
        let H = previous.count, e = 1e-6
        var J = [Double](repeating: 0, count: H * H)
        for r in 0..<H {
            var up = previous, down = previous
            up[r] += e
            down[r] -= e
            let hu = step(setup, theta: theta, previous: up, input: input)
            let hd = step(setup, theta: theta, previous: down, input: input)
            for q in 0..<H { J[q * H + r] = (hu[q] - hd[q]) / (2 * e) }
        }
        return J
    }
}
