/// The on-disk form of several finished work items committed together (group commit:
/// one fsync and one directory fsync for all of them, instead of one pair per item).
///
/// Layout (little-endian): magic "DSJG", format version (UInt32), record count (UInt64),
/// then per record its byte length (UInt64) and a complete `JournalRecord` (which keeps its
/// own checksum); last, an FNV-1a 64-bit checksum of everything before it. A batch of one
/// item is written as a plain `JournalRecord`, so journals written before batches existed
/// read the same way as new ones.
enum JournalBatch {
    static let magic: [UInt8] = Array("DSJG".utf8)
    static let version: UInt32 = 1

    /// One file's bytes for `records` (each already a `JournalRecord` encoding).
    static func encode(_ records: [[UInt8]]) -> [UInt8] {
        if records.count == 1 { return records[0] }
        var bytes = magic
        append(UInt64(version), width: 4, to: &bytes)
        append(UInt64(records.count), width: 8, to: &bytes)
        bytes.reserveCapacity(bytes.count + records.reduce(0) { $0 + 8 + $1.count } + 8)
        for record in records {
            append(UInt64(record.count), width: 8, to: &bytes)
            bytes += record
        }
        append(JournalRecord.fnv1a(bytes), width: 8, to: &bytes)
        return bytes
    }

    /// The outcomes in a journal file (a batch or a single record), or what is wrong with it.
    static func decode(_ bytes: [UInt8]) -> Result<[BlockOutcome], JournalDamage> {
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else {
            return JournalRecord.decode(bytes).map { [$0] }
        }
        let headerLength = 4 + 4 + 8
        guard bytes.count >= headerLength + 8 else { return .failure(.truncated) }
        guard read(bytes, at: 4, width: 4) == UInt64(version) else { return .failure(.version) }
        let count = read(bytes, at: 8, width: 8)
        // Each record takes at least its length field and a record header.
        guard count >= 2, count <= UInt64(bytes.count / 16) else { return .failure(.malformed) }
        // Walk the lengths first: a file cut short is "truncated", not a checksum failure.
        var offset = headerLength
        var ranges: [Range<Int>] = []
        for _ in 0..<Int(count) {
            guard offset + 8 <= bytes.count else { return .failure(.truncated) }
            let length = read(bytes, at: offset, width: 8)
            guard length <= UInt64(bytes.count) else { return .failure(.malformed) }
            let start = offset + 8, end = start + Int(length)
            guard end <= bytes.count else { return .failure(.truncated) }
            ranges.append(start..<end)
            offset = end
        }
        guard offset + 8 <= bytes.count else { return .failure(.truncated) }
        guard offset + 8 == bytes.count else { return .failure(.malformed) }
        guard JournalRecord.fnv1a(bytes[0..<offset]) == read(bytes, at: offset, width: 8) else {
            return .failure(.checksum)
        }
        var outcomes: [BlockOutcome] = []
        for range in ranges {
            switch JournalRecord.decode(Array(bytes[range])) {
            case .success(let outcome): outcomes.append(outcome)
            case .failure(let damage): return .failure(damage)
            }
        }
        return .success(outcomes)
    }

    private static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        for i in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    private static func read(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width where offset + i < bytes.count { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return v
    }
}
