/// One parameter of a model, declared once: its name, type, default, bounds, unit and
/// help (the `ParameterSpec`), bound to the field of the model's setup that holds it.
/// The CLI, `dynsweep models`, config validation, the setup's initializer and the tests
/// all read this one declaration, so a default or a range cannot drift between them.
/// A declaration whose default is nil makes the parameter required.
public struct ParameterDeclaration<Setup>: Sendable {
    public let spec: ParameterSpec
    /// The setup field this parameter fills (compared with the key path a setup's
    /// initializer asks for).
    let field: AnyKeyPath & Sendable
    /// The field's value in a setup, as a parameter value (for checks and round trips).
    let read: @Sendable (Setup) -> ParameterValue
    /// A checked parameter value as the field's Swift type.
    let decode: @Sendable (ParameterValue) -> (any Sendable)?

    /// The field's current value in `setup`.
    public func value(in setup: Setup) -> ParameterValue { read(setup) }

    public static func int(_ name: String, _ field: KeyPath<Setup, Int> & Sendable, default value: Int?,
                           bounds: ParameterBounds, unit: String? = nil, isSize: Bool = false, _ help: String) -> Self {
        Self(spec: ParameterSpec(name, .int, default: value.map(ParameterValue.int), help, bounds: bounds, unit: unit, isSize: isSize),
             field: field, read: { .int($0[keyPath: field]) }, decode: { $0.intValue })
    }

    public static func double(_ name: String, _ field: KeyPath<Setup, Double> & Sendable, default value: Double?,
                              bounds: ParameterBounds? = nil, unit: String? = nil, allowsInfinity: Bool = false,
                              isSize: Bool = false, _ help: String) -> Self {
        Self(spec: ParameterSpec(name, .double, default: value.map(ParameterValue.double), help, bounds: bounds, unit: unit,
                                 allowsInfinity: allowsInfinity, isSize: isSize),
             field: field, read: { .double($0[keyPath: field]) }, decode: { $0.doubleValue })
    }

    public static func bool(_ name: String, _ field: KeyPath<Setup, Bool> & Sendable, default value: Bool?,
                            _ help: String) -> Self {
        Self(spec: ParameterSpec(name, .bool, default: value.map(ParameterValue.bool), help), field: field,
             read: { .bool($0[keyPath: field]) },
             decode: { if case .bool(let b) = $0 { return b } else { return nil } })
    }

    /// A list-of-integers parameter (`lags = [32, 64]`); `bounds` applies to each element.
    public static func intList(_ name: String, _ field: KeyPath<Setup, [Int]> & Sendable, default value: [Int]?,
                               bounds: ParameterBounds, unit: String? = nil, _ help: String) -> Self {
        Self(spec: ParameterSpec(name, .intList, default: value.map(ParameterValue.intList), help, bounds: bounds, unit: unit),
             field: field, read: { .intList($0[keyPath: field]) },
             decode: { if case .intList(let items) = $0 { return items } else { return nil } })
    }

    /// A list-of-reals parameter (`coefficients = [0.6, 0.5]`); `bounds` applies to each element.
    public static func doubleList(_ name: String, _ field: KeyPath<Setup, [Double]> & Sendable, default value: [Double]?,
                                  bounds: ParameterBounds? = nil, unit: String? = nil, _ help: String) -> Self {
        Self(spec: ParameterSpec(name, .doubleList, default: value.map(ParameterValue.doubleList), help, bounds: bounds,
                                 unit: unit),
             field: field, read: { .doubleList($0[keyPath: field]) },
             decode: { if case .doubleList(let items) = $0 { return items } else { return nil } })
    }

    /// A string parameter whose values are the raw values of `E`'s cases, in declaration
    /// order; the "use a, b or c" message is built from them.
    public static func choice<E>(_ name: String, _ field: KeyPath<Setup, E> & Sendable, default value: E?,
                                 _ help: String) -> Self
    where E: RawRepresentable & CaseIterable & Sendable, E.RawValue == String {
        Self(spec: ParameterSpec(name, .choice(E.allCases.map(\.rawValue)), default: value.map { .string($0.rawValue) }, help),
             field: field, read: { .string($0[keyPath: field].rawValue) },
             decode: { if case .string(let s) = $0 { return E(rawValue: s) } else { return nil } })
    }
}
