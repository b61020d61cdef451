/// An exact, order-independent sum of floating-point contributions: every contribution is
/// rounded to the grid 2^-exponent and accumulated as a 64-bit integer, so the total is
/// the same bits however the contributions are split over participants and in whatever
/// order the partial sums are added (integer addition is associative; `SampleReduction`
/// sums integers exactly).
///
/// Usage: every participant builds the sum with the same `count`, `terms` and `magnitude`
/// (all from information every participant shares), adds its own contributions, and calls
/// `FixedPointSum.reduce`, which performs one `SampleReduction.sum` for any number of sums
/// and returns the totals, or `nil` when some participant saw a contribution too large
/// for the grid (then every participant sees `nil` and redoes the work with a larger
/// `magnitude`).
///
/// Overflow cannot happen silently: the exponent is chosen so that `terms` contributions of
/// at most `limit` each cannot overflow Int64, and any contribution above `limit` is
/// counted (not added) in an overflow counter that travels in the same reduction.
public struct FixedPointSum: Sendable {
    /// Number of accumulated entries.
    public let count: Int
    /// Contributions are rounded to multiples of 2^-exponent.
    public let exponent: Int
    /// Largest allowed |contribution| * 2^exponent (so `terms` of them fit in Int64).
    public let limit: Double
    /// Integer accumulators, in units of 2^-exponent.
    public private(set) var accumulators: [Int64]
    /// Contributions that exceeded `limit` (not added).
    public private(set) var overflows: Int64 = 0
    let scale: Double

    /// A zero sum of `count` entries that will receive at most `terms` contributions per
    /// entry in total over all participants, each expected to be at most `magnitude` in
    /// absolute value (`headroomBits` more are tolerated before an overflow is reported).
    public init(count: Int, terms: Int, magnitude: Double, headroomBits: Int = 8) {
        self.count = max(count, 0)
        let t = Double(max(terms, 1))
        // |q| <= limit for each of `terms` terms keeps the total below 2^62.
        limit = (0x1p62 / t).rounded(.down)
        let m = (magnitude.isFinite && magnitude > 0) ? magnitude : 1
        // exponent: largest e with m * 2^(e + headroomBits) <= limit.
        let e = Int((limit / m).exponent) - headroomBits
        exponent = max(min(e, 1000), -1000)
        scale = Double(sign: .plus, exponent: exponent, significand: 1)
        accumulators = [Int64](repeating: 0, count: self.count)
    }

    /// Adds `value` to entry `index` (rounded to the grid, to nearest, ties away from zero).
    @inline(__always)
    public mutating func add(_ value: Double, at index: Int) {
        let q = (value * scale).rounded(.toNearestOrAwayFromZero)
        if abs(q) <= limit {
            accumulators[index] &+= Int64(q)
        } else {
            overflows &+= 1
        }
    }

    /// Adds `values[i]` to entry `offset + i` for every i.
    public mutating func add(_ values: UnsafeBufferPointer<Double>, at offset: Int = 0) {
        for i in values.indices { add(values[i], at: offset + i) }
    }

    /// Adds `values[i]` to entry `offset + i` for every i.
    public mutating func add(_ values: [Double], at offset: Int = 0) {
        values.withUnsafeBufferPointer { add($0, at: offset) }
    }

    /// The value of `total` (a sum of accumulators) in the units of this sum.
    public func value(of total: Int64) -> Double { Double(total) / scale }

    /// The current local sum as Doubles (for a single participant, or for tests).
    public var localValues: [Double] { accumulators.map { value(of: $0) } }

    /// Sums `sums` over all participants with one `reduction.sum` call and returns the
    /// totals as Doubles, one array per sum; `nil` if any participant had an overflow (the
    /// same answer on every participant).
    public static func reduce(_ sums: [FixedPointSum], with reduction: SampleReduction) throws -> [[Double]]? {
        var packed = [Int64]()
        packed.reserveCapacity(sums.reduce(1) { $0 + $1.count })
        var overflow: Int64 = 0
        for s in sums {
            packed.append(contentsOf: s.accumulators)
            overflow &+= s.overflows
        }
        packed.append(overflow)
        let total = try reduction.sum(packed)
        guard total.count == packed.count else {
            throw ModelError("internal error: the sample reduction returned \(total.count) numbers for \(packed.count)")
        }
        if total[total.count - 1] != 0 { return nil }
        var out = [[Double]]()
        var offset = 0
        for s in sums {
            out.append((0..<s.count).map { s.value(of: total[offset + $0]) })
            offset += s.count
        }
        return out
    }
}
