/// One realization of `GatedRNN`: minibatch training over epochs (seed 003, eqs. 2-3),
/// with the diagnostics of eqs. 8-9 and the time-scale fits at every record epoch e
/// (after e epochs). An epoch visits the training set once in an order drawn from
/// disorder substream 4 (segment e), in minibatches of `batch` (the last may be smaller).
struct GatedRNNRun {
    let setup: GatedRNNSetup
    let seed: RealizationSeed
    let recordEpochs: [Int]
    let theoryEnabled: Bool

    init(setup: GatedRNNSetup, seed: RealizationSeed, times: [Double], theoryEnabled: Bool) throws {
        self.setup = setup
        self.seed = seed
        self.theoryEnabled = theoryEnabled
        recordEpochs = try RecordEpochs.whole(times, epochs: setup.epochs)
    }

    func run(control: RunControl) throws -> RealizationOutput {
        var record = GatedRNNRecord(setup: setup, times: recordEpochs.count)
        guard let last = recordEpochs.last else { return record.output(diverged: false, theory: theoryEnabled) }
        let network = GatedRNNNetwork(setup: setup, seed: seed)
        var theta = GatedRNNInitialWeights.draw(setup, layout: network.layout, seed: seed)
        var optimizer = ParameterOptimizer(setup: setup, count: theta.count)
        var gradient = [Double](repeating: 0, count: theta.count)
        let everySequence = Array(0..<setup.trainSequences)
        var next = 0
        for epoch in 0...last {
            while next < recordEpochs.count && recordEpochs[next] == epoch {
                try record.measure(network, theta: theta, at: next, trainIndices: everySequence, control: control)
                next += 1
            }
            guard epoch < last else { break }
            let order = Self.shuffled(everySequence, seed: seed, epoch: epoch)
            var start = 0
            while start < order.count {
                let end = min(start + setup.batch, order.count)
                let batchLoss = try gradient.withUnsafeMutableBufferPointer { g in
                    try network.loss(theta, .train, indices: Array(order[start..<end]), gradient: g.baseAddress,
                                     control: control)
                }
                guard batchLoss.isFinite, gradient.allSatisfy(\.isFinite) else {
                    return record.output(diverged: true, theory: theoryEnabled)
                }
                optimizer.step(&theta, gradient: &gradient)
                start = end
            }
        }
        return record.output(diverged: false, theory: theoryEnabled)
    }

    /// The epoch's visiting order: a Fisher-Yates shuffle from disorder substream 4.
    static func shuffled(_ indices: [Int], seed: RealizationSeed, epoch: Int) -> [Int] {
        var order = indices
        var stream = RandomStream(key: .disorder(seed: seed.runSeed, realization: seed.realization, substream: 4),
                                  segment: UInt32(truncatingIfNeeded: epoch))
        guard order.count > 1 else { return order }
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(stream.nextUInt64() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }
}

/// The recorded trajectories of one realization, filled record by record.
struct GatedRNNRecord {
    let setup: GatedRNNSetup
    let times: Int
    let lags: [Double]
    var values: [String: [Double]] = [:]

    init(setup: GatedRNNSetup, times: Int) {
        self.setup = setup
        self.times = times
        lags = setup.lagGrid.map(Double.init)
        let L = lags.count, H = setup.H, classes = TimeScaleFits.DecayClass.allCases.count
        let sizes = ["train_loss": 1, "diag_loss": 1, "envelope": L, "envelope0": L, "envelope_neuron": H * L,
                     "tau": H, "tau0": H, "tau_density": setup.tauBins, "envelope_class_rss": classes,
                     "envelope_class_rate": classes, "envelope_class_best": classes, "envelope_theory": L,
                     "signal": L, "tail_alpha": 2 * L, "tail_scale": 2 * L, "n_required": L,
                     "window": setup.nPoints, "window_theory": setup.nPoints,
                     "master_intercept": 1, "master_slope": 1, "master_fitted": 1]
        for (name, size) in sizes { values[name] = [Double](repeating: .nan, count: times * size) }
    }

    private mutating func put(_ name: String, _ row: [Double], at time: Int) {
        let size = row.count
        values[name]?.replaceSubrange((time * size)..<((time + 1) * size), with: row)
    }

    /// Losses, envelopes and fits at the current weights, as record `time`.
    mutating func measure(_ network: GatedRNNNetwork, theta: [Double], at time: Int, trainIndices: [Int],
                          control: RunControl) throws {
        let trainLoss = try network.loss(theta, .train, indices: trainIndices, gradient: nil, control: control)
        let (diagLoss, rates) = try network.diagnostics(theta, control: control)
        let H = setup.H, L = lags.count
        let (perNeuron, perNeuronZeroth) = rates.perNeuron
        var envelope = [Double](repeating: 0, count: L), envelope0 = envelope
        var tau: [Double] = [], tau0: [Double] = []
        for q in 0..<H {
            let f = Array(perNeuron[(q * L)..<((q + 1) * L)]), f0 = Array(perNeuronZeroth[(q * L)..<((q + 1) * L)])
            for i in 0..<L {
                envelope[i] += f[i]
                envelope0[i] += f0[i]
            }
            tau.append(TimeScaleFits.timeScale(lags: lags, envelope: f, tauMax: setup.tauMax))
            tau0.append(TimeScaleFits.timeScale(lags: lags, envelope: f0, tauMax: setup.tauMax))
        }
        let classes = TimeScaleFits.decayClasses(lags: lags, envelope: envelope)
        put("train_loss", [trainLoss], at: time)
        put("diag_loss", [diagLoss], at: time)
        put("envelope", envelope, at: time)
        put("envelope0", envelope0, at: time)
        put("envelope_neuron", perNeuron, at: time)
        put("tau", tau, at: time)
        put("tau0", tau0, at: time)
        put("tau_density", TimeScaleFits.density(tau, bins: setup.tauBins, tauMax: setup.tauMax), at: time)
        put("envelope_class_rss", classes.residual, at: time)
        put("envelope_class_rate", classes.rate, at: time)
        put("envelope_class_best", classes.best, at: time)
        put("envelope_theory", TimeScaleFits.laplace(lags: lags, taus: tau, eta: setup.lr), at: time)
        put("signal", rates.matched.map(MatchedStatistic.signal), at: time)
        let learnability = LearnabilityRecord(setup: setup, lags: lags, envelope: envelope, samples: rates.matched)
        put("tail_alpha", learnability.alpha.flatMap { $0 }, at: time)
        put("tail_scale", learnability.scale.flatMap { $0 }, at: time)
        put("n_required", learnability.required, at: time)
        put("window", learnability.window, at: time)
        put("window_theory", learnability.windowTheory, at: time)
        put("master_intercept", [learnability.masterLaw[0]], at: time)
        put("master_slope", [learnability.masterLaw[1]], at: time)
        put("master_fitted", [learnability.masterLaw[2]], at: time)
    }

    /// The record; the Laplace prediction and the predicted window are the theory's
    /// `envelope` and `window` (stored as `envelope_theory`, `window_theory`) when the
    /// theory is on.
    func output(diverged: Bool, theory theoryEnabled: Bool) -> RealizationOutput {
        var simulation = Trajectories(), theory = Trajectories()
        for (name, series) in values {
            if name.hasSuffix("_theory") {
                if theoryEnabled { theory[String(name.dropLast("_theory".count))] = series }
            } else {
                simulation[name] = series
            }
        }
        return RealizationOutput(simulation: simulation, theory: theory, diverged: diverged)
    }
}
