/// Streams that belong to a sweep point's parameters rather than to a realization: the
/// samples of a per-point Monte Carlo theory and fixed data sets shared by the simulation
/// and the theory (seed 002's `kernel_dmft`).
///
/// They use counter word 3 values that `disorder` (word 3 below 128) and `dynamics` (bit 7
/// set) never produce: bit 31 set, bit 7 clear, a family number in bits 8-15 and the
/// substream in bits 0-6. Word 2 holds the sample index. The key is the model's own seed
/// parameter (e.g. `theory_seed`), so the streams do not depend on the point index,
/// the rank or the schedule.
extension StreamKey {
    /// Largest sample index of a Monte Carlo stream.
    public static let maxSamples = Int(UInt32.max)

    /// Sample `sample` (substream `substream`) of a per-point Monte Carlo theory.
    public static func theorySample(seed: UInt64, sample: Int, substream: Int) -> StreamKey {
        precondition(sample >= 0 && sample <= maxSamples && (0..<maxSubstreams).contains(substream))
        return StreamKey(seed: seed, word2: UInt32(sample), word3: 0x8000_0000 | 1 << 8 | UInt32(substream))
    }

    /// A fixed data set (inputs, teacher) identified by `seed`, shared by every point and
    /// realization and by the theory.
    public static func dataSet(seed: UInt64, substream: Int) -> StreamKey {
        precondition((0..<maxSubstreams).contains(substream))
        return StreamKey(seed: seed, word2: 0, word3: 0x8000_0000 | 2 << 8 | UInt32(substream))
    }
}
