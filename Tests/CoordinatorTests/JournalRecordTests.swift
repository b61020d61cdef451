@testable import Coordinator
import SweepStatistics
import XCTest

/// The journal's record format: a finished item comes back bit for bit, and a record
/// that was cut short, changed, or never was one is refused with the reason.
final class JournalRecordTests: XCTestCase {
    /// Offset of header field `i` (point, block, firstRealization, diverged, simulation
    /// length, theory length, point-theory length, row count, row length).
    private func fieldOffset(_ i: Int) -> Int { 8 + 8 * i }
    private let headerLength = 8 + 9 * 8

    private func setField(_ bytes: inout [UInt8], _ i: Int, _ value: Int64) {
        setWord(&bytes, at: fieldOffset(i), UInt64(bitPattern: value))
    }

    private func setWord(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64) {
        for k in 0..<8 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
    }

    private func field(_ bytes: [UInt8], _ i: Int) -> Int64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[fieldOffset(i) + k]) << (8 * UInt64(k)) }
        return Int64(bitPattern: v)
    }

    /// Recomputes the checksum, as a record crafted by someone who knows the format would.
    private func reseal(_ bytes: inout [UInt8]) {
        setWord(&bytes, at: bytes.count - 8, JournalRecord.fnv1a(bytes[0..<(bytes.count - 8)]))
    }

    /// A block with awkward numbers: -0, a subnormal, infinities and NaN in the rows.
    private func awkwardBlock() -> RealizationBlockOutcome {
        var simulation = MomentAccumulator(length: 4)
        simulation.add([-0.0, subnormal, 3.5, -2e300])
        simulation.add([0.0, -subnormal, 1.0 / 3.0, 7])
        var theory = MomentAccumulator(length: 2)
        theory.add([0.1, 0.2])
        theory.add([0.3, -0.0])
        let rows = [[-0.0, subnormal, 3.5, -2e300, 0.1, 0.2],
                    [.nan, .infinity, -.infinity, 1, 2, 3],
                    [0.0, -subnormal, 1.0 / 3.0, 7, 0.3, -0.0]]
        return RealizationBlockOutcome(point: 4, block: 2, firstRealization: 30, simulation: simulation,
                                       theory: theory, diverged: 1, rows: rows)
    }

    private func decodedBlock(_ bytes: [UInt8], file: StaticString = #filePath,
                              line: UInt = #line) throws -> RealizationBlockOutcome {
        guard case .success(.realizations(let block)) = JournalRecord.decode(bytes) else {
            XCTFail("expected a block record, got \(JournalRecord.decode(bytes))", file: file, line: line)
            throw JournalDamage.malformed
        }
        return block
    }

    func testBlockRecordRoundTripsBitForBit() throws {
        let block = awkwardBlock()
        let back = try decodedBlock(JournalRecord.encode(.realizations(block)))
        XCTAssertEqual([back.point, back.block, back.firstRealization, back.diverged], [4, 2, 30, 1])
        XCTAssertEqual(CoordinatorTestSupport.bits(back.simulation), CoordinatorTestSupport.bits(block.simulation))
        XCTAssertEqual(CoordinatorTestSupport.bits(back.theory), CoordinatorTestSupport.bits(block.theory))
        XCTAssertEqual(back.rows.map { $0.map(\.bitPattern) }, block.rows.map { $0.map(\.bitPattern) })
    }

    /// A theory record keeps format 1's layout: block -1, empty accumulator sections.
    func testTheoryRecordRoundTripsInFormatOneLayout() throws {
        let trajectories = [1.5, -0.0, .nan, subnormal, 42]
        let bytes = JournalRecord.encode(.pointTheory(PointTheoryOutcome(point: 3, trajectories: trajectories)))
        XCTAssertEqual((0..<9).map { field(bytes, $0) }, [3, -1, 0, 0, 0, 0, 5, 0, 0])
        XCTAssertEqual(bytes.count, headerLength + 8 * (2 + trajectories.count) + 8)
        // The doubles follow the header as little-endian bit patterns, byte for byte what
        // earlier builds wrote (so their journals resume).
        let expected = ([0.0, 0.0] + trajectories).flatMap { d in
            (0..<8).map { UInt8(truncatingIfNeeded: d.bitPattern >> (8 * UInt64($0))) }
        }
        XCTAssertEqual(Array(bytes[headerLength..<(bytes.count - 8)]), expected)
        guard case .success(.pointTheory(let theory)) = JournalRecord.decode(bytes) else {
            return XCTFail("expected a theory record")
        }
        XCTAssertEqual(theory.point, 3)
        XCTAssertEqual(theory.trajectories.map(\.bitPattern), trajectories.map(\.bitPattern))
    }

    func testEveryTruncationIsRefusedAsTruncated() {
        let bytes = JournalRecord.encode(.realizations(awkwardBlock()))
        for length in 0..<bytes.count {
            guard case .failure(let damage) = JournalRecord.decode(Array(bytes[0..<length])) else {
                XCTFail("a record cut to \(length) of \(bytes.count) bytes was accepted")
                continue
            }
            XCTAssertEqual(damage, .truncated, "cut to \(length) bytes")
        }
    }

    /// Flipping any one bit is caught; past the header, always by the checksum.
    func testEveryFlippedBitIsRefused() {
        let bytes = JournalRecord.encode(.realizations(awkwardBlock()))
        for offset in 0..<bytes.count {
            for bit in [0, 7] {
                var damaged = bytes
                damaged[offset] ^= UInt8(1 << bit)
                guard case .failure(let damage) = JournalRecord.decode(damaged) else {
                    XCTFail("a record with bit \(bit) of byte \(offset) flipped was accepted")
                    continue
                }
                if offset >= headerLength { XCTAssertEqual(damage, .checksum, "byte \(offset), bit \(bit)") }
            }
        }
    }

    func testForeignFilesAreRefused() {
        let manifest = Array(RunIdentity(config: "[run]\n", version: "1", commit: "abc", keepRealizations: false,
                                         items: 3).manifest.utf8)
        XCTAssertEqual(JournalRecord.decode(manifest).failure, .notARecord)
        XCTAssertEqual(JournalRecord.decode(Array(repeating: 0xAB, count: 200)).failure, .notARecord)
        XCTAssertEqual(JournalRecord.decode([]).failure, .truncated)

        var future = JournalRecord.encode(.realizations(awkwardBlock()))
        future[4] = 2
        reseal(&future)
        XCTAssertEqual(JournalRecord.decode(future).failure, .version)
    }

    /// Records that pass the checksum but could not have been written: a theory record
    /// with block fields, a block record with a theory, impossible counts.
    func testImpossibleRecordsAreMalformed() {
        var theory = JournalRecord.encode(.pointTheory(PointTheoryOutcome(point: 0, trajectories: [1, 2])))
        setField(&theory, 3, 1)  // one diverged realization in a theory record
        reseal(&theory)
        XCTAssertEqual(JournalRecord.decode(theory).failure, .malformed)

        var block = JournalRecord.encode(.realizations(awkwardBlock()))
        setField(&block, 6, 2)  // a point theory in a block record
        reseal(&block)
        XCTAssertEqual(JournalRecord.decode(block).failure, .malformed)

        var negative = JournalRecord.encode(.realizations(awkwardBlock()))
        setField(&negative, 0, -1)  // point -1
        reseal(&negative)
        XCTAssertEqual(JournalRecord.decode(negative).failure, .malformed)

        // The simulation accumulator's count (the first Double) must be a whole number.
        for count in [Double.nan, 2.5, -1, .infinity, 1e300] {
            var bytes = JournalRecord.encode(.realizations(awkwardBlock()))
            setWord(&bytes, at: headerLength, count.bitPattern)
            reseal(&bytes)
            XCTAssertEqual(JournalRecord.decode(bytes).failure, .malformed, "count \(count)")
        }
    }

    func testDamagePhrasesSayWhatIsWrong() {
        let phrases = [JournalDamage.truncated, .notARecord, .checksum, .version, .malformed].map(\.phrase)
        XCTAssertEqual(Set(phrases).count, phrases.count)
        XCTAssertEqual(JournalDamage.checksum.phrase, "fails its checksum (the file was changed after it was written)")
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
