/// What a model accepts for one parameter: its type, default and meaning. `dynsweep
/// models` prints these, the Coordinator checks config values against them, and the
/// model's initializer checks the ranges that depend on physics.
public struct ParameterSpec: Sendable {
    /// The type a parameter's value must have.
    public enum ValueType: Sendable, Equatable {
        case int
        case double
        case bool
        /// A string from a fixed set of choices.
        case choice([String])

        /// A short name of the type for help and error messages.
        public var name: String {
            switch self {
            case .int: return "integer"
            case .double: return "real number"
            case .bool: return "boolean"
            case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
            }
        }
    }

    public let name: String
    public let type: ValueType
    /// The value used when the config does not set the parameter; `nil` makes it required.
    public let defaultValue: ParameterValue?
    /// One line on what the parameter means, in the seed's notation.
    public let help: String
    /// True for a real parameter whose +infinity is a meaningful limit (e.g. infinite
    /// width for a theory-only run). Otherwise a non-finite value is refused as a typo.
    public let allowsInfinity: Bool

    public init(_ name: String, _ type: ValueType, default defaultValue: ParameterValue?, _ help: String,
                allowsInfinity: Bool = false) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
        self.allowsInfinity = allowsInfinity
    }

    /// `value` converted to this parameter's type, or a message saying why it does not fit.
    public func coerce(_ value: ParameterValue) -> Result<ParameterValue, ModelError> {
        switch (type, value) {
        case (.int, _):
            if let i = value.intValue { return .success(.int(i)) }
        case (.double, _):
            if let d = value.doubleValue { return .success(.double(d)) }
        case (.bool, .bool):
            return .success(value)
        case (.choice(let options), .string(let s)):
            if options.contains(s) { return .success(value) }
            return .failure(ModelError("\(name) = \"\(s)\" is not a valid choice: use one of "
                + options.map { "\"\($0)\"" }.joined(separator: ", ")))
        default:
            break
        }
        return .failure(ModelError("\(name) must be a \(type.name), but the config gives \(value.typeName) \(value)"))
    }
}
