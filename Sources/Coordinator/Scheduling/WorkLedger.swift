/// Rank 0's account of finished work, for progress: realizations done and sweep points
/// complete. Every rank's finished items reach it with their next work request.
final class WorkLedger {
    private let items: [WorkItem]
    private var remaining: [Int: Int] = [:]
    private(set) var realizationsFinished: Int
    let pointsTotal: Int
    private(set) var pointsDone: Int

    /// - Parameters:
    ///   - items: the items to run, in work-source index order;
    ///   - pointCount: points in the sweep (points with no item left are done);
    ///   - restoredRealizations: realizations already done (restored from a journal).
    init(items: [WorkItem], pointCount: Int, restoredRealizations: Int) {
        self.items = items
        for item in items { remaining[item.point, default: 0] += 1 }
        realizationsFinished = restoredRealizations
        pointsTotal = pointCount
        pointsDone = pointCount - remaining.count
    }

    /// Records that item `index` finished.
    func finished(_ index: Int) {
        guard items.indices.contains(index) else { return }
        let item = items[index]
        realizationsFinished += item.realizationCount
        remaining[item.point, default: 1] -= 1
        if remaining[item.point] == 0 {
            remaining[item.point] = nil
            pointsDone += 1
        }
    }
}
