/// The task of seed 003's learnability experiments (issue 13): inputs x_t ~ N(0, I_D),
/// a unit vector u drawn once per realization, and targets
///     y_t = sum_k c_k u.x_{t - l_k} 1[t >= l_k] + sigma_n xi_t,   t = 0..T-1.
/// A lag l_k is learned when the network carries u.x_{t-l_k} for l_k steps. Sequence i
/// of a set is drawn from its own segment of the set's stream, so any minibatch can be
/// made without drawing the sequences before it (and without storing the set).
struct LagRegressionTask: Sendable {
    let T: Int
    let D: Int
    let lags: [Int]
    let coefficients: [Double]
    let noise: Double
    /// The unit vector u.
    let direction: [Double]
    let trainKey: StreamKey
    let diagKey: StreamKey

    /// The task of realization `seed`: u from disorder substream 1, the training set from
    /// substream 2 and the diagnostic set from substream 3 (shared by every sweep point).
    init(setup: GatedRNNSetup, seed: RealizationSeed) {
        T = setup.T
        D = setup.D
        lags = setup.lags
        coefficients = setup.coefficients
        noise = setup.noise
        var stream = seed.disorder(1)
        var u = stream.gaussians(setup.D)
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for i in u.indices { u[i] /= norm } }
        direction = u
        trainKey = StreamKey.disorder(seed: seed.runSeed, realization: seed.realization, substream: 2)
        diagKey = StreamKey.disorder(seed: seed.runSeed, realization: seed.realization, substream: 3)
    }

    enum Set { case train, diagnostic }

    /// Writes sequences `indices` of `set` time-major: x[(t * B + b) * D + d] and
    /// y[t * B + b] for b = 0..<B (B = indices.count).
    func fill(_ set: Set, indices: ArraySlice<Int>, x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>) {
        let B = indices.count
        let sequenceX = UnsafeMutablePointer<Double>.allocate(capacity: T * D)
        let projection = UnsafeMutablePointer<Double>.allocate(capacity: T)
        defer {
            sequenceX.deallocate()
            projection.deallocate()
        }
        for (b, index) in indices.enumerated() {
            var stream = RandomStream(key: set == .train ? trainKey : diagKey, segment: UInt32(truncatingIfNeeded: index))
            stream.fillGaussian(UnsafeMutableBufferPointer(start: sequenceX, count: T * D))
            for t in 0..<T {
                var p = 0.0
                for d in 0..<D { p += direction[d] * sequenceX[t * D + d] }
                projection[t] = p
                (x + (t * B + b) * D).update(from: sequenceX + t * D, count: D)
            }
            for t in 0..<T {
                var target = 0.0
                for (lag, c) in zip(lags, coefficients) where t >= lag { target += c * projection[t - lag] }
                y[t * B + b] = target + noise * stream.nextGaussian()
            }
        }
    }
}
