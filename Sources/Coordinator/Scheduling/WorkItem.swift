/// One unit of schedulable work: a fixed block of realizations at one sweep point, or
/// the theory solve of one point. Blocks are fixed by the config alone (never by the
/// rank count), which is what makes the merge order, and so the output, independent of
/// how many ranks ran them; with an error target, the blocks of later rounds are fixed by
/// the config and the block-ordered statistics of the earlier ones (`RoundAllocator`).
package struct WorkItem: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// Realizations `range` of `point`, block number `block`.
        case realizations(block: Int, range: Range<Int>)
        /// The per-point theory. A collective theory is computed by all ranks together
        /// (before the dynamic work), the others by whichever rank takes the item.
        case theory(collective: Bool)
    }

    package let point: Int
    package let kind: Kind
    /// Estimated floating-point operations, used to hand out the largest items first.
    package let cost: Double

    /// True for a theory that all ranks compute together.
    package var isCollective: Bool {
        if case .theory(let collective) = kind { return collective }
        return false
    }

    /// Number of realizations the item runs (0 for a theory item).
    package var realizationCount: Int {
        if case .realizations(_, let range) = kind { return range.count }
        return 0
    }
}

/// The fixed partition of `realizations` into `blocks` contiguous blocks (sizes differ by
/// at most one).
package func blockRange(block: Int, blocks: Int, realizations: Int) -> Range<Int> {
    let lower = block * realizations / blocks
    let upper = (block + 1) * realizations / blocks
    return lower..<upper
}
