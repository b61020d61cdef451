/// Streams that belong to a sweep point's parameters rather than to a realization: the
/// samples of a per-point Monte Carlo theory and fixed data sets shared by the simulation
/// and the theory (seed 002's `kernel_dmft`).
///
/// They use counter word 3 values that `disorder` (word 3 below 128) and `dynamics` (bit 7
/// set) never produce: bit 31 set, bit 7 clear, a family number in bits 8-15 and the
/// substream in bits 0-6; a Monte Carlo theory's replica (`theory.replicas`) is in bits
/// 16-30, 0 for replica 0, so replica 0 draws exactly the streams of a run without
/// replicas. Word 2 holds the sample index. The key is the model's own seed parameter
/// (e.g. `theory_seed`), so the streams do not depend on the point index, the rank or the
/// schedule.
extension StreamKey {
    /// Largest sample index of a Monte Carlo stream.
    public static let maxSamples = Int(UInt32.max)

    /// Number of independent replicas of a Monte Carlo theory (15 bits of word 3).
    public static let maxTheoryReplicas = 1 << 15

    /// Sample `sample` (substream `substream`) of replica `replica` of a per-point Monte
    /// Carlo theory. Distinct (seed, replica, sample, substream) are distinct Philox inputs,
    /// hence independent streams; replica 0 is the stream of a run without replicas.
    public static func theorySample(seed: UInt64, sample: Int, substream: Int, replica: Int = 0) -> StreamKey {
        precondition(sample >= 0 && sample <= maxSamples && (0..<maxSubstreams).contains(substream)
            && (0..<maxTheoryReplicas).contains(replica))
        return StreamKey(seed: seed, word2: UInt32(sample),
                         word3: 0x8000_0000 | UInt32(replica) << 16 | 1 << 8 | UInt32(substream))
    }

    /// A fixed data set (inputs, teacher) identified by `seed`, shared by every point and
    /// realization and by the theory.
    public static func dataSet(seed: UInt64, substream: Int) -> StreamKey {
        precondition((0..<maxSubstreams).contains(substream))
        return StreamKey(seed: seed, word2: 0, word3: 0x8000_0000 | 2 << 8 | UInt32(substream))
    }
}
