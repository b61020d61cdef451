import Foundation

/// One realization of `TimeScaleSDE`: H independent Euler-Maruyama paths of
/// d zeta = F(zeta) dt + sigma dW + dL_alpha from zeta(0) = zeta0, and the record's
/// observables from the H values at each record time.
///
/// Random numbers: neuron q reads its Gaussians from segment q of dynamics substream 0 and
/// its jumps from segment q of dynamics substream 1 (one Gaussian, and two uniforms when
/// jumps are on, per step: at most 1e9 steps fit a segment's 2^33 words), so a neuron's
/// path does not depend on H or on the other neurons.
struct TimeScaleSDERun {
    let setup: TimeScaleSDESetup
    let seed: RealizationSeed
    /// Step index of each record time (time / dt rounded).
    let recordSteps: [Int]

    init(setup: TimeScaleSDESetup, seed: RealizationSeed, times: [Double]) throws {
        var previous = 0.0
        for t in times {
            guard t.isFinite, t >= previous, t <= setup.tMax + setup.dt / 2 else {
                throw ModelError("record times must be ascending times within [0, \(setup.tMax)] (got \(t))")
            }
            previous = t
        }
        self.setup = setup
        self.seed = seed
        recordSteps = times.map { Int(min(($0 / setup.dt).rounded(), setup.steps)) }
    }

    /// zeta_q at every record step, record-major ([record][neuron]), or nil once a value is
    /// not finite (a jump beyond the largest Double, for a tiny alpha).
    func paths(control: RunControl) throws -> [[Double]]? {
        let H = setup.H, R = recordSteps.count
        var values = [[Double]](repeating: [Double](repeating: 0, count: H), count: R)
        guard let last = recordSteps.last else { return values }
        let jumps = setup.hasJumps ? StableSampler(alpha: setup.alpha, scale: setup.jumpScale) : nil
        let dt = setup.dt, zeta0 = setup.zeta0
        let noise = setup.sigma * dt.squareRoot(), jumpFactor = pow(dt, 1 / setup.alpha)
        let pollEvery = 1 << 16
        for q in 0..<H {
            let segment = UInt32(truncatingIfNeeded: q)
            var gaussian = RandomStream(key: .dynamics(seed: seed.runSeed, point: seed.point,
                                                       realization: seed.realization, substream: 0), segment: segment)
            var stable = RandomStream(key: .dynamics(seed: seed.runSeed, point: seed.point,
                                                     realization: seed.realization, substream: 1), segment: segment)
            var zeta = zeta0
            var next = 0
            for n in 0...last {
                while next < R && recordSteps[next] == n {
                    values[next][q] = zeta
                    next += 1
                }
                guard n < last else { break }
                if n % pollEvery == 0 { try control.poll() }
                let drift: Double
                switch setup.drift {
                case .linear: drift = -setup.theta * (zeta - zeta0)
                case .constant: drift = setup.kappa
                }
                zeta += drift * dt + noise * gaussian.nextGaussian()
                if let jumps { zeta += jumpFactor * jumps.next(&stable) }
                if setup.drift == .constant, zeta > zeta0 { zeta = 2 * zeta0 - zeta }
                guard zeta.isFinite else { return nil }
            }
            if q % 64 == 0 { try control.poll() }
        }
        return values
    }

    func run(control: RunControl) throws -> RealizationOutput {
        let R = recordSteps.count
        var record = TimeScaleSDERecord(setup: setup, times: R)
        guard let paths = try paths(control: control) else { return record.output(diverged: true) }
        for r in 0..<R { record.measure(paths[r], at: r) }
        return record.output(diverged: false)
    }
}

/// The recorded trajectories of one realization, filled record by record (NaN where the
/// run diverged).
struct TimeScaleSDERecord {
    let setup: TimeScaleSDESetup
    let lags: [Double]
    let sampleSizes: [Double]
    var values: [String: [Double]] = [:]

    static func sizes(_ setup: TimeScaleSDESetup) -> [String: Int] {
        let classes = TimeScaleFits.DecayClass.allCases.count
        return ["zeta_mean": 1, "zeta_var": 1, "tau_density": setup.tauBins, "envelope": setup.lagPoints,
                "envelope_class_rss": classes, "envelope_class_rate": classes, "envelope_class_best": classes,
                "window": setup.nPoints]
    }

    init(setup: TimeScaleSDESetup, times: Int) {
        self.setup = setup
        lags = setup.lagGrid
        sampleSizes = setup.sampleSizeGrid
        for (name, size) in Self.sizes(setup) { values[name] = [Double](repeating: .nan, count: times * size) }
    }

    private mutating func put(_ name: String, _ row: [Double], at time: Int) {
        let size = row.count
        values[name]?.replaceSubrange((time * size)..<((time + 1) * size), with: row)
    }

    /// The observables of the H values `zeta` as record `time`.
    mutating func measure(_ zeta: [Double], at time: Int) {
        let n = Double(zeta.count)
        let mean = zeta.reduce(0, +) / n
        let variance = zeta.count > 1 ? zeta.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        // tau = e^-zeta, clamped into [0, tau_max] for the density (an overflowed e^-zeta is
        // beyond the grid anyway); the envelope takes tau as it is (tau = inf gives 1).
        let taus = zeta.map { exp(-$0) }
        let density = TimeScaleFits.density(taus.map { min($0, setup.tauMax) }, bins: setup.tauBins, tauMax: setup.tauMax)
        let envelope = TimeScaleFits.laplace(lags: lags, taus: taus, eta: setup.eta)
        let classes = TimeScaleFits.decayClasses(lags: lags, envelope: envelope)
        let kappa = setup.windowKappa
        let required = envelope.map {
            LearnabilityWindow.requiredSamples(signal: $0, scale: 1, kappa: kappa, threshold: 1)
        }
        put("zeta_mean", [mean], at: time)
        put("zeta_var", [variance], at: time)
        put("tau_density", density, at: time)
        put("envelope", envelope, at: time)
        put("envelope_class_rss", classes.residual, at: time)
        put("envelope_class_rate", classes.rate, at: time)
        put("envelope_class_best", classes.best, at: time)
        put("window", sampleSizes.map { LearnabilityWindow.window(lags: lags, required: required, n: $0) }, at: time)
    }

    func output(diverged: Bool) -> RealizationOutput {
        var simulation = Trajectories()
        for (name, series) in values { simulation[name] = series }
        return RealizationOutput(simulation: simulation, diverged: diverged)
    }
}
