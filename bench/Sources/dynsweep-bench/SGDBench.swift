import Foundation
import Solvers

/// `dynsweep-bench sgd [--n N] [--k K] [--m M] [--batch B] [--steps S]`: SGD steps per
/// second of one teacher-student realization on one core (default N = 784, M = K = 4, erf,
/// batch 1, the case the C++ peer code runs at 3.3e4 steps/s), with the step split into
/// generating the inputs (RandomStream.fillGaussian) and everything else.
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
    let setup = try TeacherStudentSetup(N: n, M: options["m"] ?? 4, K: options["k"] ?? 4, eta: 0.5,
                                        activation: .erf, initScale: 1, batch: batch,
                                        tMax: Double(steps) / Double(n))
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
            stream.fillGaussian(buffer)
            sink += buffer[0]
        }
        return sink
    }

    let eg = run.value.simulation.first?.last ?? .nan
    print(String(format: "sgd: N=%d M=%d K=%d batch=%d erf, %d steps: %.4g steps/s (CPU %.3f s, wall %.3f s; eg at end %.2g)",
                 n, setup.M, setup.K, batch, steps, Double(steps) / run.cpu, run.cpu, run.wall, eg))
    print(String(format: "  fillGaussian alone: %.2f ns/variate, %.1f%% of the step; the rest: %.2f us/step",
                 generator.cpu * 1e9 / Double(steps * batch * n), 100 * generator.cpu / run.cpu,
                 (run.cpu - generator.cpu) * 1e6 / Double(steps)))
    philoxStudy()
}

/// The proposed generator change, measured: Philox words computed for a run of
/// consecutive counters in one plain loop (independent blocks: the compiler vectorizes it
/// and the ten-round multiply chains overlap), then the same 256-layer ziggurat consumes
/// them in order. It reproduces `RandomStream.fillGaussian` number for number (checked
/// below), so it is a drop-in change inside `Sources/Solvers/Random`, which this bench
/// does not edit: it only prices it.
private func philoxStudy() {
    let n = 784, fills = 200_000
    let key = StreamKey.dynamics(seed: 2024, point: 0, realization: 0, substream: 0)
    let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { out.deallocate() }
    var prototype = BulkGaussians(key: key)
    var reference = RandomStream(key: key)
    var same = true
    let check = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { check.deallocate() }
    for _ in 0..<50 {
        prototype.fill(out)
        reference.fillGaussian(check)
        same = same && Array(out) == Array(check)
    }
    let bulk = timed {
        for _ in 0..<fills { prototype.fill(out) }
        return out[0]
    }
    let current = timed {
        for _ in 0..<fills { reference.fillGaussian(out) }
        return out[0]
    }
    let philox = timed {
        for _ in 0..<(fills * n / 512) { prototype.refill() }
        return prototype.words[0]
    }
    let variates = Double(fills * n)
    print(String(format: "  generator: RandomStream.fillGaussian %.2f ns/variate; with Philox words precomputed "
                 + "256 blocks at a time %.2f ns/variate (%@ numbers), of which Philox %.2f ns/word",
                 current.cpu * 1e9 / variates, bulk.cpu * 1e9 / variates, same ? "identical" : "DIFFERENT",
                 philox.cpu * 1e9 / variates))
}

/// Prototype of a buffered `fillGaussian`: 64-bit words of the stream's Philox blocks in
/// order (block b gives words lo(b), hi(b), as `RandomStream.nextUInt64` does), produced
/// 256 blocks at a time, and Marsaglia & Tsang's ziggurat in Doornik's form over them.
private struct BulkGaussians {
    let key: StreamKey
    var block: UInt64 = 0
    var words = [UInt64](repeating: 0, count: 512)
    var next = 512
    let x: [Double], ratio: [Double]

    init(key: StreamKey) {
        self.key = key
        let r = 3.6541528853610088, v = 0.00492867323399
        var x = [Double](repeating: 0, count: 257)
        x[0] = v / exp(-0.5 * r * r)
        x[1] = r
        for i in 1..<256 {
            let arg = v / x[i] + exp(-0.5 * x[i] * x[i])
            x[i + 1] = arg >= 1 ? 0 : (-2 * log(arg)).squareRoot()
        }
        x[256] = 0
        self.x = x
        ratio = (0..<256).map { x[$0 + 1] / x[$0] }
    }

    mutating func refill() {
        let k = (UInt32(truncatingIfNeeded: key.seed), UInt32(truncatingIfNeeded: key.seed >> 32))
        let w2 = key.word2, w3 = key.word3, b0 = block
        words.withUnsafeMutableBufferPointer { w in
            for i in 0..<256 {
                let b = b0 &+ UInt64(i)
                let o = Philox4x32.block((UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32), w2, w3),
                                         key: k)
                w[2 * i] = UInt64(o.0) | UInt64(o.1) << 32
                w[2 * i + 1] = UInt64(o.2) | UInt64(o.3) << 32
            }
        }
        block &+= 256
        next = 0
    }

    @inline(__always)
    mutating func word() -> UInt64 {
        if next == 512 { refill() }
        next += 1
        return words[next - 1]
    }

    mutating func fill(_ out: UnsafeMutableBufferPointer<Double>) {
        for i in out.indices {
            var bits = word()
            while true {
                let layer = Int(bits & 0xFF)
                let u = Double(Int64(bitPattern: bits) >> 11) * 0x1p-52
                if abs(u) < ratio[layer] {
                    out[i] = u * x[layer]
                    break
                }
                if layer == 0 {
                    var t: Double, y: Double
                    repeat {
                        t = -log((Double(word() >> 11) + 0.5) * 0x1p-53) / 3.6541528853610088
                        y = -log((Double(word() >> 11) + 0.5) * 0x1p-53)
                    } while 2 * y < t * t
                    out[i] = u < 0 ? -(3.6541528853610088 + t) : 3.6541528853610088 + t
                    break
                }
                let xu = u * x[layer]
                let f0 = exp(-0.5 * (x[layer] * x[layer] - xu * xu))
                let f1 = exp(-0.5 * (x[layer + 1] * x[layer + 1] - xu * xu))
                if f1 + (Double(word() >> 11) + 0.5) * 0x1p-53 * (f0 - f1) < 1 {
                    out[i] = xu
                    break
                }
                bits = word()
            }
        }
    }
}

/// CPU (this thread) and wall seconds of `body`.
private func timed<T>(_ body: () throws -> T) rethrows -> (value: T, cpu: Double, wall: Double) {
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
