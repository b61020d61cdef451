import Foundation
import Solvers

/// `dynsweep-bench sgd [--n N] [--k K] [--m M] [--batch B] [--steps S]`: SGD steps per
/// second of one teacher-student realization on one core (default N = 784, M = K = 4, erf,
/// batch 1, the case the C++ peer code runs at 3.3e4 steps/s), with the time split into
/// generating the inputs (RandomStream.fillGaussian) and everything else.
func benchSGD(_ args: [String]) throws {
    var options = ["n": 784, "k": 4, "m": 4, "batch": 1, "steps": 2_000_000]
    var rest = args[...]
    while let flag = rest.popFirst() {
        let key = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : flag
        guard options[key] != nil, let text = rest.popFirst(), let value = Int(text), value > 0 else {
            throw ModelError("sgd: unknown option or bad value at '\(flag)' (options: --n --k --m --batch --steps)")
        }
        options[key] = value
    }
    let n = options["n"] ?? 784, steps = options["steps"] ?? 2_000_000, batch = options["batch"] ?? 1
    let setup = try TeacherStudentSetup(N: n, M: options["m"] ?? 4, K: options["k"] ?? 4, eta: 0.5,
                                        activation: .erf, initScale: 1, batch: batch,
                                        tMax: Double(steps) / Double(n))
    let model = try TeacherStudent(setup: setup, theoryEnabled: false)
    let seed = RealizationSeed(runSeed: 2024, point: 0, realization: 0)

    // Warm-up, then the timed run (record only at the end: measurement is not part of a step).
    _ = try model.simulate(seed: seed, times: [Double(min(steps, 10_000)) / Double(n)], control: UninterruptedRun())
    let start = DispatchTime.now().uptimeNanoseconds
    let out = try model.simulate(seed: seed, times: [0, setup.tMax], control: UninterruptedRun())
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    let rate = Double(steps) / seconds

    // The generator alone, on the same number of inputs.
    var stream = seed.dynamics(0)
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { buffer.deallocate() }
    var sink = 0.0
    let genStart = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<(steps * batch) {
        stream.fillGaussian(buffer)
        sink += buffer[0]
    }
    let genSeconds = Double(DispatchTime.now().uptimeNanoseconds - genStart) * 1e-9

    let eg = out.simulation.first?.last ?? .nan
    print(String(format: "sgd: N=%d M=%d K=%d batch=%d erf: %d steps in %.3f s = %.4g steps/s (eg at end %.3g)",
                 n, setup.M, setup.K, batch, steps, seconds, rate, eg))
    print(String(format: "     fillGaussian alone: %.3f s (%.1f%% of the run, %.2f ns/variate); rest of the step: %.2f us",
                 genSeconds, 100 * genSeconds / seconds, genSeconds * 1e9 / Double(steps * batch * n),
                 (seconds - genSeconds) * 1e6 / Double(steps)))
    if sink.isNaN { print("(unreachable)") }
}
