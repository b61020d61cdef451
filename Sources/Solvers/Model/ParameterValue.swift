/// One parameter value as it appears in a config file or on the command line: a scalar,
/// or a list of numbers for a parameter that is one (e.g. gated_rnn's `lags`).
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// A list of integers (`lags = [32, 64]`).
    case intList([Int])
    /// A list of real numbers (`coefficients = [0.6, 0.5]`).
    case doubleList([Double])

    /// The value as a floating-point number, if it is numeric (an integer is accepted
    /// wherever a real number is expected).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value as an integer, if it is one (a real number with no fractional part,
    /// such as `784.0`, is accepted too).
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        default: return nil
        }
    }

    /// TOML spelling of the value (strings quoted), used in resolved configs and labels.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d):
            if d.isFinite, d.rounded() == d, abs(d) < 1e15 { return String(format: "%.1f", d) }
            return "\(d)"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return "\"\(s)\""
        case .intList(let items): return "[" + items.map(String.init).joined(separator: ", ") + "]"
        case .doubleList(let items): return "[" + items.map { ParameterValue.double($0).description }.joined(separator: ", ") + "]"
        }
    }

    /// A short name of the value's type for error messages.
    public var typeName: String {
        switch self {
        case .int: return "integer"
        case .double: return "real number"
        case .bool: return "boolean"
        case .string: return "string"
        case .intList: return "list of integers"
        case .doubleList: return "list of real numbers"
        }
    }
}

import Foundation

extension ParameterValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
