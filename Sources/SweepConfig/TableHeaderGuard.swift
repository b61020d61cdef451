/// A scan of the raw text before TOMLKit sees it: toml++ (inside TOMLKit) asserts, and so
/// kills the process (SIGABRT), on a table header whose first key does not start with a
/// bare-key character or a quote (`[[[sweep.zip]]`, `[.a]`, `[=]`, `[[#]]`), where it
/// should report a syntax error; found by the config-loader fuzz target (fuzz/). Such a
/// header is refused here with its line. The scan follows strings, comments and brackets,
/// so that a `[` opening a line inside a multi-line array or string is not taken for a
/// header. Linear in the text length.
enum TableHeaderGuard {
    static func check(_ text: String, source: ConfigSource) throws(ConfigError) {
        let bytes = Array(text.utf8)
        var i = 0, line = 1, depth = 0
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
                depth += 1; i += 1
            case UInt8(ascii: "{"):
                depth += 1; i += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1); i += 1
            default:
                i += 1
            }
            lineStart = false
        }
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
