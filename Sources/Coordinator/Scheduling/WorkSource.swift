import Foundation
import MPIShim
import Solvers
import SweepStatistics

/// Hands out work items to this rank. Three kinds: one process alone; the dispatcher on
/// rank 0, which also works and answers the other ranks' requests from inside
/// `RunControl.poll()`; and the requesting side on every other rank.
protocol WorkSource: AnyObject {
    /// The next item for this rank, or nil when there is no more work; `finished` is the
    /// item this rank just completed (nil on the first call).
    func next(finished: FinishedWork?) throws -> Assignment?
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

/// An item handed to a rank, with the id it reports back when it has finished it.
struct Assignment {
    let id: Int
    let item: WorkItem
}

/// What a rank reports of the item it finished: its id and, for a block of realizations
/// in a run with an error target, the target observable's accumulator.
struct FinishedWork {
    let id: Int
    let statistics: MomentAccumulator?
}

/// Message tags of the dynamic scheduler.
enum SchedulerTag {
    static let request = 7101
    static let assign = 7102
    /// The `finished` word of a request from a rank that abandons the phase.
    static let abandoning: Int64 = -2
}

/// The scheduler's messages, as Int64 words (doubles travel as their bit patterns, so
/// the statistics arrive exactly).
enum SchedulerMessage {
    /// A request: the finished item's id (-1: none; `abandoning`), then, if it has any,
    /// the packed accumulator (count, mean, M2).
    static func request(_ finished: FinishedWork?, abandoning: Bool = false) -> [Int64] {
        var words = [abandoning ? SchedulerTag.abandoning : Int64(finished?.id ?? -1)]
        if let statistics = finished?.statistics {
            var packed: [Double] = []
            statistics.pack(into: &packed)
            words += packed.map { Int64(bitPattern: $0.bitPattern) }
        }
        return words
    }

    static func decodeRequest(_ words: [Int64]) -> (finished: FinishedWork?, abandoning: Bool) {
        guard let first = words.first else { return (nil, false) }
        if first == SchedulerTag.abandoning { return (nil, true) }
        guard first >= 0 else { return (nil, false) }
        var statistics: MomentAccumulator?
        if words.count > 1 {
            let doubles = words.dropFirst().map { Double(bitPattern: UInt64(bitPattern: $0)) }
            let length = (doubles.count - 1) / 2
            var offset = 0
            statistics = MomentAccumulator(unpacking: doubles[...], offset: &offset, length: length)
        }
        return (FinishedWork(id: Int(first), statistics: statistics), false)
    }

    /// Words of a request carrying an accumulator of `length` numbers.
    static func requestCapacity(statisticsLength length: Int) -> Int {
        1 + MomentAccumulator.packedLength(length)
    }

    /// An assignment (id, point, block or -1 for a theory, first and end realization), or
    /// "no more work".
    static func assignment(_ assignment: Assignment?) -> [Int64] {
        guard let assignment else { return [-1] }
        switch assignment.item.kind {
        case .realizations(let block, let range):
            return [Int64(assignment.id), Int64(assignment.item.point), Int64(block), Int64(range.lowerBound),
                    Int64(range.upperBound)]
        case .theory:
            return [Int64(assignment.id), Int64(assignment.item.point), -1, 0, 0]
        }
    }

    static func decodeAssignment(_ words: [Int64]) -> Assignment? {
        guard words.count == 5, words[0] >= 0 else { return nil }
        let point = Int(words[1])
        let kind: WorkItem.Kind = words[2] < 0
            ? .theory(collective: false)
            : .realizations(block: Int(words[2]), range: Int(words[3])..<Int(words[4]))
        return Assignment(id: Int(words[0]), item: WorkItem(point: point, kind: kind, cost: 0))
    }

    static let assignmentCapacity = 5
}

/// Every item, in the queue's order, to the only rank.
final class LocalWorkSource: WorkSource {
    private let queue: WorkQueue
    var ledger: WorkLedger? { queue.ledger }

    init(queue: WorkQueue) { self.queue = queue }

    func next(finished: FinishedWork?) throws -> Assignment? {
        if let finished { queue.finished(finished.id, statistics: finished.statistics) }
        return queue.take().map { Assignment(id: $0.id, item: $0.item) }
    }

