/// The update theta_{r+1} = theta_r - Lambda_r grad L (seed 003, eqs. 2-3) for the four
/// optimizers of issue 13, after global gradient-norm clipping (as torch's
/// clip_grad_norm_ followed by its optimizers):
///   sgd:      theta -= lr (g + wd theta)
///   momentum: v = beta1 v + g + wd theta;  theta -= lr v
///   adam:     g' = g + wd theta;  m = b1 m + (1-b1) g';  v = b2 v + (1-b2) g'^2;
///             theta -= lr mhat / (sqrt(vhat) + 1e-8)  (bias-corrected mhat, vhat)
///   adamw:    theta *= 1 - lr wd first, then adam with g' = g.
struct ParameterOptimizer {
    let kind: OptimizerKind
    let lr: Double
    let weightDecay: Double
    let clip: Double
    let beta1: Double
    let beta2: Double
    static let epsilon = 1e-8
    private var first: [Double]
    private var second: [Double]
    private(set) var steps = 0

    init(setup: GatedRNNSetup, count: Int) {
        kind = setup.optimizer
        lr = setup.lr
        weightDecay = setup.weightDecay
        clip = setup.clip
        beta1 = setup.beta1
        beta2 = setup.beta2
        first = [Double](repeating: 0, count: count)
        second = kind == .adam || kind == .adamw ? first : []
    }

    /// Scales `gradient` to norm `clip` when it is longer (clip = 0: never); returns the
    /// norm before clipping.
    @discardableResult
    static func clipNorm(_ gradient: inout [Double], to clip: Double) -> Double {
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if clip > 0, norm > clip {
            let scale = clip / norm
            for i in gradient.indices { gradient[i] *= scale }
        }
        return norm
    }

    /// One update of `theta` by `gradient` (clipped in place first).
    mutating func step(_ theta: inout [Double], gradient: inout [Double]) {
        Self.clipNorm(&gradient, to: clip)
        steps += 1
        switch kind {
        case .sgd:
            for i in theta.indices { theta[i] -= lr * (gradient[i] + weightDecay * theta[i]) }
        case .momentum:
            for i in theta.indices {
                first[i] = beta1 * first[i] + gradient[i] + weightDecay * theta[i]
                theta[i] -= lr * first[i]
            }
        case .adam, .adamw:
            let decoupled = kind == .adamw
            let c1 = 1 - pow(beta1, Double(steps)), c2 = 1 - pow(beta2, Double(steps))
            for i in theta.indices {
                var g = gradient[i]
                if decoupled { theta[i] *= 1 - lr * weightDecay } else { g += weightDecay * theta[i] }
                first[i] = beta1 * first[i] + (1 - beta1) * g
                second[i] = beta2 * second[i] + (1 - beta2) * g * g
                theta[i] -= lr * (first[i] / c1) / ((second[i] / c2).squareRoot() + Self.epsilon)
            }
        }
    }
}

import Foundation
