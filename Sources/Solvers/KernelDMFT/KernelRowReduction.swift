/// The reduction of one time row of the marched kernels over all participants: every chunk
/// of samples contributes its sums (segments laid end to end, e.g. a Phi row then an A
/// row), each segment is rounded on its own `FixedPointSum` grid and all of them travel in
/// one `SampleReduction.sum`, so the totals do not depend on how the chunks are split.
///
/// The grid of a segment is set from the largest mean seen so far under its name (shared
/// by every participant, since it comes from earlier totals); a contribution that overflows
/// it makes every participant redo the sum on a 2^16 coarser grid.
struct KernelRowReduction {
    struct Segment {
        let name: String
        let count: Int
    }

    /// Number of chunks over all participants (the terms of every sum).
    let terms: Int
    let samples: Int
    let reduction: SampleReduction
    private var scales: [String: Double] = [:]

    init(terms: Int, samples: Int, reduction: SampleReduction) {
        self.terms = terms
        self.samples = samples
        self.reduction = reduction
    }

    /// The totals of `segments` over all chunks of all participants (`sums`: this
    /// participant's chunks, in chunk order, each the concatenation of the segments).
    mutating func reduce(_ sums: [[Double]], segments: [Segment]) throws -> [[Double]] {
        var boost = 1.0
        for _ in 0..<8 {
            var fixed = segments.map { segment in
                FixedPointSum(count: segment.count, terms: terms,
                              magnitude: 16 * Double(KernelMonteCarloDMFT.chunkSize) * boost
                                  * max(scales[segment.name] ?? 1, 1),
                              headroomBits: 16)
            }
            for chunk in sums {
                var offset = 0
                for s in fixed.indices {
                    for e in 0..<fixed[s].count where offset + e < chunk.count { fixed[s].add(chunk[offset + e], at: e) }
                    offset += fixed[s].count
                }
            }
            if let totals = try FixedPointSum.reduce(fixed, with: reduction) {
                for (segment, total) in zip(segments, totals) {
                    let largest = total.reduce(0) { max($0, abs($1)) } / Double(samples)
                    scales[segment.name] = max(scales[segment.name] ?? 1, largest)
                }
                return totals
            }
            boost *= 65536
        }
        throw ModelError("kernel_dmft: Monte Carlo sums overflow the fixed-point grid; the kernels have diverged "
            + "(reduce model.gamma0, model.T or model.dt)")
    }

    /// m[rows, 0..<width] = scale * total (P x width, row-major), m n x n row-major.
    static func store(_ total: [Double], scale: Double, into m: inout [Double], rows: Range<Int>, width: Int, n: Int) {
        for (p, a) in rows.enumerated() {
            for b in 0..<width { m[a * n + b] = total[p * width + b] * scale }
        }
    }
}
