/// What "time" means for a model, for labels and for building the record grid.
public struct TimeAxis: Sendable {
    /// Attribute text for the `time` coordinate, e.g. "alpha = SGD steps / N".
    public let meaning: String
    /// Name of the parameter that sets the final time (e.g. `t_max`, `T`).
    public let endParameter: String
    /// True when time counts whole steps, so record times are rounded to integers.
    public let isDiscrete: Bool

    public init(meaning: String, endParameter: String, isDiscrete: Bool) {
        self.meaning = meaning
        self.endParameter = endParameter
        self.isDiscrete = isDiscrete
    }
}
