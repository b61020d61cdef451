/// Parameter values by name, as a config or a test gives them: a sweep point's values
/// over the model's defaults. A setup reads them only through its schema
/// (`ParameterSchema.resolve`), which checks names, types and bounds.
public struct ParameterSet: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public let values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    /// `["N": 500, "eta": 0.5, "activation": "erf"]`; a repeated name keeps its last value.
    public init(dictionaryLiteral elements: (String, ParameterValue)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The same set with `name` set to `value`.
    public func setting(_ name: String, to value: ParameterValue) -> ParameterSet {
        var values = self.values
        values[name] = value
        return ParameterSet(values)
    }
}
