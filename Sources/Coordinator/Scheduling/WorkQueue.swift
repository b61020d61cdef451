import SweepStatistics

/// The work rank 0 (or a lone rank) hands out, by id: the plan's items that are still to
/// do, in the plan's order (largest first), and, in a run with an error target, the
/// blocks of later rounds that the `RoundAllocator` adds as points fall short of their
/// target. Those go first, so that a point's next round runs while other points' first
/// rounds keep the remaining ranks busy.
final class WorkQueue {
    /// Every item queued so far; an item's id is its index.
    private(set) var items: [WorkItem]
    private var initialCursor = 0
    private let initialCount: Int
    private var urgent: [Int] = []
    private var urgentCursor = 0
    /// Items handed out and not yet reported finished.
    private(set) var inFlight = 0
    /// Set when a rank gives up the phase (its journal failed): nothing more is handed out.
    private(set) var abandoned = false
    let allocator: RoundAllocator?
    let ledger: WorkLedger

    init(items: [WorkItem], allocator: RoundAllocator?, ledger: WorkLedger, restoredRounds: [WorkItem] = []) {
        self.items = items
        initialCount = items.count
        self.allocator = allocator
        self.ledger = ledger
        enqueue(restoredRounds)
    }

    /// The next item to hand out, or nil when none is queued (more may come while items
    /// are in flight: see `isExhausted`).
    func take() -> (id: Int, item: WorkItem)? {
        guard !abandoned else { return nil }
        let id: Int
        if urgentCursor < urgent.count {
            id = urgent[urgentCursor]
            urgentCursor += 1
        } else if initialCursor < initialCount {
            id = initialCursor
            initialCursor += 1
        } else {
            return nil
        }
        inFlight += 1
        return (id, items[id])
    }

    /// Records that item `id` finished; `statistics` is its target observable's
    /// accumulator (a block of realizations in a run with a target), which may add the
    /// next round of its point.
    func finished(_ id: Int, statistics: MomentAccumulator?) {
        guard items.indices.contains(id) else { return }
        inFlight -= 1
        let item = items[id]
        if let allocator, let statistics, case .realizations(let block, _) = item.kind {
            enqueue(allocator.finished(point: item.point, block: block, statistics: statistics))
        }
        ledger.finished(item)
    }

    private func enqueue(_ new: [WorkItem]) {
        for item in new {
            urgent.append(items.count)
            items.append(item)
            ledger.added(item)
        }
    }

    /// Whether an item is queued (`take` would return one).
    var hasQueued: Bool { !abandoned && (urgentCursor < urgent.count || initialCursor < initialCount) }

    /// No item queued and none in flight: no more work can appear.
    var isExhausted: Bool { abandoned || (urgentCursor == urgent.count && initialCursor == initialCount && inFlight == 0) }

    /// Hands out nothing more.
    func abandon() { abandoned = true }
}
