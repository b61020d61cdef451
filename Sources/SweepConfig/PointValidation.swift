import Solvers

/// The last check of a config: the model is built at every sweep point, so physics
/// constraints (`K >= 1`, `eta > 0`, `M <= N`...) fail now, naming the point, rather
/// than hours into a run on one rank. Also checks that all points share one end time,
/// since the output has a single time axis.
///
/// It checks one point at a time and keeps nothing of it, so that a caller that needs
/// every point's model anyway (`SweepPlan`) can check and use each in one pass: building
/// a million models once rather than twice is most of what a million-point `validate`
/// costs. The config loader runs it over every point unless told that its caller will
/// (`RunConfig.init(..., checkingEveryPoint: false)`); the config keeps it
/// (`RunConfig.pointValidation`) with the first point's end time and its error locations.
package struct PointValidation: Sendable {
    let modelType: any Model.Type
    let theoryEnabled: Bool
    /// Where a point's model error is reported (the file) and an end-time mismatch (the
    /// `[sweep]` table).
    let pointLocation: String?
    let sweepLocation: String?
    private var first: (time: Double, label: String)?

    init(modelType: any Model.Type, theoryEnabled: Bool, source: ConfigSource) {
        self.modelType = modelType
        self.theoryEnabled = theoryEnabled
        pointLocation = source.error("", at: []).location
        sweepLocation = source.error("", at: ["sweep"]).location
    }

    /// The end time of the first point checked (0 before any).
    package var endTime: Double { first?.time ?? 0 }

    /// Builds the model of `point`; throws the one-line error of a point whose model
    /// refuses its parameters, or whose end time differs from the first point's.
    package mutating func model(of point: SweepPoint) throws(ConfigError) -> any Model {
        let model: any Model
        do {
            model = try modelType.init(parameters: point.parameters, theoryEnabled: theoryEnabled)
        } catch {
            let message = (error as? ModelError)?.message ?? "\(error)"
            let prefix = point.swept.isEmpty ? "" : "at sweep point \(point.label): "
            throw ConfigError(prefix + message, location: pointLocation)
        }
        let time = model.endTime
        if let first {
            guard time == first.time || (time.isNaN && first.time.isNaN) else {
                throw ConfigError("the model's end time differs between sweep points (\(TOMLWriter.real(first.time)) "
                    + "at \(first.label), \(TOMLWriter.real(time)) at \(point.label)); the output shares one time "
                    + "axis, so run one sweep per end time", location: sweepLocation)
            }
        } else {
            first = (time, point.label)
        }
        return model
    }
}
