import Foundation

/// Finds the line of a key in the config text, so errors found after parsing (an
/// unknown key, a wrong type) can point at the line like syntax errors do. TOMLKit does
/// not report where values came from, so this scans the text itself: table headers
/// (`[model]`, `[[sweep.zip]]`) and lines that start with `key =` or `a.b =`. It is
/// best effort: a key it cannot place simply gets no line number.
struct SourceLocator: Sendable {
    /// First line (1-based) of each dotted path; groups of `[[name]]` get their 1-based
    /// number as a path component (`sweep.zip.2.eta`).
    private var lines: [String: Int] = [:]
    /// Longer paths than any config key (`sweep.zip.2.eta` has 4) are not recorded,
    /// which keeps a hostile `[a.a.a...]` header from costing quadratic time.
    private static let maxComponents = 6

    init(text: String) {
        var prefix: [String] = []
        var groupCounts: [String: Int] = [:]
        var inMultilineString = false
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingWhitespace()
            let quotes = line.components(separatedBy: "\"\"\"").count + line.components(separatedBy: "'''").count - 2
            if inMultilineString {
                if quotes % 2 == 1 { inMultilineString = false }
                continue
            }
            if quotes % 2 == 1 { inMultilineString = true }
            if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                let name = SourceLocator.dotted(String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]))
                let joined = name.joined(separator: ".")
                let count = (groupCounts[joined] ?? 0) + 1
                groupCounts[joined] = count
                prefix = name + [String(count)]
                recordPrefixes(prefix, number)
            } else if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                prefix = SourceLocator.dotted(String(line[line.index(after: line.startIndex)..<end]))
                recordPrefixes(prefix, number)
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = SourceLocator.dotted(String(line[..<equals]))
                guard !key.isEmpty, key.allSatisfy(SourceLocator.isPlausibleKey) else { continue }
                recordPrefixes(prefix + key, number, from: prefix.count + 1)
            }
        }
    }

    /// The line of `path` (e.g. `["model", "eta"]`, `["sweep", "zip", "2", "eta"]`).
    func line(_ path: [String]) -> Int? { lines[path.joined(separator: ".")] }

    /// Records `line` for every prefix of `path` at least `from` components long that
    /// has no line yet (a header `[a.b]` also places `a`).
    private mutating func recordPrefixes(_ path: [String], _ line: Int, from: Int = 1) {
        let longest = min(path.count, SourceLocator.maxComponents)
        guard longest >= from, from >= 1 else { return }
        for length in from...longest {
            let key = path.prefix(length).joined(separator: ".")
            if lines[key] == nil { lines[key] = line }
        }
    }

    /// Components of a dotted TOML key, trimmed and unquoted (`"a b" . c` -> `a b`, `c`).
    private static func dotted(_ text: String) -> [String] {
        text.split(separator: ".", omittingEmptySubsequences: false).map { part in
            var p = part.trimmingWhitespace()
            if p.count >= 2, let f = p.first, let l = p.last, f == l, f == "\"" || f == "'" {
                p = String(p.dropFirst().dropLast())
            }
            return p
        }
    }

    private static func isPlausibleKey(_ part: String) -> Bool {
        !part.isEmpty && !part.contains(where: { $0 == " " || $0 == "[" || $0 == "{" || $0 == "," })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
