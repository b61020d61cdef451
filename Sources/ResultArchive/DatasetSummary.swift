import Foundation
import SweepDataset

/// What a result file holds, as `dynsweep inspect` shows it: dimensions, coordinate
/// and data variables (name, dimensions, shape, type) and root attributes. Built by
/// `ResultReader.summary()`; `description` prints it in the manner of xarray's repr.
package struct DatasetSummary: Sendable, CustomStringConvertible {
    /// One variable of the file.
    package struct Variable: Sendable, Equatable {
        package let name: String
        package let dimensions: [String]
        package let shape: [Int]
        /// Element type as stored: float64, int64, string...
        package let type: String
        /// Whether it is the scale of the dimension of the same name.
        package let isIndex: Bool
        /// The first values of a 1-D coordinate, for display (empty for data variables).
        package let preview: [String]
        /// Total number of values (to say how many the preview leaves out).
        package var count: Int { shape.reduce(1, *) }
    }

    package let path: String
    package let dimensions: [SweepResult.Dimension]
    package let coordinates: [Variable]
    package let dataVariables: [Variable]
    package let attributes: [(String, SweepResult.Attribute)]

    /// The variable called `name`, coordinate or data.
    package func variable(_ name: String) -> Variable? {
        (coordinates + dataVariables).first { $0.name == name }
    }

    package var description: String { render(attributeWidth: 100) }

    /// The `dynsweep_format` attribute (`ResultFormat`); nil for a file dynsweep did not
    /// write, or wrote before it recorded its format.
    package var format: String? { text(ResultFormat.attribute) }

    /// What `dynsweep inspect` says first: the file's status, its format and the build
    /// that wrote it; for a file without a format, that it is not a dynsweep result.
    package var heading: [String] {
        let build = "dynsweep \(text("dynsweep_version") ?? "unknown") (\(text("git_commit") ?? "unknown"))"
        guard let format else {
            let writer = text("dynsweep_version") == nil ? "another program (or a dynsweep older than that attribute)"
                : "\(build), a build older than that attribute"
            return ["\(path): not a dynsweep result: it has no `\(ResultFormat.attribute)` attribute; "
                + "it was written by \(writer)"]
        }
        return [
            "\(path): \(text("status") ?? "unknown (no status attribute)")",
            "format:   \(format)"
                + (ResultFormat.known.contains(format) ? "" : " (this dynsweep writes \(ResultFormat.current))"),
            "built by: \(build)",
        ]
    }

    /// The root attribute `name` if it is text.
    private func text(_ name: String) -> String? {
        guard let entry = attributes.first(where: { $0.0 == name }), case .string(let value) = entry.1 else {
            return nil
        }
        return value
    }

    /// The summary as text, attribute values cut to `attributeWidth` characters (the
    /// resolved config can be long).
    package func render(attributeWidth: Int) -> String {
        var lines = [(format == nil ? "<HDF5 file> " : "<dynsweep result> ") + path]
        let dims = dimensions.map { "\($0.name): \($0.size)" }.joined(separator: ", ")
        lines.append("Dimensions:  (\(dims))")
        let width = (coordinates + dataVariables).map(\.name.count).max() ?? 0
        func row(_ v: Variable, marker: String) -> String {
            let name = v.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var text = "  \(marker) \(name)  (\(v.dimensions.joined(separator: ", "))) \(v.type)"
            if !v.preview.isEmpty {
                text += " " + v.preview.joined(separator: " ") + (v.count > v.preview.count ? " ..." : "")
            }
            return text
        }
        lines.append("Coordinates:")
        lines += coordinates.map { row($0, marker: $0.isIndex ? "*" : " ") }
        lines.append("Data variables:")
        lines += dataVariables.map { row($0, marker: " ") }
        lines.append("Attributes:")
        for (name, value) in attributes {
            var text = Self.render(value)
            text = text.replacingOccurrences(of: "\n", with: "\\n")
            if text.count > attributeWidth { text = String(text.prefix(max(attributeWidth - 3, 0))) + "..." }
            lines.append("    \(name): \(text)")
        }
        return lines.joined(separator: "\n")
    }

    /// An attribute value as one line of text.
    static func render(_ value: SweepResult.Attribute) -> String {
        switch value {
        case .string(let s): return s
        case .double(let x): return "\(x)"
        case .int(let n): return "\(n)"
        case .doubles(let xs): return "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }
}
