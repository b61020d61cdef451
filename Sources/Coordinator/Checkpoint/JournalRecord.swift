import Foundation
import SweepStatistics

/// The on-disk form of one finished work item (a block of realizations, or a point's
/// theory): its exact accumulators, bit for bit, so that a resumed run merges the same
/// numbers in the same order as an uninterrupted one.
///
/// Layout (little-endian): magic "DSJB", format version (UInt32), then Int64 fields
/// point, block (-1 for a theory item), firstRealization, diverged, simulation length,
/// theory length, point-theory length, row count, row length; then the Doubles of the
/// packed simulation and theory accumulators, the point theory and the rows; last, an
/// FNV-1a 64-bit checksum of everything before it. A theory record has zero in every
/// block field (its accumulators are empty: length 0, count 0), a block record a zero
/// point-theory length; a record that mixes the two is refused as malformed. A record
/// is written to a temporary name, fsynced and renamed, so a crash never leaves a
/// partial record under its name; a record that fails the checks was damaged after the
/// fact and is refused.
enum JournalRecord {
    static let magic: [UInt8] = Array("DSJB".utf8)
    static let version: UInt32 = 1

    static func encode(_ outcome: BlockOutcome) -> [UInt8] {
        var bytes = magic
        append(version, to: &bytes)
        var doubles: [Double] = []
        let fields: [Int]
        switch outcome {
        case .realizations(let o):
            let rowLength = o.rows.first?.count ?? 0
            fields = [o.point, o.block, o.firstRealization, o.diverged, o.simulation.length, o.theory.length,
                      0, o.rows.count, rowLength]
            o.simulation.pack(into: &doubles)
            o.theory.pack(into: &doubles)
            for row in o.rows { doubles += row }
        case .pointTheory(let o):
            fields = [o.point, -1, 0, 0, 0, 0, o.trajectories.count, 0, 0]
            // The accumulator sections are empty (length 0): each is just its count, 0.
            doubles = [0, 0] + o.trajectories
        }
        for field in fields { append(UInt64(bitPattern: Int64(field)), to: &bytes) }
        bytes.reserveCapacity(bytes.count + 8 * doubles.count + 8)
        appendLittleEndian(doubles, to: &bytes)
        append(fnv1a(bytes), to: &bytes)
        return bytes
    }

    /// Decodes a record, or says in one phrase what is wrong with it.
    static func decode(_ bytes: [UInt8]) -> Result<BlockOutcome, JournalDamage> {
        let headerLength = 4 + 4 + 9 * 8
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else {
            return .failure(bytes.count < 4 ? .truncated : .notARecord)
        }
        guard bytes.count >= headerLength + 8 else { return .failure(.truncated) }
        guard UInt32(truncatingIfNeeded: read64(bytes, at: 4) & 0xFFFF_FFFF) == version else {
            return .failure(.version)
        }
        let f = (0..<9).map { Int(Int64(bitPattern: read64(bytes, at: 8 + 8 * $0))) }
        let (point, block, first, diverged, simLength, thLength, ptLength, rowCount, rowLength) =
            (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8])
        let limit = 1 << 40
        guard [point, first, diverged, simLength, thLength, ptLength, rowCount, rowLength].allSatisfy({ (0..<limit).contains($0) }),
              block >= -1, rowCount <= limit / max(rowLength, 1) else { return .failure(.malformed) }
        // A theory record has nothing of a block, and a block record no theory.
        let isTheory = block == -1
        guard isTheory ? [first, diverged, simLength, thLength, rowCount, rowLength].allSatisfy({ $0 == 0 })
                       : ptLength == 0 else { return .failure(.malformed) }
        let doubleCount = MomentAccumulator.packedLength(simLength) + MomentAccumulator.packedLength(thLength)
            + ptLength + rowCount * rowLength
        let expected = headerLength + 8 * doubleCount + 8
        // The length comes first: a file cut short is "truncated", not a checksum failure.
        guard bytes.count >= expected else { return .failure(.truncated) }
        guard bytes.count == expected else { return .failure(.malformed) }
        guard JournalRecord.fnv1a(bytes[0..<(bytes.count - 8)]) == read64(bytes, at: bytes.count - 8) else {
            return .failure(.checksum)
        }
        var doubles = [Double](repeating: 0, count: doubleCount)
        for i in 0..<doubleCount { doubles[i] = Double(bitPattern: read64(bytes, at: headerLength + 8 * i)) }
        // The accumulators' counts must be whole numbers (and 0 in a theory record)
        // before they become Ints.
        let counts = [doubles[0], doubles[MomentAccumulator.packedLength(simLength)]]
        guard counts.allSatisfy({ $0 >= 0 && $0 < Double(limit) && $0.rounded() == $0 }),
              !isTheory || counts == [0, 0] else { return .failure(.malformed) }
        if isTheory {
            // The trajectories follow the two empty accumulator sections (their counts).
            return .success(.pointTheory(PointTheoryOutcome(point: point, trajectories: Array(doubles[2...]))))
        }
        let all = doubles[...]
        var offset = 0
        let simulation = MomentAccumulator(unpacking: all, offset: &offset, length: simLength)
        let theory = MomentAccumulator(unpacking: all, offset: &offset, length: thLength)
        var rows: [[Double]] = []
        for _ in 0..<rowCount {
            rows.append(Array(doubles[offset..<(offset + rowLength)]))
            offset += rowLength
        }
        return .success(.realizations(RealizationBlockOutcome(point: point, block: block, firstRealization: first,
                                                              simulation: simulation, theory: theory,
                                                              diverged: diverged, rows: rows)))
    }

    static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        // Over contiguous storage (arrays and their slices, every caller's case) the loop
        // runs on a buffer pointer: the same hash without the collection's bounds checks,
        // which cost as much as the hash on the megabytes a batch of tiny items writes.
        if let hash = bytes.withContiguousStorageIfAvailable({ buffer -> UInt64 in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in buffer {
                hash ^= UInt64(b)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return hash
        }) {
            return hash
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The doubles' bit patterns, each little-endian: one copy of their memory on a
    /// little-endian host (the format's byte order), byte by byte elsewhere.
    private static func appendLittleEndian(_ doubles: [Double], to bytes: inout [UInt8]) {
        #if _endian(little)
        doubles.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for d in doubles { append(d.bitPattern, to: &bytes) }
        #endif
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        append(UInt64(value), to: &bytes, width: 4)
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8], width: Int = 8) {
        for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    private static func read64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 where offset + i < bytes.count { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return v
    }
}

/// Why a journal record cannot be used.
enum JournalDamage: Error, Equatable {
    case truncated, notARecord, checksum, version, malformed

    var phrase: String {
        switch self {
        case .truncated: return "is truncated"
        case .notARecord: return "is not a dynsweep journal record"
        case .checksum: return "fails its checksum (the file was changed after it was written)"
        case .version: return "was written by an incompatible dynsweep version"
        case .malformed: return "has impossible header fields"
        }
    }
}
