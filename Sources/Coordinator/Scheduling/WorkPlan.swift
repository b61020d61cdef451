import Solvers

/// All work of a sweep, in the order it is handed out: most expensive first (longest
/// processing time first keeps ranks busy when points differ 10x in cost), ties broken
/// by point and block so that every rank computes the same list.
package struct WorkPlan: Sendable {
    package let items: [WorkItem]
    package let blocksPerPoint: Int

    /// - Parameters:
    ///   - models: the model at each sweep point.
    ///   - realizations: realizations per point.
    ///   - blocks: blocks per point (at most `realizations`).
    package init(models: [any Model], realizations: Int, blocks: Int) {
        let blockCount = realizations == 0 ? 0 : max(1, min(blocks, realizations))
        var items: [WorkItem] = []
        for (point, model) in models.enumerated() {
            for block in 0..<blockCount {
                let range = blockRange(block: block, blocks: blockCount, realizations: realizations)
                items.append(WorkItem(point: point, kind: .realizations(block: block, range: range),
                                      cost: Double(range.count) * model.cost.flopsPerRealization))
            }
            if model.theoryMode == .perPoint || model.theoryMode == .perPointCollective {
                items.append(WorkItem(point: point, kind: .theory(collective: model.theoryMode == .perPointCollective),
                                      cost: model.cost.flopsPerTheory))
            }
        }
        self.items = items.enumerated().sorted { a, b in
            a.element.cost != b.element.cost ? a.element.cost > b.element.cost : a.offset < b.offset
        }.map(\.element)
        blocksPerPoint = blockCount
    }

    package var totalRealizations: Int { items.reduce(0) { $0 + $1.realizationCount } }
    package var totalCost: Double { items.reduce(0) { $0 + $1.cost } }
}
