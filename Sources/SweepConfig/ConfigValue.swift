import Solvers

/// A TOML value copied out of TOMLKit into plain Swift values, so the config layer can
/// inspect, override and re-emit it without holding TOMLKit's C++ nodes (which are
/// neither `Sendable` nor freed). Keys keep the order TOMLKit reports (alphabetical).
indirect enum ConfigValue: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([ConfigValue])
    case table(ConfigTable)
    /// A value the config never uses (a date or time), kept by its type name for errors.
    case unsupported(String)

    /// The value as a model parameter value, if it is a scalar.
    var scalar: ParameterValue? {
        switch self {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        default: return nil
        }
    }

    /// A short name of the value's type for error messages.
    var typeName: String {
        switch self {
        case .int: return "integer"
        case .double: return "real number"
        case .bool: return "boolean"
        case .string: return "string"
        case .array: return "list"
        case .table: return "table"
        case .unsupported(let name): return name
        }
    }

    /// `typeName` followed by the value in TOML spelling, shortened for messages
    /// (`string "two"`, `list [1, 2]`).
    var described: String {
        let text = TOMLWriter.inline(self)
        let short = text.count > 60 ? String(text.prefix(57)) + "..." : text
        return "\(typeName) \(short)"
    }
}

/// An ordered TOML table: keys with values, each key once.
struct ConfigTable: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let key: String
        var value: ConfigValue
    }

    private(set) var entries: [Entry] = []

    init(_ entries: [Entry] = []) { self.entries = entries }

    var keys: [String] { entries.map(\.key) }
    var isEmpty: Bool { entries.isEmpty }

    /// The value at `key`; setting `nil` removes the key, setting a new key appends it.
    subscript(key: String) -> ConfigValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let i?, let v?): entries[i].value = v
            case (let i?, nil): entries.remove(at: i)
            case (nil, let v?): entries.append(Entry(key: key, value: v))
            case (nil, nil): break
            }
        }
    }
}

extension ConfigValue {
    /// The TOML value of a model parameter value.
    init(_ value: ParameterValue) {
        switch value {
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .intList(let items): self = .array(items.map(ConfigValue.int))
        case .doubleList(let items): self = .array(items.map(ConfigValue.double))
        }
    }
}
