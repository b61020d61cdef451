import SweepStatistics

/// The plan's side of a run with an error target (`[run] target_sem`): the rule, and
/// where the target observable sits in each point's simulation vector.
extension SweepPlan {
    /// The stopping rule, or nil for a run of exactly `realizations` per point.
    var targetRule: TargetRule? { config.target.map(TargetRule.init) }

    /// The elements of the target observable in the simulation vector of `point`.
    func targetRange(point: Int) -> Range<Int>? {
        guard let target = config.target else { return nil }
        return contexts[point].simulation.range(of: target.observable)
    }

    /// The most numbers the target observable has at any point (for message sizes).
    var targetLength: Int {
        guard let target = config.target else { return 0 }
        return contexts.distinct.map { $0.simulation.range(of: target.observable)?.count ?? 0 }.max() ?? 0
    }

    /// The target observable's accumulator of a finished block of realizations (nil
    /// without a target, and for a theory).
    func targetStatistics(_ outcome: BlockOutcome) -> MomentAccumulator? {
        guard case .realizations(let block) = outcome, let range = targetRange(point: block.point) else { return nil }
        return block.simulation.restricted(to: range)
    }

    /// Whether the reduced statistics of `point` meet the target (false without one).
    func targetMet(point: Int, _ simulation: MomentAccumulator) -> Bool {
        guard let rule = targetRule, let range = targetRange(point: point) else { return false }
        return rule.isMet(simulation.restricted(to: range))
    }
}
