@testable import Solvers
import XCTest

/// Seed 003's effective learning rates (eqs. 8-9): the constant gate's closed forms, the
/// kept diagonal against the finite-difference Jacobian, the first-order expansion
/// against the exact product of the diagonals (to second order), and the size of what
/// the diagonal expansion drops (off-diagonal terms) against the full Jacobian product.
final class GatedRNNDiagnosticsTests: XCTestCase {
    private let seed = RealizationSeed(runSeed: 5, point: 0, realization: 1)

    /// Constant gate: gamma0 = (1 - s)^l exactly, so the zeroth-order envelope of every
    /// neuron is eta (1 - s)^l, its exponential fit has slope ln(1 - s), and tau0 =
    /// -1/ln(1 - s) = 19.4957 at s = 0.05.
    func testConstantGateZerothOrderIsExactlyGeometric() throws {
        let setup = try GatedRNNTestSupport.setup(gate: .constant, ["T": 40, "max_lag": 30, "lag_points": 8,
                                                                    "s0": 0.05, "lr": 0.01])
        let network = GatedRNNNetwork(setup: setup, seed: seed)
        let theta = GatedRNNInitialWeights.draw(setup, layout: network.layout, seed: seed)
        let (_, rates) = try network.diagnostics(theta, control: UninterruptedRun())
        let lags = setup.lagGrid.map(Double.init), L = lags.count
        let (_, zeroth) = rates.perNeuron
        for q in 0..<setup.H {
            for (i, l) in lags.enumerated() {
                XCTAssertEqual(zeroth[q * L + i], 0.01 * pow(0.95, l), accuracy: 1e-15, "neuron \(q), lag \(l)")
            }
            let f = Array(zeroth[(q * L)..<((q + 1) * L)])
            let fit = try XCTUnwrap(TimeScaleFits.line(lags, TimeScaleFits.logs(f)))
            XCTAssertEqual(fit.slope, log(0.95), accuracy: 1e-12)
            XCTAssertEqual(TimeScaleFits.timeScale(lags: lags, envelope: f, tauMax: 1e4), 19.4957, accuracy: 5e-5)
        }
    }

