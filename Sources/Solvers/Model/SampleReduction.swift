/// How a per-point theory shares a Monte Carlo with the other ranks, without knowing MPI
/// (seed 002's alternating Monte Carlo is the example: each iteration samples fields,
/// estimates kernels, and needs the sum of every rank's estimates).
///
/// The sum is over 64-bit integers, which is exact and associative, so a solver that
/// rounds each sample's contribution to a fixed-point grid before adding it gets the same
/// total whatever the number of participants and however the samples were split: the
/// result is bit-for-bit independent of the rank count. `FixedPointSum` does that
/// rounding.
public protocol SampleReduction: AnyObject {
    /// Number of participants (ranks) sharing the samples.
    var participantCount: Int { get }
    /// This participant's index, 0..<participantCount.
    var participantIndex: Int { get }
    /// The element-wise sum of `values` over all participants, returned to all of them.
    /// Collective: every participant calls it in the same order with the same length.
    func sum(_ values: [Int64]) throws -> [Int64]
}

extension SampleReduction {
    /// This participant's contiguous share of samples 0..<count (sizes differ by at most
    /// one; the split changes nothing in the exact sum, only who computes what).
    public func share(of count: Int) -> Range<Int> {
        let n = max(participantCount, 1)
        return (participantIndex * count / n)..<((participantIndex + 1) * count / n)
    }
}

/// The reduction of a single process: it owns every sample and the sum is the identity.
/// For tests, tools, and the `.perPoint` path.
public final class SingleParticipant: SampleReduction {
    public init() {}
    public var participantCount: Int { 1 }
    public var participantIndex: Int { 0 }
    public func sum(_ values: [Int64]) throws -> [Int64] { values }
}
