import Solvers

/// Converts config values to the type a key expects, with the one-line message the user
/// sees when it does not fit (`model.K must be an integer, got string "two"`). Used for
/// model parameters (against their `ParameterSpec`) and for the scalar keys of the other
/// sections (against an ad hoc type).
enum ValueCoercion {
    /// `value` converted to `type`, or the reason it cannot be, naming `key` as shown to
    /// the user. Real numbers must be finite: NaN or infinity as a parameter is a typo
    /// that no model's range check should have to catch.
    static func coerce(_ value: ConfigValue, to type: ParameterSpec.ValueType, key: String) -> Result<ParameterValue, Rejection> {
        let expected = "\(key) must be \(article(type))"
        if type == .intList || type == .doubleList { return list(value, of: type, key: key) }
        guard let scalar = value.scalar else { return .failure("\(expected), got \(value.described)") }
        switch type {
        case .int:
            if let i = scalar.intValue { return .success(.int(i)) }
            if case .double(let d) = scalar, d.isFinite, d.rounded() == d {
                return .failure("\(expected), got \(value.described), which is too large")
            }
        case .double:
            if let d = scalar.doubleValue {
                return d.isFinite ? .success(.double(d)) : .failure("\(key) must be a finite real number, got \(TOMLWriter.real(d))")
            }
        case .bool:
            if case .bool = scalar { return .success(scalar) }
        case .intList, .doubleList:
            break
        case .choice(let options):
            if case .string(let s) = scalar {
                if options.contains(s) { return .success(scalar) }
                let hint = Suggestion.nearest(to: s, in: options).map { "; did you mean \(TOMLWriter.string($0))?" } ?? ""
                return .failure("\(expected), got \(TOMLWriter.string(s))\(hint)")
            }
        }
        return .failure("\(expected), got \(value.described)")
    }

    /// A TOML array of numbers as a list parameter (its elements' bounds are the spec's).
    private static func list(_ value: ConfigValue, of type: ParameterSpec.ValueType, key: String) -> Result<ParameterValue, Rejection> {
        guard case .array(let items) = value else {
            return .failure("\(key) must be \(article(type)), got \(value.described); write it as [a, b, ...]")
        }
        let element: ParameterSpec.ValueType = type == .intList ? .int : .double
        var values: [ParameterValue] = []
        values.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            switch coerce(item, to: element, key: "\(key) (element \(i + 1))") {
            case .success(let v): values.append(v)
            case .failure(let rejection): return .failure(rejection)
            }
        }
        if type == .intList { return .success(.intList(values.map { $0.intValue ?? 0 })) }
        return .success(.doubleList(values.map { $0.doubleValue ?? .nan }))
    }

    /// `value` as a model parameter: the spec's type, then the spec's own `coerce` (so
    /// the config layer can never accept what the model contract would refuse).
    static func parameter(_ value: ConfigValue, spec: ParameterSpec, key: String) -> Result<ParameterValue, Rejection> {
        if spec.allowsInfinity, case .double(let d)? = value.scalar, d == .infinity {
            return .success(.double(d))
        }
        switch coerce(value, to: spec.type, key: key) {
        case .failure(let message): return .failure(message)
        case .success(let v):
            switch spec.coerce(v) {
            case .success(let c): return .success(c)
            case .failure(let error): return .failure(Rejection(error.message))
            }
        }
    }

    /// "an integer", "a real number", "true or false", "one of "a", "b"".
    static func article(_ type: ParameterSpec.ValueType) -> String {
        switch type {
        case .int: return "an integer"
        case .double: return "a real number"
        case .bool: return "true or false"
        case .choice: return type.name
        case .intList: return "a list of integers"
        case .doubleList: return "a list of real numbers"
        }
    }
}

/// Why a value was refused: a one-line message naming the key, which the caller turns
/// into a located `ConfigError`.
struct Rejection: Error, Sendable, ExpressibleByStringInterpolation {
    let message: String
    init(_ message: String) { self.message = message }
    init(stringLiteral value: String) { message = value }
}
