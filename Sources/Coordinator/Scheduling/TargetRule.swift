import Foundation
import SweepConfig
import SweepStatistics

/// When a sweep point has enough realizations for `[run] target_sem` (or
/// `target_sem_abs`), and how many to add when it has not (docs/analysis.md, "Realizations
/// to an error target"). A pure function of the merged statistics of the target
/// observable, so every decision, and with it the file, is the same on any rank count and
/// after a resume.
///
/// The standard error of the mean falls as 1/sqrt(n), so n realizations whose largest
/// ratio of SEM to target (over record times and elements) is r need about n r^2 in all.
/// A round adds that many, but at least n/8 (so that a point just short of its target does
/// not creep up a block at a time) and at most n (an estimate of the variance from a small
/// first round is rough: doubling cannot overshoot the need by more than 2x), and never
/// more than the cap allows.
struct TargetRule: Sendable {
    let bound: RealizationTarget.Bound
    let maxRealizations: Int

    init(_ target: RealizationTarget) {
        bound = target.bound
        maxRealizations = target.maxRealizations
    }

    /// The largest (SEM / target)^2 over the elements of `statistics` (the target
    /// observable's accumulator): <= 1 means the target is met. Infinite when the SEM is
    /// not defined (fewer than two realizations) or a relative target is 0 (a mean of 0)
    /// while the SEM is not.
    func worstRatioSquared(_ statistics: MomentAccumulator) -> Double {
        guard statistics.count >= 2 else { return .infinity }
        let n = Double(statistics.count)
        var worst = 0.0
        for i in 0..<statistics.length {
            // SEM^2 = M2 / ((n - 1) n); compared squared, so no square root is taken.
            let semSquared = max(statistics.m2[i], 0) / ((n - 1) * n)
            let target: Double
            switch bound {
            case .relative(let fraction): target = fraction * abs(statistics.mean[i])
            case .absolute(let value): target = value
            }
            let ratio: Double
            if semSquared == 0 {
                ratio = 0
            } else if target > 0, semSquared.isFinite {
                ratio = semSquared / (target * target)
            } else {
                ratio = .infinity
            }
            guard !ratio.isNaN else { return .infinity }  // a NaN SEM or mean is not met
            worst = max(worst, ratio)
        }
        return worst
    }

    /// Whether the target is met at every record time and element.
    func isMet(_ statistics: MomentAccumulator) -> Bool {
        worstRatioSquared(statistics) <= 1
    }

    /// Realizations to add to a point that has run `used` (diverged ones included) with
    /// the target observable's merged `statistics`: 0 when the target is met or the cap
    /// is reached.
    func realizationsToAdd(used: Int, statistics: MomentAccumulator) -> Int {
        guard used < maxRealizations else { return 0 }
        let worst = worstRatioSquared(statistics)
        guard worst > 1 else { return 0 }
        let room = maxRealizations - used
        let needed = Double(used) * worst  // in all, diverged ones in the same proportion
        let wanted = needed.isFinite && needed < Double(maxRealizations) ? Int(needed.rounded(.up)) - used : room
        let floor = max(1, (used + 7) / 8)
        return min(max(wanted, floor), used, room)
    }
}
