import MPIShim

/// The rows of the `point` dimension one rank writes: a contiguous block, sizes differing
/// by at most one between ranks (the first `count % ranks` ranks get one more). Writing
/// in blocks spreads the I/O over ranks and keeps each rank's file selection one
/// hyperslab.
package struct PointPartition: Equatable {
    /// First point this rank writes.
    package let lower: Int
    /// One past the last point this rank writes.
    package let upper: Int

    package init(points: Int, rank: Int, ranks: Int) {
        let base = points / max(ranks, 1)
        let extra = points % max(ranks, 1)
        lower = rank * base + min(rank, extra)
        upper = lower + base + (rank < extra ? 1 : 0)
    }

    package var count: Int { upper - lower }

    /// The points this rank writes.
    package var rows: Range<Int> { lower..<upper }

    /// This rank's part of a row-major variable whose axis `axis` is the point axis:
    /// the file selection and the values in the order HDF5 pairs them with it.
    func slice<T>(_ values: [T], shape: [Int], axis: Int) -> (selection: HDF5Selection, values: [T]) {
        guard count > 0 else { return (.none, []) }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let points = shape[axis]
        var part: [T] = []
        part.reserveCapacity(outer * count * inner)
        for o in 0..<outer {
            let from = (o * points + lower) * inner
            part.append(contentsOf: values[from..<(from + count * inner)])
        }
        var start = [Int](repeating: 0, count: shape.count)
        var extent = shape
        start[axis] = lower
        extent[axis] = count
        return (.hyperslab(start: start, count: extent), part)
    }
}
