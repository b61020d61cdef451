/// Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers:
/// as easy as 1, 2, 3" (SC'11). A block of four 32-bit words is a pure function of a
/// 128-bit counter and a 64-bit key, so any realization's stream can be produced on any
/// rank, in any order, with no state shared between streams.
///
/// Checked against the Random123 known-answer vectors in `PhiloxTests`.
public enum Philox4x32 {
    @usableFromInline static let m0: UInt32 = 0xD251_1F53
    @usableFromInline static let m1: UInt32 = 0xCD9E_8D57
    @usableFromInline static let w0: UInt32 = 0x9E37_79B9
    @usableFromInline static let w1: UInt32 = 0xBB67_AE85

    /// Ten rounds of the Philox bijection on `counter` under `key`.
    @inlinable @inline(__always)
    public static func block(
        _ counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 {
                k0 &+= w0
                k1 &+= w1
            }
            let p0 = UInt64(m0) &* UInt64(c0)
            let p1 = UInt64(m1) &* UInt64(c2)
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            c0 = hi1 ^ c1 ^ k0
            c1 = lo1
            c2 = hi0 ^ c3 ^ k1
            c3 = lo0
        }
        return (c0, c1, c2, c3)
    }
}
