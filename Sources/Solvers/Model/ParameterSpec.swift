/// What a model accepts for one parameter: its type, default, allowed values, unit and
/// meaning. A spec is made by a `ParameterDeclaration`, the single place a parameter is
/// written down; `dynsweep models` prints it, the config loader checks values against it,
/// and the model's setup reads its value through it.
public struct ParameterSpec: Sendable {
    /// The type a parameter's value must have.
    public enum ValueType: Sendable, Equatable {
        case int
        case double
        case bool
        /// A string from a fixed set of choices.
        case choice([String])
        /// A non-empty list of integers, each within the bounds.
        case intList
        /// A non-empty list of finite real numbers, each within the bounds.
        case doubleList

        /// A short name of the type for help and error messages.
        public var name: String {
            switch self {
            case .int: return "integer"
            case .double: return "real number"
            case .bool: return "boolean"
            case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
            case .intList: return "list of integers"
            case .doubleList: return "list of real numbers"
            }
        }
    }

    public let name: String
    public let type: ValueType
    /// The value used when the config does not set the parameter; `nil` makes it required.
    public let defaultValue: ParameterValue?
    /// One line on what the parameter means, in the seed's notation.
    public let help: String
    /// The allowed values of an int or real parameter (nil: any finite value).
    public let bounds: ParameterBounds?
    /// The unit or scale the value is measured in, when it has one ("alpha = steps / N").
    public let unit: String?
    /// True for a real parameter whose +infinity is a meaningful limit (e.g. infinite
    /// width for a theory-only run). Otherwise a non-finite value is refused as a typo.
    public let allowsInfinity: Bool
    /// True for a parameter that sets the size of the problem (a dimension, a number of
    /// steps, layers or samples): the work grows with it, which the conformance suite
    /// checks against the cost estimate.
    public let isSize: Bool

    public init(_ name: String, _ type: ValueType, default defaultValue: ParameterValue?, _ help: String,
                bounds: ParameterBounds? = nil, unit: String? = nil, allowsInfinity: Bool = false,
                isSize: Bool = false) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
        self.bounds = bounds
        self.unit = unit
        self.allowsInfinity = allowsInfinity
        self.isSize = isSize
    }

    /// `value` converted to this parameter's type and checked against its bounds, or a
    /// one-line message naming `model.<name>` that says what is allowed.
    public func coerce(_ value: ParameterValue) -> Result<ParameterValue, ModelError> {
        // Built only for a message: a sweep coerces every parameter at every point.
        var key: String { "model.\(name)" }
        switch (type, value) {
        case (.int, _):
            if let i = value.intValue { return checked(.int(i), Double(i)) }
            if case .double(let d) = value, d.isFinite, d.rounded() == d {
                return .failure(ModelError("\(key) = \(value) is too large for an integer; use a value \(boundsText)"))
            }
        case (.double, _):
            if let d = value.doubleValue {
                if d.isNaN { return .failure(ModelError("\(key) = nan is not a number; use a real number \(boundsText)")) }
                if d.isInfinite && !(allowsInfinity && d > 0) {
                    return .failure(ModelError("\(key) = \(d) must be a finite real number \(boundsText)"))
                }
                return checked(.double(d), d)
            }
        case (.bool, .bool):
            return .success(value)
        case (.choice(let options), .string(let s)):
            if options.contains(s) { return .success(value) }
            return .failure(ModelError("\(key) = \"\(s)\" is not known: use \(Self.spelledList(options))"))
        case (.intList, .intList(let items)):
            return checkedList(value, items.map(Double.init))
        case (.intList, .doubleList(let items)):
            guard let whole = Self.wholeNumbers(items) else { break }
            return checkedList(.intList(whole), items)
        case (.doubleList, .doubleList(let items)):
            return checkedList(value, items)
        case (.doubleList, .intList(let items)):
            return checkedList(.doubleList(items.map(Double.init)), items.map(Double.init))
        default:
            break
        }
        return .failure(ModelError("\(key) must be a \(type.name), but the config gives \(value.typeName) \(value)"))
    }

    /// The bounds check of a converted numeric value (infinity passes an open upper end:
    /// it is the limit `allowsInfinity` admits).
    private func checked(_ value: ParameterValue, _ x: Double) -> Result<ParameterValue, ModelError> {
        guard let bounds, !(x == .infinity && bounds.upper == nil) else { return .success(value) }
        if bounds.contains(x) { return .success(value) }
        return .failure(ModelError("model.\(name) = \(value) is out of range: it must be \(bounds)"))
    }

    /// Longest list a list parameter accepts (a list is a handful of lags or rates, and
    /// every element is checked at every sweep point).
    public static let maxListLength = 1024

    /// The length and element checks of a converted list.
    private func checkedList(_ value: ParameterValue, _ items: [Double]) -> Result<ParameterValue, ModelError> {
        guard !items.isEmpty else {
            return .failure(ModelError("model.\(name) is an empty list; give at least one value"))
        }
        guard items.count <= Self.maxListLength else {
            return .failure(ModelError("model.\(name) has \(items.count) elements; at most \(Self.maxListLength) are allowed"))
        }
        for (i, x) in items.enumerated() {
            guard x.isFinite else {
                return .failure(ModelError("model.\(name) (element \(i + 1)) = \(x) must be a finite number \(boundsText)"))
            }
            if let bounds, !bounds.contains(x) {
                return .failure(ModelError("model.\(name) (element \(i + 1)) = \(ParameterBounds.number(x)) is out of "
                    + "range: it must be \(bounds)"))
            }
        }
        return .success(value)
    }

    /// The values as integers, if every one is a whole number of safe size.
    private static func wholeNumbers(_ items: [Double]) -> [Int]? {
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for x in items {
            guard x.rounded() == x, abs(x) < 9.0e15 else { return nil }
            out.append(Int(x))
        }
        return out
    }

    private var boundsText: String { bounds.map { "(\($0))" } ?? "" }

    /// `"a"`, `"a" or "b"`, `"a", "b" or "c"`: the accepted spellings of a choice.
    public static func spelledList(_ options: [String]) -> String {
        let quoted = options.map { "\"\($0)\"" }
        guard quoted.count > 1, let last = quoted.last else { return quoted.joined() }
        return quoted.dropLast().joined(separator: ", ") + " or " + last
    }
}
