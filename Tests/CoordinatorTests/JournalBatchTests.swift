@testable import Coordinator
import Foundation
import SweepStatistics
import XCTest

/// Group commit: a batch file holds many records and decodes to exactly them, a batch of
/// one is a plain record (older journals read the same way), damage is refused by kind,
/// and the background writer commits many items per file without losing or repeating one.
final class JournalBatchTests: XCTestCase {
    func outcome(point: Int, block: Int) -> BlockOutcome {
        var simulation = MomentAccumulator(length: 3)
        simulation.add([Double(point), Double(block), 0.5])
        return .realizations(RealizationBlockOutcome(point: point, block: block, firstRealization: block,
                                                     simulation: simulation, theory: MomentAccumulator(length: 0),
                                                     diverged: 0, rows: []))
    }

    func keys(_ outcomes: [BlockOutcome]) -> [ItemKey] { outcomes.map(\.key) }

    func testBatchRoundTripsAndOneItemIsAPlainRecord() throws {
        let items = (0..<5).map { outcome(point: $0, block: 1) }
        let bytes = JournalBatch.encode(items.map(JournalRecord.encode))
        XCTAssertEqual(Array(bytes.prefix(4)), JournalBatch.magic)
        XCTAssertEqual(try keys(JournalBatch.decode(bytes).get()), keys(items))
        let single = JournalRecord.encode(items[0])
        XCTAssertEqual(JournalBatch.encode([single]), single)
        XCTAssertEqual(try keys(JournalBatch.decode(single).get()), [items[0].key])
    }

    func testDamagedBatchesAreRefusedByKind() {
        let bytes = JournalBatch.encode((0..<4).map { JournalRecord.encode(outcome(point: $0, block: 0)) })
        for cut in [5, 20, bytes.count / 2, bytes.count - 1] {
            XCTAssertEqual(JournalBatch.decode(Array(bytes.prefix(cut))).failure, .truncated, "cut at \(cut)")
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        XCTAssertEqual(JournalBatch.decode(flipped).failure, .checksum)
        XCTAssertEqual(JournalBatch.decode(bytes + [0]).failure, .malformed)
        var version = bytes
        version[4] = 9
        XCTAssertEqual(JournalBatch.decode(version).failure, .version)
    }

    func testNamesCountTheirItems() {
        let key = ItemKey(point: 3, block: 7)
        XCTAssertEqual(Journal.recordName(first: key, count: 1), "p3-b7.rec")
        XCTAssertEqual(Journal.recordName(first: key, count: 12), "p3-b7-n12.rec")
        XCTAssertEqual(Journal.itemCount(ofRecordNamed: "p3-b7-n12.rec"), 12)
        XCTAssertEqual(Journal.itemCount(ofRecordNamed: "p3-b7.rec"), 1)
        XCTAssertEqual(Journal.itemCount(ofRecordNamed: "p3-theory.rec"), 1)
    }

    func testWriterCommitsManyItemsPerFileAndLosesNone() throws {
        let directory = NSTemporaryDirectory() + "journal-batch-\(getpid()).h5"
        let journal = Journal(outputPath: directory)
        try FileManager.default.createDirectory(atPath: journal.directory, withIntermediateDirectories: true)
        defer { journal.remove() }
        let writer = JournalWriter(journal: journal, limits: .init(items: 16, bytes: 1 << 20))
        let items = (0..<2000).map { outcome(point: $0 / 4, block: $0 % 4) }
        for item in items { try writer.write(item) }
        try writer.finish()
        var found: [ItemKey] = []
        for name in journal.recordNames() {
            let bytes = [UInt8](FileManager.default.contents(atPath: journal.directory + "/" + name) ?? Data())
            let file = try JournalBatch.decode(bytes).get()
            XCTAssertEqual(name, Journal.recordName(first: file[0].key, count: file.count))
            XCTAssertLessThanOrEqual(file.count, 16, "a batch holds at most what may be queued")
            found += keys(file)
        }
        XCTAssertEqual(Set(found), Set(keys(items)))
        XCTAssertEqual(found.count, items.count)
        XCTAssertEqual(journal.itemCount(), items.count)
        XCTAssertLessThan(writer.batches, items.count / 4, "records were not grouped")
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
