import Foundation
import Solvers

/// `dynsweep-bench sgd [--n N] [--k K] [--m M] [--batch B] [--steps S]`: SGD steps per
/// second of one teacher-student realization on one core (default N = 784, M = K = 4, erf,
/// batch 1, issue 16's case; docs/benchmarks.md has it beside the C++ peer and a plain C
/// loop), with the step split into generating the inputs (the vectorized Box-Muller fill,
/// RandomStream.fillGaussianBoxMuller) and everything else.
///
/// Rates use the thread's CPU time (and wall time alongside), so that other processes on
/// a shared machine inflate neither; the two agree on an idle core.
func benchSGD(_ args: [String]) throws {
    var options = ["n": 784, "k": 4, "m": 4, "batch": 1, "steps": 1_000_000]
    var rest = args[...]
    while let flag = rest.popFirst() {
        let key = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : flag
        guard options[key] != nil, let text = rest.popFirst(), let value = Int(text), value > 0 else {
            throw ModelError("sgd: unknown option or bad value at '\(flag)' (options: --n --k --m --batch --steps)")
        }
        options[key] = value
    }
    let n = options["n"] ?? 784, steps = options["steps"] ?? 1_000_000, batch = options["batch"] ?? 1
    let setup = try TeacherStudentSetup([
        "N": .int(n), "M": .int(options["m"] ?? 4), "K": .int(options["k"] ?? 4), "eta": 0.5, "activation": "erf",
        "init_scale": 1, "batch": .int(batch), "t_max": .double(Double(steps) / Double(n)),
    ])
    let model = try TeacherStudent(setup: setup, theoryEnabled: false)
    let seed = RealizationSeed(runSeed: 2024, point: 0, realization: 0)

    // Warm-up, then the timed run (recording only at the ends: measuring is not a step).
    _ = try model.simulate(seed: seed, times: [Double(min(steps, 10_000)) / Double(n)], control: UninterruptedRun())
    let run = try timed { try model.simulate(seed: seed, times: [0, setup.tMax], control: UninterruptedRun()) }

    // The generator alone, on the same number of inputs.
    var stream = seed.dynamics(0)
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { buffer.deallocate() }
    let generator = timed {
        var sink = 0.0
        for _ in 0..<(steps * batch) {
            stream.fillGaussianBoxMuller(buffer)
            sink += buffer[0]
        }
        return sink
    }

    let eg = run.value.simulation["eg"]?.last ?? .nan
    print(String(format: "sgd: N=%d M=%d K=%d batch=%d erf, %d steps: %.4g steps/s (CPU %.3f s, wall %.3f s; eg at end %.2g)",
                 n, setup.M, setup.K, batch, steps, Double(steps) / run.cpu, run.cpu, run.wall, eg))
    print(String(format: "  Box-Muller inputs alone: %.2f ns/variate, %.1f%% of the step; the rest: %.2f us/step",
                 generator.cpu * 1e9 / Double(steps * batch * n), 100 * generator.cpu / run.cpu,
                 (run.cpu - generator.cpu) * 1e6 / Double(steps)))
}

/// CPU (this thread) and wall seconds of `body`.
func timed<T>(_ body: () throws -> T) rethrows -> (value: T, cpu: Double, wall: Double) {
    func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
    let wall0 = DispatchTime.now().uptimeNanoseconds, cpu0 = cpuNow()
    let value = try body()
    let cpu = cpuNow() - cpu0, wall = Double(DispatchTime.now().uptimeNanoseconds - wall0) * 1e-9
    return (value, cpu, wall)
}
