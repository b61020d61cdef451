/// "Did you mean" suggestions: the valid name nearest to a misspelt one, by edit
/// distance with transpositions (so `eat` suggests `eta`), ignoring case; an
/// abbreviation of exactly one name (`lin`) suggests that name.
enum Suggestion {
    /// The candidate nearest to `word`, if it is close enough to be a plausible typo
    /// (at most 2 edits, or a third of the word's length for long words).
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        guard target.count <= 200 else { return nil }
        let extensions = candidates.filter { $0.count > word.count && $0.lowercased().hasPrefix(word.lowercased()) }
        if word.count >= 2, extensions.count == 1 { return extensions[0] }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased()))
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.distance < max(target.count, best.name.count) ? best.name : nil
    }

    /// `"; did you mean X?"` with the nearest candidate, or an empty string.
    static func hint(for word: String, in candidates: [String], prefix: String = "") -> String {
        guard let name = nearest(to: word, in: candidates) else { return "" }
        return "; did you mean \(prefix)\(name)?"
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// swaps of neighbours each cost one.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
