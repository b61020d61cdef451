import Solvers

/// Writes a validated config as canonical TOML: sections in schema order, every default
/// written out, `[model]` parameters in the model's declaration order, sweep ranges
/// expanded to the exact values used. Parsing the text again yields the same config.
enum ResolvedConfig {
    static func toml(_ c: RunConfig) -> String {
        var lines = ["# Resolved dynsweep config: overrides applied, defaults and sweep values written out.", "", "[run]"]
        lines.append("name = \(TOMLWriter.string(c.name))")
        lines.append("seed = \(c.seed)")
        lines.append("realizations = \(c.realizations)")
        if let output = c.output { lines.append("output = \(TOMLWriter.string(output))") }
        if c.realizations > 0 { lines.append("blocks = \(c.blocks)") }
        lines.append("diverge_above = \(TOMLWriter.real(c.divergeAbove))")
        if let target = c.target {
            switch target.bound {
            case .relative(let value): lines.append("target_sem = \(TOMLWriter.real(value))")
            case .absolute(let value): lines.append("target_sem_abs = \(TOMLWriter.real(value))")
            }
            lines.append("target_observable = \(TOMLWriter.string(target.observable))")
            lines.append("max_realizations = \(target.maxRealizations)")
        }

        lines += ["", "[model]", "kind = \(TOMLWriter.string(c.modelKind))"]
        for spec in c.modelType.parameters {
            if let value = c.baseParameters[spec.name] {
                lines.append("\(TOMLWriter.key(spec.name)) = \(TOMLWriter.inline(ConfigValue(value)))")
            }
        }

        let plain = c.sweep.filter { $0.parameters.count == 1 }
        let groups = c.sweep.filter { $0.parameters.count > 1 }
        if !plain.isEmpty { lines += ["", "[sweep]"] }
        for axis in plain {
            lines.append("\(TOMLWriter.key(axis.parameters[0])) = \(list(axis, column: 0))")
        }
        for axis in groups {
            lines += ["", "[[sweep.zip]]"]
            for (k, name) in axis.parameters.enumerated() {
                lines.append("\(TOMLWriter.key(name)) = \(list(axis, column: k))")
            }
        }

        lines += ["", "[record]", "points = \(c.record.points)", "spacing = \(TOMLWriter.string(c.record.spacing.rawValue))"]
        if let tMin = c.record.tMin { lines.append("t_min = \(TOMLWriter.real(tMin))") }

        lines += ["", "[theory]", "enabled = \(c.theoryEnabled)"]
        // Written only when not 1, so that a config without replicas resolves to the text
        // (and so the output file) it always did.
        if c.theoryReplicas != 1 { lines.append("replicas = \(c.theoryReplicas)") }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private static func list(_ axis: SweepAxis, column: Int) -> String {
        TOMLWriter.inline(.array(axis.values.map { ConfigValue($0[column]) }))
    }
}
