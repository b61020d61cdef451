import Foundation
import SweepDataset

/// The words on a sweep figure, taken from the result's attributes and coordinates:
/// each point's swept parameters ("K=2, eta=0.5"), the title, the time axis's meaning,
/// and the observable's name with its long_name when that is short.
struct SweepLabels {
    let result: SweepResult
    let points: Int

    /// Labels longer than this lose their parenthetical remark, or their long_name.
    static let shortLabel = 40

    /// The swept parameters: coordinates over `point` alone, other than `point` itself.
    var swept: [SweepResult.Variable] {
        result.coordinates.filter {
            $0.dimensions == [SweepResult.pointDimension] && $0.name != SweepResult.pointDimension
                && $0.values.count == points
        }
    }

    /// "K=2, eta=0.5" for point `p` ("point 2" when nothing is swept).
    func point(_ p: Int) -> String {
        let parts = swept.map { "\($0.name)=\(Self.format($0.values, at: p))" }
        if parts.isEmpty { return points > 1 ? "point \(p)" : "simulation" }
        return parts.joined(separator: ", ")
    }

    /// A remark after a point's label: no data at all, or diverged realizations left out.
    func note(_ p: Int, empty: Bool) -> String {
        if empty { return " (no data)" }
        let diverged = result.data.first { $0.name == "diverged" && $0.dimensions == [SweepResult.pointDimension] }
        if case .int(let counts)? = diverged?.values, p < counts.count, counts[p] > 0 {
            return " (\(counts[p]) diverged)"
        }
        return ""
    }

    /// The file's `title` attribute, else the file's name.
    func title(source: String) -> String {
        if let title = text("title"), !title.isEmpty { return title }
        let name = URL(fileURLWithPath: source).lastPathComponent
        return name.isEmpty ? "dynsweep result" : name
    }

    /// "teacher_student, 8 realizations per point" (what is known of it; the model
    /// kind only when the title does not already say it).
    func subtitle(title: String) -> String {
        var parts: [String] = []
        if let kind = text("model_kind"), !title.contains(kind) { parts.append(kind) }
        switch attribute("realizations") {
        case .int(let n)?: parts.append("\(n) realizations per point")
        case .double(let x)?: parts.append("\(Int(x)) realizations per point")
        default: break
        }
        return parts.joined(separator: ", ")
    }

    /// What time means (the `time_meaning` attribute, else the time coordinate's
    /// long_name), without a parenthetical remark when long.
    /// The x label of a figure against dimension `name`: its coordinate's long_name, shortened.
    func axisLabel(_ name: String) -> String {
        let coordinate = result.coordinates.first { $0.name == name }
        guard let meaning = coordinate.flatMap({ Self.text($0.attributes, "long_name") }), !meaning.isEmpty else { return name }
        return Self.shorten(meaning)
    }

    func timeLabel() -> String {
        let coordinate = result.coordinates.first { $0.name == ObservableSlicer.timeDimension }
        let meaning = text("time_meaning") ?? coordinate.flatMap { Self.text($0.attributes, "long_name") }
        guard let meaning, !meaning.isEmpty else { return "time" }
        return Self.shorten(meaning)
    }

    /// "Q[student_i=0, student_j=1] (student overlaps)": the name, the element, and the
    /// long_name without "mean over realizations of" when it is short, else its leading
    /// words (those before the first formula or number: "generalization error" of
    /// "generalization error 1/2 <(yhat - y)^2> from Q, R...").
    func observableLabel(_ observable: String, mean: SweepResult.Variable, element: String) -> String {
        let name = observable + element
        guard var long = Self.text(mean.attributes, "long_name") else { return name }
        for prefix in ["mean over realizations of ", "mean of "] where long.lowercased().hasPrefix(prefix) {
            long = String(long.dropFirst(prefix.count))
        }
        guard let short = Self.shortName(long) else { return name }
        return "\(name) (\(short))"
    }

    /// `long` when it is short; else its leading plain words when they are short; else nil.
    static func shortName(_ long: String) -> String? {
        if !long.isEmpty && long.count <= shortLabel { return long }
        let plain = long.split(separator: " ").prefix { word in
            word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" }
        }.joined(separator: " ")
        return plain.isEmpty || plain.count > shortLabel ? nil : plain
    }

    /// The observable's long_names in full, for the SVG's `<desc>`.
    func description(observable: String, variables: [SweepResult.Variable]) -> String {
        ["_mean", "_sem", "_theory"].compactMap { suffix in
            variables.first { $0.name == observable + suffix }.flatMap { variable in
                Self.text(variable.attributes, "long_name").map { "\(variable.name): \($0)" }
            }
        }.joined(separator: "; ")
    }

    // MARK: Helpers

    private func attribute(_ name: String) -> SweepResult.Attribute? {
        result.attributes.first { $0.0 == name }?.1
    }

    private func text(_ name: String) -> String? {
        Self.text(result.attributes, name)
    }

    static func text(_ attributes: [(String, SweepResult.Attribute)], _ name: String) -> String? {
        guard case .string(let value)? = attributes.first(where: { $0.0 == name })?.1 else { return nil }
        return value
    }

    /// `text` without a trailing parenthetical remark when it is longer than `shortLabel`.
    static func shorten(_ text: String) -> String {
        guard text.count > shortLabel, let cut = text.range(of: " (") else { return text }
        return String(text[..<cut.lowerBound])
    }

    /// A coordinate's value at `index`: integers as they are, numbers in %g, text as is.
    static func format(_ values: SweepResult.Values, at index: Int) -> String {
        switch values {
        case .int(let ns): return index < ns.count ? "\(ns[index])" : "?"
        case .double(let xs): return index < xs.count ? String(format: "%g", xs[index]) : "?"
        case .string(let ss): return index < ss.count ? ss[index] : "?"
        }
    }
}
