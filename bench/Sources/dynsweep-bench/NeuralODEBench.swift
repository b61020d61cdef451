import Foundation
import LinearAlgebra
import Solvers

/// `dynsweep-bench neural-ode [--n N,N,...] [--epochs E]`: epochs per second of one
/// neural_ode realization on one core (t_final = 1, dt = 0.05, spherical, batch 1: the
/// case of issue 11's JAX reference), split into the per-epoch pass over K (gradient,
/// update and next M(w) in one sweep over the N slices) and the rest (RK4 forward of
/// teacher and student, discrete adjoint, outer products); the machine's read bandwidth
/// (a dot product over 1 GiB) and the bound it sets, one pass over K's 8 N^3 bytes per
/// epoch; peak resident memory against the model's own estimate.
func benchNeuralODE(_ args: [String]) throws {
    var sizes = [100, 200, 400], epochs = 0, storage = TensorPrecision.float64
    var rest = args[...]
    while let flag = rest.popFirst() {
        guard let text = rest.popFirst() else { throw ModelError("neural-ode: \(flag) needs a value") }
        switch flag {
        case "--n": sizes = text.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 2 }
        case "--epochs": epochs = max(Int(text) ?? 0, 0)
        case "--storage":
            guard let value = TensorPrecision(rawValue: text) else { throw ModelError("neural-ode: --storage float64 or float32") }
            storage = value
        default: throw ModelError("neural-ode: unknown option \(flag) (options: --n 100,200 --epochs E --storage float32)")
        }
    }
    // Per size: epochs/s, the K pass alone, and the peak RSS so far (measured before the
    // bandwidth probe's 1 GiB vector, so that it is the model's).
    var rows: [(n: Int, perEpoch: Double, perPass: Double, count: Int, rss: Double, estimate: Double)] = []
    for n in sizes {
        // About two seconds of epochs at each size (fewer at large N, where one is ~0.1 s).
        let count = epochs > 0 ? epochs : max(5, 40_000_000 / (n * n * 4))
        func model(_ e: Int) throws -> NeuralODE {
            try NeuralODE(parameters: ["N": .int(n), "t_final": 1.0, "dt": 0.05, "eta": 0.2, "confinement": "spherical",
                                       "epochs": .int(e), "K_storage": .string(storage.rawValue)], theoryEnabled: false)
        }
        let seed = RealizationSeed(runSeed: 7, point: 0, realization: 0)
        let short = try model(1), long = try model(1 + count)
        _ = try short.simulate(seed: seed, times: [0, 1], control: UninterruptedRun())   // warm-up
        let t1 = try timed { try short.simulate(seed: seed, times: [0, 1], control: UninterruptedRun()) }
        let tN = try timed { try long.simulate(seed: seed, times: [0, Double(1 + count)], control: UninterruptedRun()) }
        let perEpoch = (tN.cpu - t1.cpu) / Double(count)

        // The K pass alone, as the run does it once per epoch.
        var couplings = seed.disorder(0), tensor = seed.disorder(1)
        let field = ForceField(N: n, gJ: 1, gK: 1, storage: storage, couplings: &couplings, tensor: &tensor)
        var w = [Double](repeating: 1, count: n)
        let A = [Double](repeating: 1e-3, count: n * n)
        var M = [Double](repeating: 0, count: n * n)
        let passes = max(3, min(count, 50))
        let pass = timed {
            for _ in 0..<passes {
                w.withUnsafeMutableBufferPointer { wb in
                    M.withUnsafeMutableBufferPointer { mb in
                        _ = field.updateControl(wb.baseAddress!, eta: 1e-9, outerProducts: A, matrix: mb.baseAddress!)
                    }
                }
            }
        }
        rows.append((n, perEpoch, pass.cpu / Double(passes), count, peakResidentBytes(), long.cost.bytesPerRealization))
    }
    let bandwidth = readBandwidth()
    print(String(format: "neural-ode (K in %@): read bandwidth %.2f GB/s (median of 5 dot products over 1 GiB)",
                 storage.rawValue, bandwidth / 1e9))
    for r in rows {
        let kBytes = Double(storage == .float32 ? 4 : 8) * pow(Double(r.n), 3)
        print(String(format: "  N=%d: %.1f epochs/s (%.2f ms/epoch over %d epochs): K pass %.2f ms (%.0f%%, %.2f GB/s), "
                     + "steps and adjoint %.2f ms; bounds: one pass of K %.1f epochs/s (reached %.0f%%), two passes %.1f; "
                     + "peak RSS %.0f MB, model estimate %.0f MB",
                     r.n, 1 / r.perEpoch, r.perEpoch * 1e3, r.count, r.perPass * 1e3, 100 * r.perPass / r.perEpoch,
                     kBytes / r.perPass / 1e9, (r.perEpoch - r.perPass) * 1e3, bandwidth / kBytes,
                     100 * (1 / r.perEpoch) / (bandwidth / kBytes), bandwidth / (2 * kBytes), r.rss / 1e6, r.estimate / 1e6))
    }
}

/// Bytes per second of a dot product of a 1 GiB vector with itself (reads it once): the
/// rate one core streams memory at, median of 5.
func readBandwidth() -> Double {
    let count = 1 << 27
    let x = UnsafeMutablePointer<Double>.allocate(capacity: count)
    defer { x.deallocate() }
    for i in 0..<count { x[i] = Double(i & 1023) * 1e-3 }
    var rates: [Double] = []
    for _ in 0..<5 {
        let t = timed { BLAS.dot(count, x, x) }
        rates.append(8 * Double(count) / t.wall)
    }
    return rates.sorted()[2]
}

/// `dynsweep-bench neural-ode-theory`: seconds of one DMFT solve (the recursion at
/// theory_grid and at half of it, as a run does) against epochs and the inference-time grid,
/// at g_J = g_K = t_final = 1, eta = 0.5.
func benchNeuralODETheory(_ args: [String]) throws {
    print("neural-ode-theory: seconds per solve (epochs x grid; the cost is ~ epochs x grid^3)")
    for grid in [16, 32, 64, 128] {
        var cells: [String] = []
        for epochs in [25, 50, 100] {
            let model = try NeuralODE(parameters: ["t_final": 1.0, "eta": 0.5, "epochs": .int(epochs),
                                                   "theory_grid": .int(grid)], theoryEnabled: true)
            let times = (0...epochs).map(Double.init)
            let t = try timed {
                try model.pointTheory(times: times, control: UninterruptedRun(), reduction: SingleParticipant())
            }
            cells.append(String(format: "%d epochs %.3f s", epochs, t.cpu))
        }
        print("  grid \(grid): " + cells.joined(separator: ", "))
    }
}
