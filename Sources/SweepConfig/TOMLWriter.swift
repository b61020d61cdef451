/// Writes `ConfigValue`s as TOML text: the canonical spelling used by the resolved
/// config and by error messages. Real numbers use Swift's shortest round-trip form, so
/// parsing the text again gives back exactly the same bits.
enum TOMLWriter {
    /// One value on one line (`[1, 2]`, `{ log = [0.01, 1.0, 9] }`, `"erf"`).
    static func inline(_ value: ConfigValue) -> String {
        switch value {
        case .int(let i): return String(i)
        case .double(let d): return real(d)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return string(s)
        case .array(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let table):
            if table.isEmpty { return "{}" }
            return "{ " + table.entries.map { "\(key($0.key)) = \(inline($0.value))" }.joined(separator: ", ") + " }"
        case .unsupported(let name): return "<\(name)>"
        }
    }

    /// A TOML float that reads back as exactly `d` (always with a `.`, an exponent,
    /// or `inf`/`nan`, so it never reads back as an integer).
    static func real(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let text = "\(d)"
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    /// A TOML basic string with every character that needs it escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A key, bare when TOML allows it and quoted otherwise.
    static func key(_ k: String) -> String {
        let bare = !k.isEmpty && k.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-"
        }
        return bare ? k : string(k)
    }
}
