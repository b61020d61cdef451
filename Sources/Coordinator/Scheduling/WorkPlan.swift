import Solvers

/// All work of a sweep, in the order it is handed out: most expensive first (longest
/// processing time first keeps ranks busy when points differ 10x in cost), ties broken
/// by point and block so that every rank computes the same list.
///
/// Built point by point (`add`), so a plan never holds a model per point. A plan made
/// for `validate` or `plan` counts the items without listing them (`listsItems` false):
/// a million points of 64 blocks would otherwise be 64 million items of 48 bytes.
package struct WorkPlan: Sendable {
    /// The items, largest first; empty when the plan only counts them.
    package private(set) var items: [WorkItem] = []
    package let blocksPerPoint: Int
    /// Whether `items` holds the items (a run) or they are only counted (validate, plan).
    package let listsItems: Bool
    /// Number of items, listed or not.
    package private(set) var itemCount = 0
    package private(set) var totalRealizations = 0
    /// Sum of the items' costs (in point order: an estimate, for the plan's report).
    package private(set) var totalCost = 0.0
    private let realizations: Int
    private var sorted = true

    /// - Parameters:
    ///   - realizations: realizations per point.
    ///   - blocks: blocks per point (at most `realizations`).
    ///   - listsItems: keep the items (a run needs them; a report needs only the counts).
    package init(realizations: Int, blocks: Int, listsItems: Bool = true) {
        self.realizations = realizations
        self.listsItems = listsItems
        blocksPerPoint = realizations == 0 ? 0 : max(1, min(blocks, realizations))
    }

    /// The plan of `models`, the model at each sweep point in point order.
    package init(models: [any Model], realizations: Int, blocks: Int) {
        self.init(realizations: realizations, blocks: blocks)
        for (point, model) in models.enumerated() { add(point: point, cost: model.cost, theoryMode: model.theoryMode) }
        finish()
    }

    /// Adds the items of the next point (points must come in order).
    package mutating func add(point: Int, cost: CostEstimate, theoryMode: TheoryMode) {
        for block in 0..<blocksPerPoint {
            let range = blockRange(block: block, blocks: blocksPerPoint, realizations: realizations)
            append(WorkItem(point: point, kind: .realizations(block: block, range: range),
                            cost: Double(range.count) * cost.flopsPerRealization))
        }
        if theoryMode == .perPoint || theoryMode == .perPointCollective {
            append(WorkItem(point: point, kind: .theory(collective: theoryMode == .perPointCollective),
                            cost: cost.flopsPerTheory))
        }
    }

    private mutating func append(_ item: WorkItem) {
        itemCount += 1
        totalRealizations += item.realizationCount
        totalCost += item.cost
        if listsItems {
            if let last = items.last, last.cost < item.cost { sorted = false }
            items.append(item)
        }
    }

    /// Orders the items largest first, ties in the order they were added (point, block).
    package mutating func finish() {
        guard !sorted else { return }
        items = items.enumerated().sorted { a, b in
            a.element.cost != b.element.cost ? a.element.cost > b.element.cost : a.offset < b.offset
        }.map(\.element)
        sorted = true
    }
}
