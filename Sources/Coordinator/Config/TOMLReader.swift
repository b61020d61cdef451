import TOMLKit

/// Parses TOML text with TOMLKit and copies the document into `ConfigValue`s.
/// Syntax errors become a `ConfigError` carrying TOMLKit's line number; nesting deeper
/// than any config needs is refused here, so no input can exhaust the stack later.
enum TOMLReader {
    /// Deepest nesting of tables and lists a config may use (a zip group's range is
    /// root > sweep > zip list > group > range table > list: 6 levels).
    static let maxDepth = 16

    /// The document's root table. `describe` turns a TOMLKit line into the location
    /// shown in errors (`file:line`, or `line N`).
    static func parse(_ text: String, describe: (Int) -> String) throws(ConfigError) -> ConfigTable {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            throw ConfigError("TOML syntax error: \(error.description)", location: line > 0 ? describe(line) : nil)
        } catch {
            throw ConfigError("TOML syntax error: \(error)")
        }
        return try table(root, path: "", depth: 0)
    }

    private static func table(_ table: TOMLTable, path: String, depth: Int) throws(ConfigError) -> ConfigTable {
        var result = ConfigTable()
        for key in table.keys {
            guard let node = table[key] else { continue }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            result[key] = try value(node, path: childPath, depth: depth + 1)
        }
        return result
    }

    private static func value(_ node: TOMLValueConvertible, path: String, depth: Int) throws(ConfigError) -> ConfigValue {
        guard depth <= maxDepth else {
            throw ConfigError("\(path) is nested more than \(maxDepth) levels deep; no config key needs that")
        }
        switch node.type {
        case .int: return node.int.map(ConfigValue.int) ?? .unsupported("integer")
        case .double: return node.double.map(ConfigValue.double) ?? .unsupported("real number")
        case .bool: return node.bool.map(ConfigValue.bool) ?? .unsupported("boolean")
        case .string: return node.string.map(ConfigValue.string) ?? .unsupported("string")
        case .table:
            guard let sub = node.table else { return .unsupported("table") }
            return .table(try table(sub, path: path, depth: depth))
        case .array:
            guard let array = node.array else { return .unsupported("list") }
            var items: [ConfigValue] = []
            items.reserveCapacity(array.count)
            for index in 0..<array.count {
                items.append(try value(array[index], path: "\(path)[\(index)]", depth: depth + 1))
            }
            return .array(items)
        case .date: return .unsupported("date")
        case .time: return .unsupported("time")
        case .dateTime: return .unsupported("date-time")
        }
    }
}
