/// A scan of the raw text before TOMLKit sees it. toml++ (inside TOMLKit) recurses once
/// per part of a dotted key, so a header such as `[a.a.a...]` with a few hundred
/// thousand parts overflows the stack and kills the process; nested lists and inline
/// tables are already capped by toml++ itself. No config key has more than three
/// parts, so a generous bound costs nothing.
enum NestingGuard {
    /// Most parts a dotted key may have (`[sweep.zip]` has 2).
    static let maxParts = 64

    /// Throws when some dotted chain (`a.b.c`, spaces around dots allowed) has more
    /// than `maxParts` parts. Linear in the text length.
    static func check(_ text: String, source: ConfigSource) throws(ConfigError) {
        var line = 1
        var dots = 0
        var afterSegment = false
        var pendingDot = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                dots = 0; afterSegment = false; pendingDot = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "."):
                if afterSegment, !pendingDot {
                    pendingDot = true
                } else {
                    dots = 0; pendingDot = false
                }
                afterSegment = false
            default:
                if isSegment(byte) {
                    if pendingDot {
                        dots += 1
                        pendingDot = false
                        if dots >= maxParts {
                            throw ConfigError("a dotted key with more than \(maxParts) parts; config keys have at "
                                + "most three (e.g. sweep.zip)", location: source.location(line: line))
                        }
                    }
                    afterSegment = true
                } else {
                    dots = 0; afterSegment = false; pendingDot = false
                }
            }
        }
    }

    /// Bytes that can make up a key part (bare-key characters, quotes, and any
    /// non-ASCII byte, since quoted keys may hold anything).
    private static func isSegment(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return byte >= 0x80
        }
    }
}
