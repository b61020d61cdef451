import Foundation

/// Builds an SVG (XML) document line by line: elements with escaped attributes and
/// text, comments that cannot end early, and coordinates that are always finite numbers
/// (so "NaN" or "inf" can never reach the file).
struct SVGWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    /// The document so far, with the XML declaration.
    var document: String {
        (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"] + lines).joined(separator: "\n") + "\n"
    }

    /// `<tag attributes>`; close it with `close(tag)`.
    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        append("<\(tag)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ tag: String) {
        depth -= 1
        append("</\(tag)>")
    }

    /// `<tag attributes/>`, or `<tag attributes>text</tag>` (text escaped), or with
    /// `markup` already escaped (e.g. a text with a `<tspan>`).
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], text: String? = nil,
                          markup: String? = nil) {
        let body = markup ?? text.map(Self.escape)
        if let body {
            append("<\(tag)\(Self.render(attributes))>\(body)</\(tag)>")
        } else {
            append("<\(tag)\(Self.render(attributes))/>")
        }
    }

    /// `<!-- text -->`, with "--" (which would end or break the comment) spaced out.
    mutating func comment(_ text: String) {
        var safe = text
        while safe.contains("--") { safe = safe.replacingOccurrences(of: "--", with: "- -") }
        if safe.hasSuffix("-") { safe += " " }
        append("<!-- \(safe) -->")
    }

    private mutating func append(_ line: String) {
        lines.append(String(repeating: "  ", count: max(depth, 0)) + line)
    }

    // MARK: Text and numbers

    /// Text safe inside an element or a double-quoted attribute. Control characters
    /// that XML 1.0 forbids become spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// A coordinate with at most two decimals, trailing zeros dropped. Non-finite values
    /// (which callers filter out before) are written as 0 rather than "nan".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text == "-0" { text = "0" }
        return text
    }
}
