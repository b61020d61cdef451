/// Rank 0's account of finished work, for progress: realizations done and planned, and
/// sweep points complete. Every rank's finished items reach it with their next work
/// request; a run with an error target adds the items of later rounds as they are queued.
final class WorkLedger {
    private var remaining: [Int: Int] = [:]
    private(set) var realizationsFinished: Int
    /// Realizations restored, queued or done: the total so far (it grows with the rounds
    /// of a run with an error target).
    private(set) var realizationsPlanned: Int
    let pointsTotal: Int
    private(set) var pointsDone: Int

    /// - Parameters:
    ///   - items: the items to run;
    ///   - pointCount: points in the sweep (points with no item left are done);
    ///   - restoredRealizations: realizations already done (restored from a journal).
    init(items: [WorkItem], pointCount: Int, restoredRealizations: Int) {
        for item in items { remaining[item.point, default: 0] += 1 }
        realizationsFinished = restoredRealizations
        realizationsPlanned = restoredRealizations + items.reduce(0) { $0 + $1.realizationCount }
        pointsTotal = pointCount
        pointsDone = pointCount - remaining.count
    }

    /// Records an item queued after the start (a later round of its point).
    func added(_ item: WorkItem) {
        if remaining[item.point] == nil { pointsDone -= 1 }
        remaining[item.point, default: 0] += 1
        realizationsPlanned += item.realizationCount
    }

    /// Records that `item` finished.
    func finished(_ item: WorkItem) {
        realizationsFinished += item.realizationCount
        remaining[item.point, default: 1] -= 1
        if remaining[item.point] == 0 {
            remaining[item.point] = nil
            pointsDone += 1
        }
    }
}
