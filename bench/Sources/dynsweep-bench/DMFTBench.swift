import Foundation
import LinearAlgebra
import Solvers

/// `dynsweep-bench dmft [--L L] [--D D] [--realizations R]`: wall time and peak memory of
/// the deep-linear DMFT (seed 004) at T = 100, 200, 400 with the fitted exponents of
/// T (expected time ~ T^3, memory ~ T^2), then the same T = 100 curve from the finite
/// network at D with R realizations on one core, side by side.
func benchDMFT(_ args: [String]) throws {
    var options = ["L": 4, "D": 400, "realizations": 16]
    var rest = args[...]
    while let flag = rest.popFirst() {
        let key = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : flag
        guard options[key] != nil, let text = rest.popFirst(), let value = Int(text), value > 0 else {
            throw ModelError("dmft: unknown option or bad value at '\(flag)' (options: --L --D --realizations)")
        }
        options[key] = value
    }
    let L = options["L"] ?? 4, D = options["D"] ?? 400, realizations = options["realizations"] ?? 16
    BLAS.setThreads(1)
    func setup(T: Int) throws -> DeepLinearSetup {
        try DeepLinearSetup(["D": .int(D), "nu": 1, "alpha": 2, "L": .int(L), "gamma0": 1, "eta": 0.05, "sigma": 0.3,
                             "T": .int(T)])
    }

    _ = try DeepLinearDMFT(setup: setup(T: 50)).solve(control: UninterruptedRun())  // warm-up
    var points: [(T: Double, seconds: Double, bytes: Double)] = []
    print("dmft: L=\(L), nu=1, alpha=2, gamma0=1, eta=0.05 (MLP, march + one verification sweep)")
    for T in [100, 200, 400] {
        let before = peakResidentBytes()
        let run = try timed { try DeepLinearDMFT(setup: setup(T: T)).solve(control: UninterruptedRun()) }
        let grown = max(0, peakResidentBytes() - before)
        points.append((Double(T), run.wall, grown))
        print(String(format: "  T=%4d: %8.3f s, peak memory +%7.1f MiB, residual %.1e, test loss at T %.4f",
                     T, run.wall, grown / 1048576, run.value.convergence.residual, run.value.testLoss[T]))
    }
    // Least-squares slope of log(time) against log(T) over the three sizes.
    let xs = points.map { log($0.T) }, ys = points.map { log($0.seconds) }
    let mx = xs.reduce(0, +) / 3, my = ys.reduce(0, +) / 3
    let timeExponent = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    print(String(format: "  fitted: time ~ T^%.2f (expected 3), memory ~ T^%.2f (expected 2; from the 200 -> 400 growth)",
                 timeExponent, log(points[2].bytes / max(points[1].bytes, 1)) / log(2)))

    let model = try setup(T: 100)
    let sim = try timed { () -> Double in
        var last = 0.0
        for r in 0..<realizations {
            let seed = RealizationSeed(runSeed: 1, point: 0, realization: r)
            last += try DeepLinearSimulation.run(setup: model, seed: seed, times: [0, 100],
                                                 control: UninterruptedRun()).testLoss[1]
        }
        return last / Double(realizations)
    }
    let theory = try timed { try DeepLinearDMFT(setup: model).solve(control: UninterruptedRun()) }
    print(String(format: "  same curve (T=100): DMFT %.3f s (loss %.4f) vs simulation D=%d, N=%d, %d realizations %.2f s "
                 + "(mean loss %.4f): the DMFT is %.0fx cheaper", theory.wall, theory.value.testLoss[100], D,
                 model.N, realizations, sim.wall, sim.value, sim.wall / theory.wall))
}

/// Peak resident set size of this process so far, in bytes (getrusage, KiB on Linux).
/// Peak resident set size of this process so far, in bytes (getrusage, kilobytes on Linux).
func peakResidentBytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024
}
