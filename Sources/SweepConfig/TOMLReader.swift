import TOMLKit

/// Parses TOML text with TOMLKit and copies the document into `ConfigValue`s.
/// Syntax errors become a `ConfigError` carrying TOMLKit's line number; nesting deeper
/// than any config needs is refused here, so no input can exhaust the stack later.
enum TOMLReader {
    /// Deepest nesting of tables and lists a config may use (a zip group's range is
    /// root > sweep > zip list > group > range table > list: 6 levels).
    static let maxDepth = 16

    /// The document's root table; `source` locates errors.
    static func parse(_ text: String, source: ConfigSource) throws(ConfigError) -> ConfigTable {
        try NestingGuard.check(text, source: source)
        try ParserAssertionGuard.check(text, source: source)
        try refuseNUL(text, source: source)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            throw ConfigError("TOML syntax error: \(error.description)", location: line > 0 ? source.location(line: line) : nil)
        } catch {
            throw ConfigError("TOML syntax error: \(error)")
        }
        return try table(root, path: [], depth: 0, source: source)
    }

    /// TOMLKit hands strings over as C strings, so a NUL (a raw byte, or the escapes
    /// `\u0000`, `\U00000000`) would silently cut a string short (a run name, an output
    /// path): refused with its line instead.
    private static func refuseNUL(_ text: String, source: ConfigSource) throws(ConfigError) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lowered = line.lowercased()
            if line.contains("\0") || lowered.contains("\\u0000") || lowered.contains("\\u00000000") {
                throw ConfigError("a NUL character (\\u0000) is not allowed in a config: it would cut a string short",
                                  location: source.location(line: index + 1))
            }
        }
    }

    private static func table(_ table: TOMLTable, path: [String], depth: Int,
                              source: ConfigSource) throws(ConfigError) -> ConfigTable {
        var entries: [ConfigTable.Entry] = []
        for key in table.keys {  // TOMLKit's keys are unique, so no lookup is needed per key
            guard let node = table[key] else { continue }
            entries.append(ConfigTable.Entry(key: key, value: try value(node, path: path + [key], depth: depth + 1, source: source)))
        }
        return ConfigTable(entries)
    }

    private static func value(_ node: TOMLValueConvertible, path: [String], depth: Int,
                              source: ConfigSource) throws(ConfigError) -> ConfigValue {
        guard depth <= maxDepth else {
            let shown = path.joined(separator: ".")
            throw source.error("\(shown.count > 80 ? String(shown.prefix(77)) + "..." : shown) is nested more than "
                + "\(maxDepth) levels deep; no config key needs that", at: Array(path.prefix(1)))
        }
        switch node.type {
        case .int: return node.int.map(ConfigValue.int) ?? .unsupported("integer")
        case .double: return node.double.map(ConfigValue.double) ?? .unsupported("real number")
        case .bool: return node.bool.map(ConfigValue.bool) ?? .unsupported("boolean")
        case .string: return node.string.map(ConfigValue.string) ?? .unsupported("string")
        case .table:
            guard let sub = node.table else { return .unsupported("table") }
            return .table(try table(sub, path: path, depth: depth, source: source))
        case .array:
            guard let array = node.array else { return .unsupported("list") }
            var items: [ConfigValue] = []
            items.reserveCapacity(array.count)
            for index in 0..<array.count {
                items.append(try value(array[index], path: path + ["[\(index)]"], depth: depth + 1, source: source))
            }
            return .array(items)
        case .date: return .unsupported("date")
        case .time: return .unsupported("time")
        case .dateTime: return .unsupported("date-time")
        }
    }
}
