/// Identity of one random stream: which run, which sweep point, which realization, and
/// which of the realization's independent substreams.
///
/// Streams are keyed, never derived from a rank or a schedule, so a realization draws
/// the same numbers whether it runs on rank 0 of 1 or rank 2 of 3 (the rank-count
/// invariance the output promises). Layout of the Philox input:
///
/// - key (64 bits): the run seed;
/// - counter words 0-1 (64 bits): the block index within the stream;
/// - counter word 2: the realization index (below 2^32);
/// - counter word 3: the sweep point (below 2^24) in the upper 24 bits, bit 7 set for
///   point-specific streams, and the substream number (below 128) in bits 0-6.
public struct StreamKey: Sendable, Hashable {
    public let seed: UInt64
    public let word2: UInt32
    public let word3: UInt32

    /// Largest number of sweep points a run may have (the counter field is 24 bits).
    public static let maxPoints = 1 << 24
    /// Largest number of realizations per point (the counter field is 32 bits).
    public static let maxRealizations = Int(UInt32.max)
    /// Substreams per realization and kind.
    public static let maxSubstreams = 128

    /// A stream shared by every sweep point for this realization (teacher, initial
    /// weights, data set): differences between points are then not drowned by disorder.
    public static func disorder(seed: UInt64, realization: Int, substream: Int) -> StreamKey {
        precondition(realization >= 0 && realization <= maxRealizations && (0..<maxSubstreams).contains(substream))
        return StreamKey(seed: seed, word2: UInt32(realization), word3: UInt32(substream))
    }

    /// A stream private to one (point, realization): online samples, label noise.
    public static func dynamics(seed: UInt64, point: Int, realization: Int, substream: Int) -> StreamKey {
        precondition(point >= 0 && point < maxPoints && realization >= 0 && realization <= maxRealizations
            && (0..<maxSubstreams).contains(substream))
        return StreamKey(seed: seed, word2: UInt32(realization), word3: UInt32(point) << 8 | 0x80 | UInt32(substream))
    }
}
