import Solvers

/// The `[run]` section, checked: seeds, realization counts and output.
struct RunSection {
    var name: String
    var seed: UInt64
    var realizations: Int
    var output: String?
    var blocks: Int
    var divergeAbove: Double

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
    }
}