    func serve() throws {}
    func drain() throws {}
    func abandon() throws { queue.abandon() }
}

/// Rank 0: takes items for itself and answers the requests of other ranks. A request
/// carries the item the requester just finished, so rank 0 always knows the global
/// progress (and, with an error target, every block's statistics). A rank that asks while
/// nothing is queued but items are still running elsewhere (whose points may need another
/// round) waits, parked, until an item is queued or the work is exhausted.
final class DispatchingWorkSource: WorkSource {
    private let communicator: Communicator
    private let queue: WorkQueue
    private let requestCapacity: Int
    private var ranksDismissed = 0
    private var parked: [Int] = []
    var ledger: WorkLedger? { queue.ledger }

    init(communicator: Communicator, queue: WorkQueue, statisticsLength: Int) {
        self.communicator = communicator
        self.queue = queue
        requestCapacity = SchedulerMessage.requestCapacity(statisticsLength: statisticsLength)
    }

    func next(finished: FinishedWork?) throws -> Assignment? {
        if let finished {
            queue.finished(finished.id, statistics: finished.statistics)
            try unpark()
        }
        try serve()
        while true {
            if let taken = queue.take() { return Assignment(id: taken.id, item: taken.item) }
            if queue.isExhausted { return nil }
            // Only other ranks' items are running: one of them may queue another round.
            try waitForMessage(communicator, tag: SchedulerTag.request)
            try answerOne()
        }
    }

    func serve() throws {
        while try communicator.probe(tag: SchedulerTag.request) {
            try answerOne()
        }
    }

    private func answerOne() throws {
        let message = try communicator.receive(capacity: requestCapacity, tag: SchedulerTag.request)
        let request = SchedulerMessage.decodeRequest(message.words)
        if request.abandoning { queue.abandon() }
        if let finished = request.finished { queue.finished(finished.id, statistics: finished.statistics) }
        try unpark()
        try reply(to: message.source)
    }

    /// Gives `rank` an item, parks it, or dismisses it when no more work can appear.
    private func reply(to rank: Int) throws {
        if let taken = queue.take() {
            try send(Assignment(id: taken.id, item: taken.item), to: rank)
        } else if queue.isExhausted {
            ranksDismissed += 1
            try send(nil, to: rank)
        } else {
            parked.append(rank)
        }
    }

    /// Replies to the parked ranks once items are queued, or the work is exhausted.
    private func unpark() throws {
        while let rank = parked.first, queue.isExhausted || queue.hasQueued {
            parked.removeFirst()
            try reply(to: rank)
        }
    }

    private func send(_ assignment: Assignment?, to rank: Int) throws {
        try communicator.send(SchedulerMessage.assignment(assignment), to: rank, tag: SchedulerTag.assign)
    }

    func drain() throws {
        try unpark()
        while ranksDismissed < communicator.size - 1 {
            try waitForMessage(communicator, tag: SchedulerTag.request)
            try answerOne()
        }
    }

    func abandon() throws {
        queue.abandon()
        try drain()
    }
}

/// Ranks other than 0: ask rank 0 for each next item.
final class RequestingWorkSource: WorkSource {
    private let communicator: Communicator
    var ledger: WorkLedger? { nil }

    init(communicator: Communicator) { self.communicator = communicator }

    func next(finished: FinishedWork?) throws -> Assignment? {
        try communicator.send(SchedulerMessage.request(finished), to: 0, tag: SchedulerTag.request)
        return try awaitAssignment()
    }

    private func awaitAssignment() throws -> Assignment? {
        try waitForMessage(communicator, tag: SchedulerTag.assign)
        let reply = try communicator.receive(capacity: SchedulerMessage.assignmentCapacity, from: 0,
                                             tag: SchedulerTag.assign)
        return SchedulerMessage.decodeAssignment(reply.words)
    }

    func serve() throws {}
    func drain() throws {}

    /// Tells rank 0 (which then hands out nothing more) and takes its "no more".
    func abandon() throws {
        try communicator.send(SchedulerMessage.request(nil, abandoning: true), to: 0, tag: SchedulerTag.request)
        _ = try awaitAssignment()
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
