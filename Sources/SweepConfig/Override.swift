/// One `--set SECTION.KEY=VALUE` argument. VALUE is a TOML value (`500`, `1e-3`,
/// `[1, 2]`, `"erf"`, `{ log = [0.01, 1.0, 5] }`); a bare word such as `erf` is taken
/// as a string for convenience.
struct Override: Sendable {
    /// The argument as given, for error locations.
    let text: String
    let section: String
    let key: String
    let value: ConfigValue

    init(parsing text: String) throws(ConfigError) {
        self.text = text
        let usage = "expected SECTION.KEY=VALUE, e.g. --set model.N=500 or --set sweep.K=[1,2]"
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError("no '=' in --set argument; \(usage)", location: "--set \(text)")
        }
        let path = text[..<equals].trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
        guard path.count == 2, !path[0].isEmpty, !path[1].isEmpty else {
            throw ConfigError("the key must have the form SECTION.KEY; \(usage)", location: "--set \(text)")
        }
        guard ConfigSchema.sections.contains(path[0]) else {
            throw ConfigError("unknown section \(path[0])"
                + Suggestion.hint(for: path[0], in: ConfigSchema.sections)
                + " (sections: \(ConfigSchema.sections.joined(separator: ", ")))", location: "--set \(text)")
        }
        section = path[0]
        key = path[1]
        value = try Override.value(String(text[text.index(after: equals)...]), text: text)
    }

    /// VALUE parsed as TOML, or as a string when it is a bare word.
    private static func value(_ raw: String, text: String) throws(ConfigError) -> ConfigValue {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw ConfigError("empty VALUE; give a TOML value such as 500, 1e-3, true, \"erf\" or [1, 2]",
                              location: "--set \(text)")
        }
        if let table = try? TOMLReader.parse("v = " + trimmed, source: ConfigSource(fileName: nil, text: "")),
           table.keys == ["v"], let v = table["v"] {
            return v
        }
        if trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == "+" }) {
            return .string(trimmed)
        }
        throw ConfigError("VALUE \(trimmed) is not a single TOML value; quote strings (\"erf\"), "
            + "write lists as [1, 2] and ranges as { log = [0.01, 1.0, 9] }", location: "--set \(text)")
    }
}

extension Override {
    /// Applies `overrides` in order to the parsed document, recording in `source` which
    /// `--set` wrote each key. A model parameter moves between `[model]` and `[sweep]`:
    /// `model.K=2` replaces a sweep of K by one value and `sweep.K=[1,2]` replaces a
    /// fixed K by a sweep. A parameter in a `[[sweep.zip]]` group cannot be overridden
    /// alone (the group's lists must keep one length).
    static func apply(_ overrides: [Override], to root: inout ConfigTable, source: inout ConfigSource) throws(ConfigError) {
        for o in overrides {
            var section = try sectionTable(o, in: root)
            switch o.section {
            case "model" where o.key != "kind":
                try refuseZipped(o, in: root)
                if case .table(var sweep)? = root["sweep"], sweep[o.key] != nil {
                    sweep[o.key] = nil
                    root["sweep"] = .table(sweep)
                }
            case "sweep" where o.key != ConfigSchema.zipKey:
                try refuseZipped(o, in: root)
                if case .table(var model)? = root["model"], model[o.key] != nil {
                    model[o.key] = nil
                    root["model"] = .table(model)
                }
            default:
                break
            }
            section[o.key] = o.value
            root[o.section] = .table(section)
            source.overrides["\(o.section).\(o.key)"] = o.text
        }
    }

    /// The section an override writes into (empty if the file has none).
    private static func sectionTable(_ o: Override, in root: ConfigTable) throws(ConfigError) -> ConfigTable {
        switch root[o.section] {
        case nil: return ConfigTable()
        case .table(let table)?: return table
        case let other?:
            throw ConfigError("cannot set \(o.section).\(o.key): the config gives \(o.section) as a "
                + "\(other.typeName), not a [\(o.section)] section", location: "--set \(o.text)")
        }
    }

    /// Throws when the override's parameter moves in a `[[sweep.zip]]` group.
    private static func refuseZipped(_ o: Override, in root: ConfigTable) throws(ConfigError) {
        guard case .table(let sweep)? = root["sweep"], let zip = sweep[ConfigSchema.zipKey] else { return }
        let groups: [ConfigValue]
        switch zip {
        case .array(let items): groups = items
        default: groups = [zip]
        }
        for (index, group) in groups.enumerated() {
            guard case .table(let table) = group, table[o.key] != nil else { continue }
            let partners = table.keys.filter { $0 != o.key }
            let with = partners.isEmpty ? "" : " together with \(partners.joined(separator: ", "))"
            throw ConfigError("\(o.key) is swept\(with) in [[sweep.zip]] group \(index + 1), so it cannot be "
                + "overridden alone; edit that group in the file or replace all groups with "
                + "--set 'sweep.zip=[{ \(o.key) = [...]\(partners.map { ", \($0) = [...]" }.joined()) }]'",
                location: "--set \(o.text)")
        }
    }
}
