/// The sections and keys of a config file, with the defaults of everything outside
/// `[model]` (model parameters come from the model's `ParameterSpec`s). docs/config.md
/// is the user-facing copy of this table; keep the two in step.
enum ConfigSchema {
    /// Top-level sections, in the order the resolved config writes them.
    static let sections = ["run", "model", "sweep", "record", "theory"]
    static let runKeys = ["name", "seed", "realizations", "output", "blocks", "diverge_above", "target_sem", "target_sem_abs",
                                  "target_observable", "max_realizations"]
    static let recordKeys = ["points", "spacing", "t_min"]
    static let theoryKeys = ["enabled", "replicas"]
    /// The `[sweep]` key holding the groups of parameters that move together.
    static let zipKey = "zip"

    static let defaultName = "run"
    static let defaultSeed: UInt64 = 1234
    static let defaultRealizations = 32
    /// Blocks default to one per realization up to this many.
    static let defaultMaxBlocks = 64
    static let defaultDivergeAbove = 1e6
    static let defaultRecordPoints = 100
    /// A larger record grid is almost certainly a typo, and every realization holds it.
    static let maxRecordPoints = 1_000_000
    /// Default `record.t_min` for log spacing, as a fraction of the end time.
    static let defaultTMinFraction = 1e-3
}
