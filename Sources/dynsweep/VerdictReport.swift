import Analysis
import Foundation
import SweepDataset

/// `dynsweep compare`'s output: one line per point and observable and a summary, or JSON.
enum VerdictReport {
    static func text(_ verdicts: [TheoryVerdict], result: SweepResult) -> String {
        var lines: [String] = []
        for v in verdicts {
            let parameters = TheoryComparison.sweptParameters(result, point: v.point).map { "\($0.name)=\($0.value)" }
            let label = "point \(v.point)" + (parameters.isEmpty ? "" : " (\(parameters.joined(separator: ", ")))")
            let element = v.element.isEmpty ? "" : "[\(v.element.map(String.init).joined(separator: ","))]"
            let verdict = v.isWithin ? "within" : "BEYOND"
            var line = "\(verdict) \(label) \(v.observable)\(element): max |z| = \(format(v.maxZ)) at time \(format(v.time)), "
                + "\(v.beyond) of \(v.compared) values beyond \(format(v.threshold))"
            if v.skipped > 0 { line += " (\(v.skipped) NaN values skipped: padding, or no realizations)" }
            lines.append(line)
        }
        let failing = verdicts.filter { !$0.isWithin }.count
        lines.append(failing == 0 ? "all \(verdicts.count) comparisons within \(format(verdicts.first?.threshold ?? 0)) standard errors"
                     : "\(failing) of \(verdicts.count) comparisons beyond the threshold")
        return lines.joined(separator: "\n")
    }

    static func json(_ verdicts: [TheoryVerdict], result: SweepResult) -> String {
        let objects = verdicts.map { v -> String in
            let parameters = TheoryComparison.sweptParameters(result, point: v.point)
                .map { "\(quoted($0.name)): \(quoted($0.value))" }.joined(separator: ", ")
            return "{\"point\": \(v.point), \"parameters\": {\(parameters)}, \"observable\": \(quoted(v.observable)), "
                + "\"max_z\": \(number(v.maxZ)), \"time\": \(number(v.time)), "
                + "\"element\": [\(v.element.map(String.init).joined(separator: ", "))], "
                + "\"compared\": \(v.compared), \"beyond\": \(v.beyond), \"skipped\": \(v.skipped), "
                + "\"fraction_beyond\": \(number(v.fractionBeyond)), \"threshold\": \(number(v.threshold)), "
                + "\"within\": \(v.isWithin)}"
        }
        return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
    }

    private static func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.3g", x) : "\(x)"
    }

    /// JSON has no infinity or NaN: they are written as null.
    private static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
