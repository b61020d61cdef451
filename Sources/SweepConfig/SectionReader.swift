import Solvers

/// Typed access to the keys of one section (`[run]`, `[record]`, `[theory]`), refusing
/// keys the section does not have. Every failure is a `ConfigError` naming
/// `section.key`.
struct SectionReader {
    let name: String
    let table: ConfigTable
    let source: ConfigSource

    /// The section `name` of `root` (empty if absent), after checking that it is a table
    /// whose keys are all in `allowed`.
    init(_ name: String, of root: ConfigTable, allowed: [String], source: ConfigSource) throws(ConfigError) {
        self.name = name
        self.source = source
        switch root[name] {
        case nil: table = ConfigTable()
        case .table(let t)?: table = t
        case let other?:
            throw source.error("\(name) must be a section ([\(name)] followed by keys), got \(other.described)", at: [name])
        }
        for key in table.keys where !allowed.contains(key) {
            throw source.error("unknown key \(name).\(key)" + suggestionOrListing(key, allowed, prefix: "\(name)."),
                               at: [name, key])
        }
    }

    func int(_ key: String) throws(ConfigError) -> Int? {
        guard case .int(let i)? = try value(key, as: .int) else { return nil }
        return i
    }

    func double(_ key: String) throws(ConfigError) -> Double? {
        try value(key, as: .double)?.doubleValue
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard case .bool(let b)? = try value(key, as: .bool) else { return nil }
        return b
    }

    func choice(_ key: String, _ options: [String]) throws(ConfigError) -> String? {
        guard case .string(let s)? = try value(key, as: .choice(options)) else { return nil }
        return s
    }

    /// A string key; strings must be non-empty and on one line.
    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = table[key] else { return nil }
        guard case .string(let s) = value else {
            throw error(key, "\(name).\(key) must be a string, got \(value.described)")
        }
        guard !s.isEmpty, !s.contains(where: \.isNewline) else {
            throw error(key, "\(name).\(key) must be a non-empty string on one line, got \(value.described)")
        }
        return s
    }

    /// An error about `key` of this section.
    func error(_ key: String, _ message: String) -> ConfigError {
        source.error(message, at: [name, key])
    }

    private func value(_ key: String, as type: ParameterSpec.ValueType) throws(ConfigError) -> ParameterValue? {
        guard let value = table[key] else { return nil }
        switch ValueCoercion.coerce(value, to: type, key: "\(name).\(key)") {
        case .success(let v): return v
        case .failure(let rejection): throw error(key, rejection.message)
        }
    }
}
