import Solvers

/// The `[run]` section, checked: seeds, realization counts and output.
struct RunSection {
    var name: String
    var seed: UInt64
    var realizations: Int
    var output: String?
    var blocks: Int
    var divergeAbove: Double
    /// The error target with its cap, if `target_sem` or `target_sem_abs` is given; the
    /// observable is nil when the config leaves it to the model (its loss observable).
    var target: (bound: RealizationTarget.Bound, observable: String?, maxRealizations: Int)?

    init(_ root: ConfigTable, defaultName: String, source: ConfigSource) throws(ConfigError) {
        let run = try SectionReader("run", of: root, allowed: ConfigSchema.runKeys, source: source)

        name = try run.string("name") ?? defaultName
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw run.error("name", "run.name must not contain control characters such as NUL or a newline "
                + "(it names the default output file)")
        }
        if name.contains("/") {
            throw run.error("name", "run.name must not contain '/' (it names the default output file); use run.output for a path")
        }

        let seedValue = try run.int("seed") ?? Int(ConfigSchema.defaultSeed)
        guard seedValue >= 0 else {
            throw run.error("seed", "run.seed must be a non-negative integer, got \(seedValue)")
        }
        seed = UInt64(seedValue)

        realizations = try run.int("realizations") ?? ConfigSchema.defaultRealizations
        guard realizations >= 0 else {
            throw run.error("realizations", "run.realizations must be >= 0 (0 runs the theory only), got \(realizations)")
        }
        guard realizations <= StreamKey.maxRealizations else {
            throw run.error("realizations", "run.realizations = \(realizations) exceeds the limit of "
                + "\(StreamKey.maxRealizations) realizations per point")
        }

        output = try run.string("output")

        let givenBlocks = try run.int("blocks")
        if let givenBlocks, givenBlocks < 1 {
            throw run.error("blocks", "run.blocks must be >= 1, got \(givenBlocks)")
        }
        if realizations == 0 {
            blocks = 0
        } else {
            blocks = givenBlocks ?? min(realizations, ConfigSchema.defaultMaxBlocks)
            guard blocks <= realizations else {
                throw run.error("blocks", "run.blocks = \(blocks) exceeds run.realizations = \(realizations); "
                    + "each block needs at least one realization, so lower run.blocks")
            }
        }

        divergeAbove = try run.double("diverge_above") ?? ConfigSchema.defaultDivergeAbove
        guard divergeAbove > 0 else {
            throw run.error("diverge_above", "run.diverge_above must be > 0 (a loss bound), got \(TOMLWriter.real(divergeAbove))")
        }
        target = try Self.target(run, realizations: realizations)
    }

    /// `target_sem` or `target_sem_abs`, `target_observable` and `max_realizations`, checked
    /// together: each needs the others to mean something.
    private static func target(_ run: SectionReader, realizations: Int)
        throws(ConfigError) -> (bound: RealizationTarget.Bound, observable: String?, maxRealizations: Int)? {
        let relative = try run.double("target_sem")
        let absolute = try run.double("target_sem_abs")
        let observable = try run.string("target_observable")
        let cap = try run.int("max_realizations")
        let bound: RealizationTarget.Bound
        switch (relative, absolute) {
        case (nil, nil):
            for key in ["target_observable", "max_realizations"] where run.table[key] != nil {
                throw run.error(key, "run.\(key) has no effect without an error target: add run.target_sem (relative) "
                    + "or run.target_sem_abs (absolute), or remove run.\(key)")
            }
            return nil
        case (let r?, nil):
            guard r > 0, r.isFinite else {
                throw run.error("target_sem", "run.target_sem must be a positive number (the SEM as a fraction of "
                    + "|mean|, e.g. 0.02), got \(TOMLWriter.real(r))")
            }
            bound = .relative(r)
        case (nil, let a?):
            guard a > 0, a.isFinite else {
                throw run.error("target_sem_abs", "run.target_sem_abs must be a positive number (the SEM in the "
                    + "observable's units), got \(TOMLWriter.real(a))")
            }
            bound = .absolute(a)
        case (_?, _?):
            throw run.error("target_sem_abs", "run.target_sem and run.target_sem_abs are both given: keep one "
                + "(target_sem is relative to |mean|, target_sem_abs is absolute)")
        }
        guard realizations > 0 else {
            throw run.error("realizations", "run.realizations = 0 runs the theory only, so an error target has no "
                + "realizations to add: set run.realizations to the first round's size (e.g. 32)")
        }
        let maxRealizations = cap ?? min(StreamKey.maxRealizations, realizations * RealizationTarget.defaultCapFactor)
        guard maxRealizations >= realizations else {
            throw run.error("max_realizations", "run.max_realizations = \(maxRealizations) is below run.realizations "
                + "= \(realizations), the first round: raise it or lower run.realizations")
        }
        guard maxRealizations <= StreamKey.maxRealizations else {
            throw run.error("max_realizations", "run.max_realizations = \(maxRealizations) exceeds the limit of "
                + "\(StreamKey.maxRealizations) realizations per point")
        }
        return (bound, observable, maxRealizations)
    }
}
