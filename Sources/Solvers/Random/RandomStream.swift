/// A sequential view of one keyed Philox stream: uniform and Gaussian variates.
///
/// The n-th 64-bit word of a stream is a pure function of (key, n); `RandomStream` only
/// remembers how far it has read. Gaussians come from a 256-layer ziggurat
/// (`Ziggurat`), which needs half a 64-bit word per variate in 99% of draws; this is what
/// makes the teacher-student SGD step cheap (generating the N inputs dominates it).
public struct RandomStream: Sendable {
    public let key: StreamKey
    @usableFromInline var block: UInt64 = 0
    @usableFromInline var pending: UInt64 = 0
    @usableFromInline var hasPending = false
    /// The high half of a word split by `nextUInt32`, not yet handed out.
    @usableFromInline var pendingHalf: UInt32 = 0
    @usableFromInline var hasPendingHalf = false
    @usableFromInline let k0: UInt32
    @usableFromInline let k1: UInt32

    public init(key: StreamKey) {
        self.key = key
        k0 = UInt32(truncatingIfNeeded: key.seed)
        k1 = UInt32(truncatingIfNeeded: key.seed >> 32)
    }

    /// Segment `segment` of the stream: the same key read from block `segment * 2^32` on,
    /// so every segment is an independent stream of 2^33 words (a model can draw item i
    /// of a data set without drawing items 0..<i, e.g. gated_rnn's training sequence i).
    /// A segment must not be read past 2^33 words; callers check their draws fit.
    public init(key: StreamKey, segment: UInt32) {
        self.init(key: key)
        block = UInt64(segment) << 32
    }

    /// Words a segment holds before it runs into the next one.
    public static let wordsPerSegment = 1 << 33

    /// Two 64-bit words from the next counter block.
    @inlinable @inline(__always)
    mutating func nextPair() -> (UInt64, UInt64) {
        let r = Philox4x32.block(
            (UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32), key.word2, key.word3),
            key: (k0, k1))
        block &+= 1
        return (UInt64(r.0) | UInt64(r.1) << 32, UInt64(r.2) | UInt64(r.3) << 32)
    }

    /// The next 64 uniformly distributed bits.
    @inlinable @inline(__always)
    public mutating func nextUInt64() -> UInt64 {
        if hasPending {
            hasPending = false
            return pending
        }
        let (a, b) = nextPair()
        pending = b
        hasPending = true
        return a
    }

    /// The next 32 uniformly distributed bits: the low, then the high half of a word.
    @inlinable @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if hasPendingHalf {
            hasPendingHalf = false
            return pendingHalf
        }
        let word = nextUInt64()
        pendingHalf = UInt32(truncatingIfNeeded: word >> 32)
        hasPendingHalf = true
        return UInt32(truncatingIfNeeded: word)
    }

    /// A uniform variate in the open interval (0, 1) (53 random bits, never 0 or 1, so
    /// that `log` of it is always finite).
    @inlinable @inline(__always)
    public mutating func nextUniform() -> Double {
        (Double(nextUInt64() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal variate.
    @inlinable
    public mutating func nextGaussian() -> Double {
        Ziggurat.sample(&self)
    }

    /// Fills `buffer` with independent standard normal variates.
    @inlinable
    public mutating func fillGaussian(_ buffer: UnsafeMutableBufferPointer<Double>) {
        Ziggurat.fill(buffer, from: &self)
    }

    /// An array of `count` standard normal variates, scaled by `scale`.
    public mutating func gaussians(_ count: Int, scale: Double = 1) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { fillGaussian($0) }
        if scale != 1 { for i in out.indices { out[i] *= scale } }
        return out
    }
}
