/// A scan of the raw text before TOMLKit sees it. toml++ (inside TOMLKit) is built with
/// its internal assertions on, and asserts, killing the process (SIGABRT), where it should
/// report a syntax error, on inputs the config-loader fuzz target (fuzz/) found:
/// - a table header whose first key does not start with a bare-key character or a quote
///   (`[[[sweep.zip]]`, `[.a]`, `[=]`, `[[#]]`);
/// - a `}` where an array expects a value (`[}]`, `[1, }]`);
/// - a date and `T` without a time after it (`1979-05-27T:30`).
/// Both are refused here with their line. The scan follows strings, comments and brackets,
/// so that a `[` opening a line inside a multi-line array or string is not taken for a
/// header. Linear in the text length.
enum ParserAssertionGuard {
    static func check(_ text: String, source: ConfigSource) throws(ConfigError) {
        let bytes = Array(text.utf8)
        var i = 0, line = 1
        var open: [UInt8] = []  // the brackets enclosing the position: "[" (an array) or "{"
        var depth: Int { open.count }
        var valueExpected = false  // in an array, after "[" or ","
        var lineStart = true  // only whitespace so far on this line
        func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }
        func starts(_ s: String, _ k: Int) -> Bool {
            s.utf8.enumerated().allSatisfy { at(k + $0.offset) == $0.element }
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\n"):
                line += 1; lineStart = true; i += 1; continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1; continue
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "}") where valueExpected:
                throw ConfigError("TOML syntax error: an array holds a '}' where a value or its closing ']' should be",
                                  location: source.location(line: line))
            default:
                break
            }
            valueExpected = false  // a significant character: the value, or the array's end
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let triple = starts(b == UInt8(ascii: "\"") ? "\"\"\"" : "'''", i)
                i += triple ? 3 : 1
                while i < bytes.count {
                    let c = bytes[i]
                    if c == UInt8(ascii: "\\"), b == UInt8(ascii: "\"") { i += 2; continue }
                    if c == UInt8(ascii: "\n") {
                        line += 1
                        if !triple { break }  // an unterminated string: toml++ reports it
                    }
                    if c == b, !triple || (at(i + 1) == b && at(i + 2) == b) {
                        i += triple ? 3 : 1
                        // A closing """ may be followed by up to two more quotes of the content.
                        while triple, at(i) == b { i += 1 }
                        break
                    }
                    i += 1
                }
            case UInt8(ascii: "["):
                if depth == 0, lineStart {
                    var k = i + 1
                    if at(k) == UInt8(ascii: "[") { k += 1 }
                    while at(k) == UInt8(ascii: " ") || at(k) == UInt8(ascii: "\t") { k += 1 }
                    let c = at(k)
                    guard isKeyStart(c) || c == UInt8(ascii: "]") else {
                        throw ConfigError("TOML syntax error: a table header must start with a key (letters, digits, "
                            + "_ and -, or a quoted key), as in [run] or [[sweep.zip]]", location: source.location(line: line))
                    }
                    // The header itself: skip to its end of line (its brackets are not depth).
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "#"),
                          bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") { i += 1 }
                    lineStart = false
                    continue
                }
                open.append(b); valueExpected = true; i += 1
            case UInt8(ascii: "{"):
                open.append(b); i += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                _ = open.popLast(); i += 1
            case UInt8(ascii: ","):
                valueExpected = open.last == UInt8(ascii: "[")
                i += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // YYYY-MM-DDT must go on with a digit (toml++ asserts it in parse_time).
                let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(at(i + $0)) }
                if digits, at(i + 4) == UInt8(ascii: "-"), at(i + 7) == UInt8(ascii: "-"),
                   at(i + 10) == UInt8(ascii: "T") || at(i + 10) == UInt8(ascii: "t"), !isDigit(at(i + 11)) {
                    throw ConfigError("TOML syntax error: a date-time needs a time (HH:MM:SS) after its T",
                                      location: source.location(line: line))
                }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            default:
                i += 1
            }
            lineStart = false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }
}
