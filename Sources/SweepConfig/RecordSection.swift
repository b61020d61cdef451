/// The `[record]` section as written, checked for keys and types. What depends on the
/// model's end time (the default `t_min`, whole-step rounding) is checked later by
/// `RecordSpec.resolve`, once the model has been built.
struct RecordSection {
    var points: Int
    var spacing: RecordSpec.Spacing
    var tMin: Double?

    init(_ root: ConfigTable, source: ConfigSource) throws(ConfigError) {
        let record = try SectionReader("record", of: root, allowed: ConfigSchema.recordKeys, source: source)
        points = try record.int("points") ?? ConfigSchema.defaultRecordPoints
        guard (1...ConfigSchema.maxRecordPoints).contains(points) else {
            throw record.error("points", "record.points must be between 1 and \(ConfigSchema.maxRecordPoints), got \(points)")
        }
        let name = try record.choice("spacing", RecordSpec.Spacing.allCases.map(\.rawValue))
        spacing = name.flatMap(RecordSpec.Spacing.init(rawValue:)) ?? .linear
        tMin = try record.double("t_min")
    }
}
