import CVectorKernels

/// Standard normal variates by the Box-Muller transform of Philox4x32-10 counter blocks,
/// 16 blocks (64 variates) at a time (issue 16; layout and bounds in CVectorKernels.h).
/// A pair of 32-bit words (a, b) gives the radius √(−2 ln((a + ½) 2⁻³²)) and the angle
/// 2π b 2⁻³², so every variate has 32 random bits of its own and |z| < 6.8; log, sin and
/// cos are fdlibm's algorithms, vectorized, so the numbers are the same on every CPU.
public enum BoxMuller {
    /// Counter blocks a fill of `count` variates consumes: 16 ⌈count / 64⌉.
    @inlinable
    public static func blocks(forVariates count: Int) -> UInt64 {
        dynsweep_box_muller_blocks(count)
    }

    /// Fills `buffer` from the blocks `firstBlock`, `firstBlock` + 1, ... of the Philox
    /// stream with key `key` and counter words 2 and 3 `counterHigh` (the block index is
    /// counter words 0 and 1). The unused variates of the last chunk are discarded.
    @inlinable
    public static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, firstBlock: UInt64,
                            key: (UInt32, UInt32), counterHigh: (UInt32, UInt32),
                            on instructionSet: VectorInstructionSet = .best) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        dynsweep_box_muller_fill(base, buffer.count, firstBlock, key.0, key.1, counterHigh.0, counterHigh.1,
                                 instructionSet.runnable)
    }

    /// The cosine and sine variates of one word pair (a, b), exactly as a fill computes them.
    public static func pair(_ a: UInt32, _ b: UInt32) -> (cosine: Double, sine: Double) {
        var cosine = 0.0, sine = 0.0
        dynsweep_box_muller_pair(a, b, &cosine, &sine)
        return (cosine, sine)
    }
}
