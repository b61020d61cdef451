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

    /// One object per verdict, keys sorted; a non-finite number (no value compared, a
    /// difference without an error bar) is null, as JSON has no infinity or NaN.
    static func json(_ verdicts: [TheoryVerdict], result: SweepResult) throws -> String {
        func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        let objects: [[String: Any]] = verdicts.map { v in
            let parameters = Dictionary(TheoryComparison.sweptParameters(result, point: v.point).map { ($0.name, $0.value) },
                                        uniquingKeysWith: { first, _ in first })
            return ["point": v.point, "parameters": parameters, "observable": v.observable, "max_z": number(v.maxZ),
                    "time": number(v.time), "element": v.element, "compared": v.compared, "beyond": v.beyond,
                    "skipped": v.skipped, "fraction_beyond": number(v.fractionBeyond), "threshold": number(v.threshold),
                    "within": v.isWithin]
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.3g", x) : "\(x)"
    }
}
