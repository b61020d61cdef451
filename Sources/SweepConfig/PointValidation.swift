import Solvers

/// The last check before a run: the model is built at every sweep point, so physics
/// constraints (`K >= 1`, `eta > 0`, `M <= N`...) fail now, naming the point, rather
/// than hours into a run on one rank. Also checks that all points share one end time,
/// since the output has a single time axis.
enum PointValidation {
    /// The end time shared by every point.
    static func check(axes: [SweepAxis], base: [String: ParameterValue], count: Int, modelType: any Model.Type,
                      theoryEnabled: Bool, source: ConfigSource) throws(ConfigError) -> Double {
        var first: (time: Double, label: String)?
        for index in 0..<count {
            let point = SweepGrid.point(index, axes: axes, base: base)
            let model: any Model
            do {
                model = try modelType.init(parameters: point.parameters, theoryEnabled: theoryEnabled)
            } catch {
                let message = (error as? ModelError)?.message ?? "\(error)"
                let prefix = axes.isEmpty ? "" : "at sweep point \(point.label): "
                throw source.error(prefix + message, at: [])
            }
            let time = model.endTime
            if let first {
                guard time == first.time || (time.isNaN && first.time.isNaN) else {
                    throw source.error("the model's end time differs between sweep points (\(TOMLWriter.real(first.time)) "
                        + "at \(first.label), \(TOMLWriter.real(time)) at \(point.label)); the output shares one time "
                        + "axis, so run one sweep per end time", at: ["sweep"])
                }
            } else {
                first = (time, point.label)
            }
        }
        return first?.time ?? 0
    }
}
