import Foundation
import Solvers

/// A sweep range written as `{ linear = [start, stop, count] }` (evenly spaced) or
/// `{ log = [start, stop, count] }` (geometrically spaced). Both ends are included and
/// exact: the first value is `start` and the last is `stop`, bit for bit.
struct ValueRange: Sendable, Equatable {
    typealias Spacing = RecordSpec.Spacing

    let spacing: Spacing
    let start: Double
    let stop: Double
    let count: Int

    /// The range written as `table` (one key, `linear` or `log`, holding a list of three
    /// numbers), or a one-line reason naming `key` when it is malformed.
    static func parse(_ table: ConfigTable, key: String) -> Result<ValueRange, Rejection> {
        let form = "\(key) must be { linear = [start, stop, count] } or { log = [start, stop, count] }"
        guard table.keys.count == 1, let name = table.keys.first, let spacing = Spacing(rawValue: name) else {
            let hint = table.keys.first.flatMap { Suggestion.nearest(to: $0, in: Spacing.allCases.map(\.rawValue)) }
            return .failure("\(form), got \(ConfigValue.table(table).described)\(hint.map { "; did you mean \($0)?" } ?? "")")
        }
        guard case .array(let items)? = table[name], items.count == 3,
              let start = items[0].scalar?.doubleValue, let stop = items[1].scalar?.doubleValue else {
            return .failure("\(form), got \(ConfigValue.table(table).described)")
        }
        guard start.isFinite, stop.isFinite else {
            return .failure("\(key): the ends of a range must be finite numbers, got \(TOMLWriter.real(start)) and \(TOMLWriter.real(stop))")
        }
        guard let count = items[2].scalar?.intValue, count >= 1 else {
            return .failure("\(key): the count (third number) of a range must be a whole number >= 1, got \(TOMLWriter.inline(items[2]))")
        }
        guard count <= StreamKey.maxPoints else {
            return .failure("\(key): a count of \(count) exceeds the \(StreamKey.maxPoints) sweep points a run may have")
        }
        if spacing == .log, !(start > 0 && stop > 0) {
            return .failure(Rejection("\(key): a log range needs start > 0 and stop > 0, got \(TOMLWriter.real(start)) and "
                + "\(TOMLWriter.real(stop)); use { linear = [...] } to include zero or negative values"))
        }
        return .success(ValueRange(spacing: spacing, start: start, stop: stop, count: count))
    }

    /// The `count` values from `start` to `stop`. Log ranges are spaced in log10, so
    /// decades give round numbers (`{ log = [0.01, 1.0, 3] }` is 0.01, 0.1, 1.0).
    var values: [Double] {
        guard count > 1 else { return [start] }
        let n = Double(count - 1)
        var out: [Double] = (0..<count).map { i in
            switch spacing {
            case .linear:
                return start + Double(i) * (stop - start) / n
            case .log:
                let a = log10(start), b = log10(stop)
                return pow(10, a + Double(i) * (b - a) / n)
            }
        }
        out[0] = start
        out[count - 1] = stop
        return out
    }
}
