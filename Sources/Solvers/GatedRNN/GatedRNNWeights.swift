/// Where each trained weight of a gated RNN sits in one flat vector (so that the
/// optimizer, clipping and weight decay treat every weight alike). The candidate's and
/// the gate's input and recurrent weights are stacked into P = H + G rows (G = 0, 1 or H
/// gate rows), so one matrix product per step serves both (seed 003, eqs. 1 and 7):
///     Z_t = W_in x_t + b_in + W_rec h_{t-1},  W_in = [W_x; W_s] (P x D),  W_rec = [W_h; U_s] (P x H),
/// rows 0..<H of Z_t are the candidate's pre-activation a_t, rows H..<P the gate's.
struct GatedRNNLayout: Sendable, Equatable {
    let H: Int
    let D: Int
    let G: Int
    var P: Int { H + G }
    var inputWeights: Int { 0 }
    var inputBias: Int { P * D }
    var recurrentWeights: Int { P * D + P }
    var readoutWeights: Int { P * D + P + P * H }
    var readoutBias: Int { readoutWeights + H }
    var count: Int { readoutBias + 1 }

    init(setup: GatedRNNSetup) {
        H = setup.H
        D = setup.D
        G = setup.gateRows
    }

    /// Index of W_rec[row, column].
    func recurrent(_ row: Int, _ column: Int) -> Int { recurrentWeights + row * H + column }
}

/// The initial weights (issue 13): W_x, W_h and w_out Gaussian with variance 1/fan_in or
/// orthogonal (`init`), biases zero, gate weights zero with b_s = logit(s0), so every
/// gate starts at s0. Drawn from disorder substream 0, shared by every sweep point.
enum GatedRNNInitialWeights {
    static func draw(_ setup: GatedRNNSetup, layout: GatedRNNLayout, seed: RealizationSeed) -> [Double] {
        var theta = [Double](repeating: 0, count: layout.count)
        var stream = seed.disorder(0)
        let H = layout.H, D = layout.D
        let wx: [Double], wh: [Double], wout: [Double]
        switch setup.initialization {
        case .gaussian:
            wx = stream.gaussians(H * D, scale: 1 / Double(D).squareRoot())
            wh = stream.gaussians(H * H, scale: 1 / Double(H).squareRoot())
            wout = stream.gaussians(H, scale: 1 / Double(H).squareRoot())
        case .orthogonal:
            wx = Orthonormal.matrix(rows: H, columns: D, from: &stream)
            wh = Orthonormal.matrix(rows: H, columns: H, from: &stream)
            wout = Orthonormal.matrix(rows: 1, columns: H, from: &stream)
        }
        for i in 0..<(H * D) { theta[layout.inputWeights + i] = wx[i] }
        for r in 0..<H { for c in 0..<H { theta[layout.recurrent(r, c)] = wh[r * H + c] } }
        for i in 0..<H { theta[layout.readoutWeights + i] = wout[i] }
        let logit = log(setup.s0 / (1 - setup.s0))
        for g in 0..<layout.G { theta[layout.inputBias + H + g] = logit }
        return theta
    }
}

import Foundation
