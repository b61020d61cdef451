/// Identifies a work item across runs and ranks: (point, block), block nil for a theory
/// item. The journal names its records by it, and a resumed run leaves out the items
/// whose keys it restored.
struct ItemKey: Hashable, Sendable {
    let point: Int
    let block: Int?

    init(point: Int, block: Int?) {
        self.point = point
        self.block = block
    }

    init(_ item: WorkItem) {
        point = item.point
        if case .realizations(let block, _) = item.kind { self.block = block } else { block = nil }
    }
}
