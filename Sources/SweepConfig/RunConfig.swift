import Solvers

/// A complete, validated run: what to simulate (a model and its parameters), over which
/// sweep, with which seeds, recording when, and where to write. Built only by
/// `init(contentsOfFile:overrides:models:)` or `init(toml:fileName:overrides:models:)`,
/// which check everything that can be checked before a run starts, including building
/// the model at every sweep point; so a run that starts does not fail on its config.
/// docs/config.md describes the file format.
package struct RunConfig: Sendable {
    /// `[run] name`: labels the run; defaults to the config file's name without `.toml`.
    package var name: String
    /// `[run] seed`: the key of every random stream of the run.
    package var seed: UInt64
    /// `[run] realizations`: realizations per sweep point (0 runs the theory only).
    package var realizations: Int
    /// `[run] output`: path of the output file; nil lets the caller choose `<name>.h5`.
    package var output: String?
    /// `[run] blocks`: each point's realizations are split into this many fixed blocks
    /// (for block statistics and checkpoints); 0 exactly when `realizations` is 0.
    package var blocks: Int
    /// `[run] diverge_above`: a realization whose loss exceeds this (or is not finite)
    /// counts as diverged.
    package var divergeAbove: Double
    /// `[run] target_sem` or `target_sem_abs`, with `target_observable` and
    /// `max_realizations`: nil runs exactly `realizations` per point.
    package var target: RealizationTarget?
    /// The model named by `[model] kind`.
    package var modelType: any Model.Type
    package var modelKind: String
    /// Every model parameter that is not swept: its `[model]` value, else the model's
    /// default, converted to the parameter's type. Swept parameters take their values
    /// from `sweep` at each point.
    package var baseParameters: [String: ParameterValue]
    /// The axes of the cartesian sweep grid, in grid order (see `points()`).
    package var sweep: [SweepAxis]
    /// `[record]`: the time grid (with a log grid's `t_min` resolved).
    package var record: RecordSpec
    /// `[theory] enabled`.
    package var theoryEnabled: Bool
    /// `[theory] replicas`: independent solves of a stochastic (Monte Carlo) per-point
    /// theory, whose mean and standard error the output stores (1: one solve).
    package var theoryReplicas = 1
    /// The model's final time, shared by every sweep point (checked when validating).
    package var endTime: Double
    /// The record times: `record.times(endTime:discrete:)`, checked to be distinct.
    package var times: [Double]
    /// The final config as canonical TOML: overrides applied, ranges expanded, every
    /// default written out. Parsing it again gives the same config; the output stores it.
    package var resolvedTOML: String
    /// The per-point check, holding the first point's end time; `SweepPlan` continues it
    /// over every point it builds.
    package var pointValidation: PointValidation
    /// Whether loading built the model at every point (false: only the first, and the
    /// caller checks the rest through `pointValidation`).
    package var everyPointChecked: Bool

    /// Number of sweep points (the product of the axis lengths; 1 with no sweep).
    package var pointCount: Int { SweepGrid.count(sweep) ?? 0 }

    /// The most realizations any point may run: `realizations`, or the target's cap.
    package var maxRealizations: Int { target?.maxRealizations ?? realizations }

    /// The point at `index` (0 ..< pointCount) of the row-major grid.
    package func point(_ index: Int) -> SweepPoint {
        SweepGrid.point(index, axes: sweep, base: baseParameters)
    }

    /// Every sweep point: the cartesian product of the axes, row-major (the last axis
    /// varies fastest), indexed from 0.
    package func points() -> [SweepPoint] {
        (0..<pointCount).map(point)
    }
}
