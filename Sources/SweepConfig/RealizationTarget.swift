import Solvers

/// `[run] target_sem` / `target_sem_abs`: realizations are added to each sweep point in
/// rounds of blocks until the standard error of the mean of one observable meets a target
/// at every record time and element, or the point reaches `max_realizations`
/// (docs/analysis.md, "Realizations to an error target"; issue 15, item 2).
package struct RealizationTarget: Sendable, Equatable {
    /// What the standard error is compared with.
    package enum Bound: Sendable, Equatable {
        /// SEM <= value * |mean| at every record time and element (`target_sem`).
        case relative(Double)
        /// SEM <= value (`target_sem_abs`).
        case absolute(Double)
    }

    package var bound: Bound
    /// `[run] target_observable`: a simulated observable of the model; the model's loss
    /// observable when not given.
    package var observable: String
    /// `[run] max_realizations`: no point runs more (the first round is `realizations`).
    package var maxRealizations: Int

    package init(bound: Bound, observable: String, maxRealizations: Int) {
        self.bound = bound
        self.observable = observable
        self.maxRealizations = maxRealizations
    }

    /// `max_realizations` when the config does not give it: this many times the first round.
    package static let defaultCapFactor = 16
}
