import MPIShim
import SweepStatistics

/// Combines the block outcomes of all ranks into per-point statistics that are
/// bit-for-bit the same whatever the number of ranks.
///
/// Each point's blocks occupy fixed slots of a buffer; a rank writes the slots of the
/// blocks it ran and leaves the others zero, so the MPI_Allreduce sum is exact (every
/// slot has one non-zero contribution, and x + 0 = x). Every rank then merges the blocks
/// in block order (Chan), the same fixed order a single rank uses. Points are reduced in
/// chunks so that the buffer stays small whatever the number of points.
struct Reduction {
    let contexts: PointContexts
    let blocksPerPoint: Int
    /// Blocks of each point when they differ (a run with an error target adds rounds);
    /// nil: every point has `blocksPerPoint`.
    var blockCounts: [Int]?
    /// Numbers per point-theory number: 2 with theory replicas (mean and standard error).
    var theoryValuesPerNumber = 1
    /// Doubles per Allreduce (about 32 MiB).
    var chunkLimit = 4 << 20

    private func slotLength(_ c: PointContext) -> Int {
        1 + MomentAccumulator.packedLength(c.simulation.length)
            + MomentAccumulator.packedLength(c.realizationTheory.length)
    }

    private func blocks(of point: Int) -> Int { blockCounts?[point] ?? blocksPerPoint }

    private func pointLength(_ point: Int) -> Int {
        let c = contexts[point]
        return blocks(of: point) * slotLength(c) + c.pointTheory.length * theoryValuesPerNumber
    }

    func reduce(_ outcomes: [BlockOutcome], communicator: Communicator) throws -> [PointStatistics] {
        var byPoint = [[BlockOutcome]](repeating: [], count: contexts.count)
        for o in outcomes { byPoint[o.point].append(o) }

        var result: [PointStatistics] = []
        result.reserveCapacity(contexts.count)
        var start = 0
        while start < contexts.count {
            // A chunk of consecutive points (at least one) within the size limit.
            var end = start + 1
            var size = pointLength(start)
            while end < contexts.count, size + pointLength(end) <= chunkLimit {
                size += pointLength(end)
                end += 1
            }
            var buffer = [Double](repeating: 0, count: size)
            var offset = 0
            for point in start..<end {
                fill(&buffer, at: offset, point: point, outcomes: byPoint[point])
                offset += pointLength(point)
            }
            try communicator.allreduceSum(&buffer)
            // Adding +0 on every rank turns a -0 from a single-rank run into +0, as the
            // multi-rank sum does, so the stored bits never depend on the rank count.
            for i in buffer.indices { buffer[i] += 0 }
            offset = 0
            for point in start..<end {
                result.append(unpack(buffer, at: offset, point: point))
                offset += pointLength(point)
            }
            start = end
        }
        return result
    }

    private func fill(_ buffer: inout [Double], at base: Int, point: Int, outcomes: [BlockOutcome]) {
        let c = contexts[point]
        for o in outcomes {
            switch o {
            case .realizations(let b):
                var packed: [Double] = [Double(b.diverged)]
                b.simulation.pack(into: &packed)
                b.theory.pack(into: &packed)
                let at = base + b.block * slotLength(c)
                buffer.replaceSubrange(at..<(at + packed.count), with: packed)
            case .pointTheory(let theory):
                let at = base + blocks(of: point) * slotLength(c)
                buffer.replaceSubrange(at..<(at + theory.trajectories.count), with: theory.trajectories)
            }
        }
    }

    private func unpack(_ buffer: [Double], at base: Int, point: Int) -> PointStatistics {
        let c = contexts[point]
        var simulation = MomentAccumulator(length: c.simulation.length)
        var theory = MomentAccumulator(length: c.realizationTheory.length)
        var diverged = 0
        let all = buffer[...]
        for block in 0..<blocks(of: point) {
            var offset = base + block * slotLength(c)
            diverged += Int(buffer[offset])
            offset += 1
            simulation.merge(MomentAccumulator(unpacking: all, offset: &offset, length: c.simulation.length))
            theory.merge(MomentAccumulator(unpacking: all, offset: &offset, length: c.realizationTheory.length))
        }
        let theoryStart = base + blocks(of: point) * slotLength(c)
        let theoryLength = c.pointTheory.length
        let pointTheory = Array(buffer[theoryStart..<(theoryStart + theoryLength)])
        let sem = theoryValuesPerNumber > 1
            ? Array(buffer[(theoryStart + theoryLength)..<(theoryStart + 2 * theoryLength)]) : []
        return PointStatistics(simulation: simulation, theory: theory, pointTheory: pointTheory, diverged: diverged,
                               pointTheorySEM: sem)
    }
}