    /// leak + E (the kept diagonal) is the diagonal of dh_t/dh_{t-1} by central differences
    /// of the independent one-step reference, for every gate, layer norm on and off.
    func testKeptTermIsTheDiagonalOfTheOneStepJacobian() throws {
        for gate in GateKind.allCases {
            for layerNorm in [false, true] {
                let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: layerNorm)
                let (network, theta) = try loaded(setup)
                let terms = theta.withUnsafeBufferPointer {
                    EffectiveLearningRates.oneStepTerms(network.chunk, theta: $0.baseAddress!, sequence: 1)
                }
                let H = setup.H
                var h = [Double](repeating: 0, count: H)
                for (t, x) in GatedRNNTestSupport.inputs(network.chunk, sequence: 1).enumerated() {
                    let J = GatedRNNTestSupport.jacobian(setup, theta: theta, previous: h, input: x)
                    for q in 0..<H {
                        let leak = exp(terms.logLeak[t * H + q])
                        let diagonal = leak * (1 + terms.correction[t * H + q])
                        XCTAssertEqual(diagonal, J[q * H + q], accuracy: 1e-8, "\(gate) LN \(layerNorm) t \(t) q \(q)")
                    }
                    h = GatedRNNTestSupport.step(setup, theta: theta, previous: h, input: x)
                }
            }
        }
    }

    /// gamma0 + gamma1 = gamma0 (1 + sum_j e_j), e_j = E_j / (1 - s_j), against the exact
    /// product gamma0 prod_j (1 + e_j) of the diagonals: the remainder is second order,
    /// bounded by gamma0 (exp(sum |e_j|) - 1 - sum |e_j|).
    func testFirstOrderExpansionIsWithinItsSecondOrderBound() throws {
        for gate in GateKind.allCases {
            let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: gate == .diagonal)
            let (network, theta) = try loaded(setup)
            let terms = theta.withUnsafeBufferPointer {
                EffectiveLearningRates.oneStepTerms(network.chunk, theta: $0.baseAddress!, sequence: 0)
            }
            let H = setup.H, T = setup.T
            var largest = 0.0
            for t in 1..<T {
                for l in 1...t {
                    for q in 0..<H {
                        var gamma0 = 1.0, product = 1.0, sum = 0.0, absolute = 0.0
                        for j in (t - l + 1)...t {
                            let e = terms.correction[j * H + q]
                            gamma0 *= exp(terms.logLeak[j * H + q])
                            product *= 1 + e
                            sum += e
                            absolute += abs(e)
                        }
                        let remainder = abs(gamma0 * product - gamma0 * (1 + sum))
                        XCTAssertLessThanOrEqual(remainder, gamma0 * (exp(absolute) - 1 - absolute) + 1e-14,
                                                 "\(gate) t \(t) l \(l) q \(q)")
                        largest = max(largest, remainder / gamma0)
                    }
                }
            }
            XCTAssertGreaterThan(largest, 0, "\(gate): the corrections are not all zero")
        }
    }

    /// Everything the diagonal first-order rate drops (the off-diagonal terms of E and
    /// the higher orders) is second order in the recurrent weights: with W_h and U_s scaled
    /// by eps, max |diag(M_{t,t-l}) - (gamma0 + gamma1)| / gamma0 over t, l, q falls by 4
    /// (within 20%) when eps halves, where M is the exact product of the full
    /// finite-difference Jacobians; a first-order mistake would give 2.
    func testDroppedTermsAreSecondOrderInTheRecurrentWeights() throws {
        for (gate, layerNorm) in [(GateKind.constant, false), (.diagonal, false), (.diagonal, true), (.shared, true)] {
            let setup = try GatedRNNTestSupport.setup(gate: gate, layerNorm: layerNorm)
            let errors = try [0.4, 0.2].map { try droppedPart(setup, recurrentScale: $0) }
            let ratio = errors[0] / errors[1]
            XCTAssertEqual(ratio, 4, accuracy: 0.8, "\(gate) LN \(layerNorm): dropped part \(errors)")
        }
    }

    // MARK: - Helpers

    /// A network with gate weights off zero and its diagnostic chunk loaded and run.
    private func loaded(_ setup: GatedRNNSetup, recurrentScale: Double = 1) throws -> (GatedRNNNetwork, [Double]) {
        let network = GatedRNNNetwork(setup: setup, seed: seed)
        var theta = GatedRNNTestSupport.weights(setup, seed: seed)
        let layout = network.layout
        for r in 0..<layout.P { for c in 0..<layout.H { theta[layout.recurrent(r, c)] *= recurrentScale } }
        network.chunk.load(network.task, .diagnostic, indices: [0, 1, 2][...])
        _ = theta.withUnsafeBufferPointer { network.chunk.forward($0.baseAddress!) }
        return (network, theta)
    }

    /// max over (t, l, q) of |diag(J_t ... J_{t-l+1}) - (gamma0 + gamma1)| / gamma0.
    private func droppedPart(_ setup: GatedRNNSetup, recurrentScale: Double) throws -> Double {
        let (network, theta) = try loaded(setup, recurrentScale: recurrentScale)
        let terms = theta.withUnsafeBufferPointer {
            EffectiveLearningRates.oneStepTerms(network.chunk, theta: $0.baseAddress!, sequence: 0)
        }
        let H = setup.H
        var jacobians: [[Double]] = []
        var h = [Double](repeating: 0, count: H)
        for x in GatedRNNTestSupport.inputs(network.chunk, sequence: 0) {
            jacobians.append(GatedRNNTestSupport.jacobian(setup, theta: theta, previous: h, input: x))
            h = GatedRNNTestSupport.step(setup, theta: theta, previous: h, input: x)
        }
        var worst = 0.0
        for t in 1..<setup.T {
            var M = jacobians[t]  // J_t, then J_t J_{t-1}, ...
            for l in 1...t {
                if l > 1 { M = multiply(M, jacobians[t - l + 1], H) }
                for q in 0..<H {
                    var gamma0 = 1.0, sum = 0.0
                    for j in (t - l + 1)...t {
                        gamma0 *= exp(terms.logLeak[j * H + q])
                        sum += terms.correction[j * H + q]
                    }
                    worst = max(worst, abs(M[q * H + q] - gamma0 * (1 + sum)) / gamma0)
                }
            }
        }
        return worst
    }

    private func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for k in 0..<n { for j in 0..<n { c[i * n + j] += a[i * n + k] * b[k * n + j] } } }
        return c
    }
}
