/// A gated RNN on its task: the mean squared error of a set of sequences and its exact
/// gradient (BPTT, chunk by chunk), and the diagnostics of seed 003 on the diagnostic
/// set. Chunks are processed in a fixed order, so a gradient is a pure function of the
/// weights and the sequence indices.
final class GatedRNNNetwork {
    let setup: GatedRNNSetup
    let layout: GatedRNNLayout
    let task: LagRegressionTask
    let chunk: GatedRNNChunk
    /// The fixed unit direction w of parameter space of the matched statistic (issue 14),
    /// from disorder substream 5, and the tangents along it.
    let direction: [Double]
    private lazy var tangent = ParameterTangent(chunk: chunk)
    /// Sequences processed together: enough for BLAS-3 efficiency, few enough for the cache.
    static let chunkSequences = 32

    init(setup: GatedRNNSetup, seed: RealizationSeed) {
        self.setup = setup
        layout = GatedRNNLayout(setup: setup)
        task = LagRegressionTask(setup: setup, seed: seed)
        chunk = GatedRNNChunk(setup: setup, layout: layout, capacity: Self.capacity(setup))
        var stream = seed.disorder(5)
        var w = stream.gaussians(layout.count)
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in w.indices { w[i] /= norm } }
        direction = w
    }

    static func capacity(_ setup: GatedRNNSetup) -> Int {
        min(chunkSequences, max(setup.trainSequences, setup.diagSequences))
    }

    /// The loss L = mean over the sequences and steps of (yhat_t - y_t)^2 (eq. 2's sum
    /// over t, divided by the number of outputs), and, when `gradient` is given, dL/dtheta
    /// written into it.
    func loss(_ theta: [Double], _ set: LagRegressionTask.Set, indices: [Int], gradient: UnsafeMutablePointer<Double>?,
              control: RunControl) throws -> Double {
        let outputs = Double(indices.count * setup.T)
        gradient?.initialize(repeating: 0, count: layout.count)
        var total = 0.0
        try theta.withUnsafeBufferPointer { buffer in
            guard let weights = buffer.baseAddress else { return }
            var start = 0
            while start < indices.count {
                try control.poll()
                let end = min(start + chunk.capacity, indices.count)
                chunk.load(task, set, indices: indices[start..<end])
                total += chunk.forward(weights)
                if let gradient { chunk.backward(weights, scale: 1 / outputs, into: gradient) }
                start = end
            }
        }
        return total / outputs
    }

    /// The diagnostic set's loss, envelopes and matched-statistic samples at `theta`.
    func diagnostics(_ theta: [Double], control: RunControl) throws -> (loss: Double, rates: EffectiveLearningRates) {
        var rates = EffectiveLearningRates(lags: setup.lagGrid, H: setup.H, eta: setup.lr)
        var total = 0.0
        let count = setup.diagSequences
        try theta.withUnsafeBufferPointer { buffer in
            guard let weights = buffer.baseAddress else { return }
            var start = 0
            while start < count {
                try control.poll()
                let end = min(start + chunk.capacity, count)
                chunk.load(task, .diagnostic, indices: Array(start..<end)[...])
                total += chunk.forward(weights)
                direction.withUnsafeBufferPointer { w in
                    guard let base = w.baseAddress else { return }
                    tangent.propagate(weights, direction: base)
                }
                for b in 0..<(end - start) { rates.add(chunk, theta: weights, sequence: b, tangent: tangent) }
                start = end
            }
        }
        return (total / Double(count * setup.T), rates)
    }
}
