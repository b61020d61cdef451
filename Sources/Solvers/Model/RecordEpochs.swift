/// Record times of a model whose time counts whole epochs (neural_ode, gated_rnn): the
/// Coordinator's times, checked ascending within [0, epochs] and rounded to epochs.
enum RecordEpochs {
    static func whole(_ times: [Double], epochs: Int) throws -> [Int] {
        var previous = 0.0
        for t in times {
            guard t.isFinite, t >= previous, t <= Double(epochs) + 0.5 else {
                throw ModelError("record times must be ascending epochs within [0, \(epochs)] (got \(t))")
            }
            previous = t
        }
        return times.map { Int($0.rounded()) }
    }
}
