import Foundation

/// Writes journal records on a background thread, so that a rank computes its next item
/// while earlier ones are being fsynced, with group commit and back-pressure:
///
/// - Group commit: the thread takes everything queued and writes it as one file (one
///   `JournalBatch`), with one fsync and one directory fsync, however many items it holds.
///   An fsync costs about the same for one record as for a hundred (about 8 ms on the
///   reference machine), so tiny items no longer wait on one fsync each.
/// - Back-pressure: `write` blocks while `Limits.items` records or `Limits.bytes` bytes are
///   queued. What a SIGKILL can lose on one rank is therefore bounded: the item in flight,
///   the queued records and the batch being written, at most `2 * Limits.items` items (in
///   practice the items finished during the last fsync), and a stop never waits for more
///   than two batch writes to flush.
///
/// Each file still appears under its name only after its bytes are on disk (`DurableFile`).
/// `finish()` waits for every queued record and reports the first error (e.g. a full disk).
final class JournalWriter: @unchecked Sendable {
    /// How much may be queued before `write` blocks.
    struct Limits: Sendable {
        var items: Int
        var bytes: Int

        /// 512 records or 16 MiB: a fraction of a second of tiny items (a batch write takes
        /// 8-50 ms here, so tiny items need hundreds per fsync to keep up), one or two big
        /// ones; items that take longer than a batch write never fill the queue.
        static let standard = Limits(items: 512, bytes: 16 << 20)
    }

    private let journal: Journal
    private let limits: Limits
    /// A test's injected failure of this rank's writes (nil in a real run).
    private let fault: JournalFaultInjection?
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queued: [(key: ItemKey, bytes: [UInt8])] = []
    private var queuedBytes = 0
    private var writing = false
    private var closed = false
    private var firstError: Error?
    private var seconds = 0.0
    private var batchCount = 0

    init(journal: Journal, limits: Limits = .standard, fault: JournalFaultInjection? = nil) {
        self.journal = journal
        self.limits = limits
        self.fault = fault
        let thread = Thread { [self] in commitLoop() }
        thread.name = "dynsweep.journal"
        thread.start()
    }

    /// Queues `outcome`, waiting while the queue is full; throws an earlier write's error.
    func write(_ outcome: BlockOutcome) throws {
        let bytes = JournalRecord.encode(outcome)
        condition.lock()
        defer { condition.unlock() }
        while firstError == nil, !queued.isEmpty,
              queued.count >= limits.items || queuedBytes + bytes.count > limits.bytes {
            condition.wait()
        }
        if let firstError { throw firstError }
        queued.append((outcome.key, bytes))
        queuedBytes += bytes.count
        condition.broadcast()
    }

    /// Waits until every queued record is durable, then ends the background thread; throws
    /// the first write error. The queue is bounded, so this takes at most two batch writes.
    func finish() throws {
        condition.lock()
        while !queued.isEmpty || writing { condition.wait() }
        closed = true
        condition.broadcast()
        let error = firstError
        condition.unlock()
        if let error { throw error }
    }

    /// Seconds the background thread spent writing (overlapped with computation).
    var writeSeconds: Double { condition.withLock { seconds } }

    /// Files written (each one fsync and one directory fsync).
    var batches: Int { condition.withLock { batchCount } }

    /// The background thread: waits for records, writes all that are queued as one file.
    private func commitLoop() {
        condition.lock()
        while true {
            while queued.isEmpty, !closed { condition.wait() }
            if queued.isEmpty { break }
            let batch = queued
            queued = []
            queuedBytes = 0
            writing = true
            let written = batchCount
            condition.broadcast()  // writers waiting on a full queue may go on
            condition.unlock()

            let start = Date()
            let path = journal.directory + "/" + Journal.recordName(first: batch[0].key, count: batch.count)
            var failure: Error? = fault?.error(batch: written, path: path)
            if failure == nil {
                do {
                    try DurableFile.write(JournalBatch.encode(batch.map(\.bytes)), to: path)
                } catch {
                    failure = error
                }
            }

            condition.lock()
            writing = false
            seconds += Date().timeIntervalSince(start)
            batchCount += 1
            if firstError == nil { firstError = failure }
            condition.broadcast()
        }
        condition.unlock()
    }
}
