import Foundation
import MPIShim
import Solvers

/// Hands out indices into a `WorkPlan` to this rank. Three kinds: one process alone; the
/// dispatcher on rank 0, which also works and answers the other ranks' requests from
/// inside `RunControl.poll()`; and the requesting side on every other rank.
protocol WorkSource: AnyObject {
    /// The next item for this rank, or nil when the plan is exhausted; `finished` is the
    /// item this rank just completed (nil on the first call).
    func next(finished: Int?) throws -> Int?
    /// Answers pending requests from other ranks (rank 0 only; cheap when none wait).
    func serve() throws
    /// Called after this rank's last item: rank 0 keeps serving until every other rank
    /// has been told there is no more work.
    func drain() throws
    /// Called instead of `drain` when this rank cannot go on (its journal write failed):
    /// no rank is handed another item, and every rank ends its loop after the item it is
    /// computing, so that all of them reach the agreement after the phase.
    func abandon() throws
    /// Finished work on all ranks (rank 0 and a single process only; nil elsewhere).
    var ledger: WorkLedger? { get }
}

/// Message tags of the dynamic scheduler.
enum SchedulerTag {
    static let request = 7101
    static let assign = 7102
    /// The `finished` word of a request from a rank that abandons the phase.
    static let abandoning: Int64 = -2
}

/// Every item, in order, to the only rank.
final class LocalWorkSource: WorkSource {
    private var cursor = 0
    private let count: Int
    let ledger: WorkLedger?

    init(itemCount: Int, ledger: WorkLedger) {
        count = itemCount
        self.ledger = ledger
    }

    func next(finished: Int?) throws -> Int? {
        if let finished { ledger?.finished(finished) }
        guard cursor < count else { return nil }
        defer { cursor += 1 }
        return cursor
    }

    func serve() throws {}
    func drain() throws {}
    func abandon() throws { cursor = count }
}

/// Rank 0: takes items for itself and answers the requests of other ranks. A request
/// carries the item the requester just finished, so rank 0 always knows the global
/// progress.
final class DispatchingWorkSource: WorkSource {
    private let communicator: Communicator
    private var cursor = 0
    private let count: Int
    private var ranksDismissed = 0
    /// Set when a rank (this one or another) abandons the phase: no more items go out.
    private var abandoned = false
    let ledger: WorkLedger?

    init(communicator: Communicator, itemCount: Int, ledger: WorkLedger) {
        self.communicator = communicator
        count = itemCount
        self.ledger = ledger
    }

    private func take() -> Int? {
        guard !abandoned, cursor < count else { return nil }
        defer { cursor += 1 }
        return cursor
    }

    func next(finished: Int?) throws -> Int? {
        if let finished { ledger?.finished(finished) }
        try serve()
        return take()
    }

    func serve() throws {
        while try communicator.probe(tag: SchedulerTag.request) {
            try answerOne()
        }
    }

    private func answerOne() throws {
        let message = try communicator.receive(capacity: 1, tag: SchedulerTag.request)
        if let finished = message.words.first, finished >= 0 { ledger?.finished(Int(finished)) }
        if message.words.first == SchedulerTag.abandoning { abandoned = true }
        let item = take()
        if item == nil { ranksDismissed += 1 }
        try communicator.send([Int64(item ?? -1)], to: message.source, tag: SchedulerTag.assign)
    }

    func drain() throws {
        while ranksDismissed < communicator.size - 1 {
            try waitForMessage(communicator, tag: SchedulerTag.request)
            try answerOne()
        }
    }

    func abandon() throws {
        abandoned = true
        try drain()
    }
}

/// Ranks other than 0: ask rank 0 for each next item.
final class RequestingWorkSource: WorkSource {
    private let communicator: Communicator
    var ledger: WorkLedger? { nil }

    init(communicator: Communicator) { self.communicator = communicator }

    func next(finished: Int?) throws -> Int? {
        try communicator.send([Int64(finished ?? -1)], to: 0, tag: SchedulerTag.request)
        try waitForMessage(communicator, tag: SchedulerTag.assign)
        let reply = try communicator.receive(capacity: 1, from: 0, tag: SchedulerTag.assign)
        let item = reply.words.first ?? -1
        return item >= 0 ? Int(item) : nil
    }

    func serve() throws {}
    func drain() throws {}

    /// Tells rank 0 (which then hands out nothing more) and takes its "no more".
    func abandon() throws {
        try communicator.send([SchedulerTag.abandoning], to: 0, tag: SchedulerTag.request)
        try waitForMessage(communicator, tag: SchedulerTag.assign)
        _ = try communicator.receive(capacity: 1, from: 0, tag: SchedulerTag.assign)
    }
}

/// Waits until a message with `tag` has arrived, checking for a stop signal while it
/// waits (a blocking receive could not be interrupted): throws `RunCancelled` on one.
func waitForMessage(_ communicator: Communicator, tag: Int) throws {
    while !(try communicator.probe(tag: tag)) {
        if StopSignal.requested { throw RunCancelled() }
        usleep(100)
    }
}
