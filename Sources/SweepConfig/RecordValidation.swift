/// Checks the `[record]` grid against the model's end time once it is known (after the
/// model has been built), and resolves the default `t_min` of a log grid.
extension RecordSpec {
    /// The validated spec (with `tMin` resolved for log grids) and its times, or the
    /// error naming the `[record]` key to change. `endName` names the end-time parameter
    /// for messages.
    static func resolve(points: Int, spacing: Spacing, tMin: Double?, endTime: Double, discrete: Bool,
                        endName: String, source: ConfigSource) throws(ConfigError) -> (RecordSpec, [Double]) {
        let end = discrete ? endTime.rounded() : endTime
        guard end.isFinite, end > 0 else {
            throw source.error("the model's end time is \(TOMLWriter.real(endTime)); \(endName) must make it positive "
                + "and finite to record anything", at: ["model", endName])
        }
        var first: Double?
        switch spacing {
        case .linear:
            if tMin != nil {
                throw source.error("record.t_min applies only to spacing = \"log\"; remove it or set record.spacing = \"log\"",
                                   at: ["record", "t_min"])
            }
        case .log:
            let value = tMin ?? max(end * ConfigSchema.defaultTMinFraction, discrete ? 1 : 0)
            guard value > 0, value < end else {
                throw source.error("record.t_min must be > 0 and below the end time \(TOMLWriter.real(end)) "
                    + "(\(endName)), got \(TOMLWriter.real(value))", at: ["record", "t_min"])
            }
            first = value
        }
        let spec = RecordSpec(points: points, spacing: spacing, tMin: first)
        let times = spec.times(endTime: end, discrete: discrete)
        if discrete, hasDuplicates(times) {
            let fit = largestDistinctGrid(below: points) { spec.with(points: $0).times(endTime: end, discrete: true) }
            let range = "[\(TOMLWriter.real(times[0])), \(TOMLWriter.real(end))]"
            let advice = spacing == .log ? "lower record.points, or use record.spacing = \"linear\"" : "lower record.points"
            throw source.error("record.points = \(points) gives duplicate times: the model counts whole steps, and at most "
                + "\(fit) distinct \(spacing.rawValue)-spaced times fit in \(range); \(advice)", at: ["record", "points"])
        }
        return (spec, times)
    }

    private func with(points: Int) -> RecordSpec { RecordSpec(points: points, spacing: spacing, tMin: tMin) }

    private static func hasDuplicates(_ ascending: [Double]) -> Bool {
        zip(ascending, ascending.dropFirst()).contains { $0 == $1 }
    }

    /// The largest count below `limit` whose grid has no duplicates (binary search; a
    /// count of 1 always fits).
    private static func largestDistinctGrid(below limit: Int, grid: (Int) -> [Double]) -> Int {
        var good = 1, bad = limit
        while bad - good > 1 {
            let mid = good + (bad - good) / 2
            if hasDuplicates(grid(mid)) { bad = mid } else { good = mid }
        }
        return good
    }
}
