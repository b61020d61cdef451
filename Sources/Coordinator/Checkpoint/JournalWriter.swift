import Foundation

/// Writes journal records on a background queue, so that a rank computes its next block
/// while the previous one is being fsynced (the fsync is I/O wait, about 8 ms per record
/// on the reference machine, 4% of the quickstart when done inline). Each record still
/// appears under its name only after its bytes are on disk (`DurableFile`); a record still
/// queued when the process dies is lost like a block in flight. `finish()` waits for
/// every queued record and reports the first error (e.g. a full disk).
final class JournalWriter: @unchecked Sendable {
    private let journal: Journal
    private let queue = DispatchQueue(label: "dynsweep.journal")
    private let lock = NSLock()
    private var firstError: Error?
    private var seconds = 0.0

    init(journal: Journal) {
        self.journal = journal
    }

    /// Queues `outcome`; throws an earlier write's error, if any.
    func write(_ outcome: BlockOutcome) throws {
        try checkError()
        let bytes = JournalRecord.encode(outcome)
        let path = journal.directory + "/" + Journal.recordName(point: outcome.key.point, block: outcome.key.block)
        queue.async { [self] in
            let start = Date()
            do {
                try DurableFile.write(bytes, to: path)
            } catch {
                lock.withLock { if firstError == nil { firstError = error } }
            }
            let elapsed = Date().timeIntervalSince(start)
            lock.withLock { seconds += elapsed }
        }
    }

    /// Waits until every queued record is durable; throws the first write error.
    func finish() throws {
        queue.sync {}
        DurableFile.syncDirectory(journal.directory)
        try checkError()
    }

    /// Seconds the background queue spent writing (overlapped with computation).
    var writeSeconds: Double { lock.withLock { seconds } }

    private func checkError() throws {
        if let error = lock.withLock({ firstError }) { throw error }
    }
}
