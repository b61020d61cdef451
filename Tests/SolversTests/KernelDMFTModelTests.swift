import Foundation
import XCTest
import Solvers

/// The `Model` contract of `kernel_dmft`: parameters, validation, layout, theory mode.
final class KernelDMFTModelTests: XCTestCase {
    private func parameters(_ overrides: [String: ParameterValue] = [:]) -> ParameterSet {
        var values = [String: ParameterValue]()
        for spec in KernelDMFT.parameters { if let d = spec.defaultValue { values[spec.name] = d } }
        for (k, v) in overrides { values[k] = v }
        return ParameterSet(values)
    }

    func testBadParametersNameTheParameter() {
        let bad: [(String, ParameterValue, String)] = [
            ("L", .int(0), "model.L"), ("P", .int(0), "model.P"), ("dt", .double(0), "model.dt"),
            ("T", .double(-1), "model.T"), ("N", .int(0), "model.N"), ("gamma0", .double(0), "model.gamma0"),
            ("gamma0", .double(.nan), "model.gamma0"), ("damping", .double(1.5), "model.damping"),
            ("samples", .int(0), "model.samples"), ("phi", .string("gelu"), "model.phi"),
            ("inputs", .string("x"), "model.inputs"), ("D", .int(0), "model.D"),
            ("tolerance", .double(0), "model.tolerance"), ("max_iterations", .int(0), "model.max_iterations"),
            ("solver", .string("newton"), "model.solver"), ("prediction", .string("exact"), "model.prediction"),
        ]
        for (name, value, expected) in bad {
            XCTAssertThrowsError(try KernelDMFT(parameters: parameters([name: value]), theoryEnabled: true)) { error in
                guard let e = error as? ModelError else { return XCTFail("\(name): not a ModelError") }
                XCTAssertTrue(e.message.hasPrefix(expected), "\(name): '\(e.message)'")
                XCTAssertFalse(e.message.contains("\n"))
            }
        }
        // Whitened inputs need P <= D; the DMFT grid must fit, but only with the theory on.
        XCTAssertThrowsError(try KernelDMFT(parameters: parameters(["inputs": .string("whitened"), "P": .int(60)]),
                                            theoryEnabled: true))
        let long = parameters(["T": .double(1000), "dt": .double(0.01)])
        XCTAssertThrowsError(try KernelDMFT(parameters: long, theoryEnabled: true))
        XCTAssertNoThrow(try KernelDMFT(parameters: long, theoryEnabled: false))
        XCTAssertNoThrow(try KernelDMFT(parameters: parameters(), theoryEnabled: true))
        // The Monte Carlo march holds every sample's history: 10 L n S Doubles at most 8e9.
        let many: [String: ParameterValue] = ["samples": .int(2_000_000), "T": .double(10)]
        XCTAssertThrowsError(try KernelDMFT(parameters: parameters(many), theoryEnabled: true)) { error in
            XCTAssertTrue((error as? ModelError)?.message.hasPrefix("model.samples") ?? false, "\(error)")
        }
        let iterate = parameters(many.merging(["solver": .string("iterate")]) { $1 })
        XCTAssertNoThrow(try KernelDMFT(parameters: iterate, theoryEnabled: true))
    }

    func testLayoutAndTheoryMode() throws {
        let m = try KernelDMFT(parameters: parameters(["L": .int(3), "P": .int(4), "T": .double(1)]), theoryEnabled: true)
        XCTAssertEqual(m.observables.map(\.name),
                       ["loss", "delta_norm", "phi_trace", "phi_trace0", "g_trace", "g_trace0", "phi_kernel", "g_kernel",
                        "h_density"])
        XCTAssertEqual(m.observables[6].sizePerTime, 3 * 4 * 4)
        XCTAssertEqual(m.theoryObservables.suffix(2).map(\.name), ["dmft_iterations", "dmft_residual"])
        XCTAssertEqual(m.theoryMode, .perPointCollective)
        XCTAssertEqual(m.lossObservable, "loss")
        XCTAssertEqual(KernelDMFT.timeAxis.endParameter, "T")
        let linear = try KernelDMFT(parameters: parameters(["phi": .string("linear")]), theoryEnabled: true)
        XCTAssertEqual(linear.theoryMode, .perPoint)
        let lazy = try KernelDMFT(parameters: parameters(["approximation": .string("static_ntk")]), theoryEnabled: true)
        XCTAssertEqual(lazy.theoryMode, .perPoint)
        XCTAssertEqual(try KernelDMFT(parameters: parameters(), theoryEnabled: false).theoryMode, .none)
        XCTAssertGreaterThan(m.cost.flopsPerTheory, 0)
        // A simulated realization has every observable at every time, and is reproducible.
        let times: [Double] = [0, 0.5, 1]
        let seed = RealizationSeed(runSeed: 1, point: 0, realization: 2)
        let out = try m.simulate(seed: seed, times: times, control: UninterruptedRun())
        try ObservableSpec.check(out.simulation, against: m.observables, timeCount: times.count, model: "kernel_dmft",
                                 what: "simulation")
        XCTAssertEqual(out.simulation.names.count, 9)
        XCTAssertEqual(try m.simulate(seed: seed, times: times, control: UninterruptedRun()).simulation, out.simulation)
        XCTAssertFalse(out.diverged)
    }
}
