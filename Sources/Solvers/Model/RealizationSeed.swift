/// Where a realization's random numbers come from: its run seed, sweep point and index.
/// Models draw every random number through these streams and nothing else, which makes
/// a realization a pure function of (parameters, seed, point, realization).
public struct RealizationSeed: Sendable, Hashable {
    public let runSeed: UInt64
    public let point: Int
    public let realization: Int

    public init(runSeed: UInt64, point: Int, realization: Int) {
        self.runSeed = runSeed
        self.point = point
        self.realization = realization
    }

    /// Disorder shared by all sweep points (teacher weights, initial weights, a fixed
    /// data set): substream `n` of realization `realization`.
    public func disorder(_ substream: Int = 0) -> RandomStream {
        RandomStream(key: .disorder(seed: runSeed, realization: realization, substream: substream))
    }

    /// Randomness private to this point (online samples, label noise).
    public func dynamics(_ substream: Int = 0) -> RandomStream {
        RandomStream(key: .dynamics(seed: runSeed, point: point, realization: realization, substream: substream))
    }
}
