import Foundation
import Solvers

/// `dynsweep-bench gated-rnn [--shape T,D,H,batch;...] [--sequences S] [--repeats R]`:
/// training throughput of one gated_rnn realization on one core, in sequence-steps per
/// second (a sequence-step is one step of one sequence, forward and backward), for the
/// shapes of issue 13's JAX reference (diagonal gate with a full U_s, exact BPTT, Adam,
/// float64); and, separately, the cost of one record's diagnostics (the training-set and
/// diagnostic-set losses, the effective learning rates on the lag grid and the fits).
/// Training time per epoch is the difference of runs of 1 + 2k and 1 epochs with the
/// same two records, so the records cancel; medians of `repeats`.
func benchGatedRNN(_ args: [String]) throws {
    var shapes: [[Int]] = [[1024, 16, 128, 32], [256, 16, 64, 32]]
    var sequences = 64, repeats = 3
    var rest = args[...]
    while let flag = rest.popFirst() {
        guard let text = rest.popFirst() else { throw ModelError("gated-rnn: \(flag) needs a value") }
        switch flag {
        case "--shape":
            shapes = text.split(separator: ";").map { $0.split(separator: ",").compactMap { Int($0) } }.filter { $0.count == 4 }
        case "--sequences": sequences = max(Int(text) ?? 64, 1)
        case "--repeats": repeats = max(Int(text) ?? 3, 1)
        default: throw ModelError("gated-rnn: unknown option \(flag) (options: --shape T,D,H,batch;... --sequences S --repeats R)")
        }
    }
    print("shape (T, D, H, batch)       train seq-steps/s   epoch (s)   one record (s)   peak RSS (MB)   plan (MB)")
    for shape in shapes {
        let (T, D, H, batch) = (shape[0], shape[1], shape[2], shape[3])
        let train = max(sequences, batch)
        func model(epochs: Int) throws -> GatedRNN {
            try GatedRNN(parameters: ["T": .int(T), "D": .int(D), "H": .int(H), "batch": .int(batch), "epochs": .int(epochs),
                                      "gate": "diagonal", "optimizer": "adam", "train_sequences": .int(train),
                                      "diag_sequences": 4, "lags": .intList([1]), "coefficients": .doubleList([0.5]),
                                      "max_lag": .int(min(256, T - 1))], theoryEnabled: false)
        }
        let extra = 2
        let short = try model(epochs: 1), long = try model(epochs: 1 + extra)
        let seed = RealizationSeed(runSeed: 3, point: 0, realization: 0)
        _ = try short.simulate(seed: seed, times: [0, 1], control: UninterruptedRun())  // warm-up
        var epochTimes: [Double] = [], recordTimes: [Double] = []
        for _ in 0..<repeats {
            let a = try timed { try short.simulate(seed: seed, times: [0, 1], control: UninterruptedRun()) }
            let b = try timed { try long.simulate(seed: seed, times: [0, Double(1 + extra)], control: UninterruptedRun()) }
            let epoch = (b.cpu - a.cpu) / Double(extra)
            epochTimes.append(epoch)
            recordTimes.append((a.cpu - epoch) / 2)
        }
        let epoch = median(epochTimes), record = median(recordTimes)
        let rate = Double(train * T) / epoch
        let label = "(\(T), \(D), \(H), \(batch))".padding(toLength: 28, withPad: " ", startingAt: 0)
        print(label + String(format: " %15.3g   %9.3f   %14.3f   %13.0f   %9.1f", rate, epoch, record,
                             peakResidentBytes() / 1e6, long.cost.bytesPerRealization / 1e6))
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
