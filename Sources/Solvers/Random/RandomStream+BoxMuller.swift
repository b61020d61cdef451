import VectorKernels

/// Bulk standard normal variates by the Box-Muller transform, vectorized in C
/// (`VectorKernels.BoxMuller`), for loops that draw a long vector per step: the
/// teacher-student inputs, N per SGD step (issue 16).
///
/// Same keyed Philox4x32-10 stream as the rest of `RandomStream`, read in whole chunks of 16
/// counter blocks, 64 variates per chunk; each variate carries 32 random bits of its own
/// (a pair of 32-bit words gives a radius and an angle). So the n-th chunk of a stream is a
/// pure function of (key, position), as every other draw is, and a realization's inputs do
/// not depend on the rank, the schedule or the CPU's instruction set (the AVX-512, AVX2 and
/// baseline builds of the kernel are bit-identical; `BoxMullerTests` checks it).
///
/// It is a different sequence from `fillGaussian`'s ziggurat: switching a model from one to
/// the other changes its random numbers (and so its output files), not their distribution.
extension RandomStream {
    /// Counter blocks a Box-Muller fill of `count` variates consumes (16 ⌈count / 64⌉).
    public static func boxMullerBlocks(_ count: Int) -> UInt64 {
        BoxMuller.blocks(forVariates: count)
    }

    /// Fills `buffer` with independent standard normal variates (|z| < 6.8, from 32-bit
    /// uniforms), reading the stream's next 16 ⌈count / 64⌉ blocks; the unused variates of
    /// the last chunk are discarded. Words left pending by `nextUInt64`/`nextUInt32` stay
    /// pending (they belong to earlier blocks).
    @inlinable
    public mutating func fillGaussianBoxMuller(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard !buffer.isEmpty else { return }
        BoxMuller.fill(buffer, firstBlock: block, key: (k0, k1), counterHigh: (key.word2, key.word3))
        block &+= BoxMuller.blocks(forVariates: buffer.count)
    }
}
