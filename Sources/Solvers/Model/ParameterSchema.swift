/// Every parameter of a model's setup, each declared once (`ParameterDeclaration`), plus
/// the names it used to have. A setup is built from a `ParameterSet` by `resolve` (names,
/// types, bounds and defaults checked here, for every model alike) and then by reading
/// each field through its key path; `check` applies the same bounds to a setup that was
/// changed in code.
public struct ParameterSchema<Setup>: Sendable {
    public let declarations: [ParameterDeclaration<Setup>]
    /// Old parameter name -> its new name, for a one-line hint when a config uses the old one.
    public let renamed: [String: String]
    /// The declared names, and each declaration's position by field: a model is built at
    /// every point of a sweep (a million for a large one), so `resolve` and the setup's
    /// reads look names and fields up in O(1) rather than comparing key paths one by one.
    private let names: Set<String>
    /// Declaration positions by the hash of their field (key paths are not `Sendable`
    /// dictionary keys), confirmed with `==`.
    private let fieldIndex: [Int: [Int]]

    public init(_ declarations: [ParameterDeclaration<Setup>], renamed: [String: String] = [:]) {
        self.declarations = declarations
        self.renamed = renamed
        names = Set(declarations.map(\.spec.name))
        var index: [Int: [Int]] = [:]
        for (i, declaration) in declarations.enumerated() { index[declaration.field.hashValue, default: []].append(i) }
        fieldIndex = index
    }

    /// The position in `declarations` of the (first) declaration bound to `field`.
    func index(of field: AnyKeyPath) -> Int? {
        fieldIndex[field.hashValue]?.first { declarations[$0].field == field }
    }

    /// The specs, in declaration order.
    public var specs: [ParameterSpec] { declarations.map(\.spec) }

    /// The values of `parameters`, with every parameter it leaves out at its default,
    /// each converted to its type and checked against its bounds. Throws a one-line
    /// `ModelError` for an unknown or renamed name or a value that does not fit.
    public func resolve(_ parameters: ParameterSet) throws -> ResolvedParameters<Setup> {
        let unknown = parameters.values.keys.filter { !names.contains($0) }
        for name in unknown.sorted() {
            if let new = renamed[name] {
                throw ModelError("model.\(name) has been renamed model.\(new) (same meaning); use the new name")
            }
            throw ModelError("unknown parameter model.\(name); the parameters are "
                + declarations.map(\.spec.name).joined(separator: ", "))
        }
        var values: [ParameterValue] = []
        for declaration in declarations {
            let spec = declaration.spec
            guard let raw = parameters.values[spec.name] ?? spec.defaultValue else {
                throw ModelError("missing parameter model.\(spec.name) (\(spec.help))")
            }
            values.append(try spec.coerce(raw).get())
        }
        return ResolvedParameters(schema: self, values: values)
    }

    /// Throws the one-line message of the first field of `setup` outside its declared
    /// type or bounds (a setup built by `resolve` always passes; one changed in code may not).
    public func check(_ setup: Setup) throws {
        for declaration in declarations { _ = try declaration.spec.coerce(declaration.read(setup)).get() }
    }

    /// The parameter values held by `setup`, by name (e.g. to rebuild it through a model's
    /// `init(parameters:)`).
    public func parameterSet(of setup: Setup) -> ParameterSet {
        ParameterSet(Dictionary(uniqueKeysWithValues: declarations.map { ($0.spec.name, $0.read(setup)) }))
    }
}

/// A parameter set checked against a schema: every declared parameter has a value of
/// its type within its bounds. A setup's initializer reads its fields from it by key path.
public struct ResolvedParameters<Setup>: Sendable {
    let schema: ParameterSchema<Setup>
    let values: [ParameterValue]

    /// The value of the parameter declared for `field`. Throws (never traps) when no
    /// declaration is bound to that field: a bug in the model, which the conformance
    /// suite finds.
    public subscript<Value: Sendable>(_ field: KeyPath<Setup, Value> & Sendable) -> Value {
        get throws {
            guard let index = schema.index(of: field),
                  let value = schema.declarations[index].decode(values[index]) as? Value else {
                throw ModelContractViolation("a setup reads the field \(field), which no parameter declaration binds")
            }
            return value
        }
    }
}

/// A setup whose parameters are declared in a schema: built from resolved parameters
/// by reading each field, then checked for the constraints between parameters.
public protocol DeclaredSetup: Sendable {
    /// The declarations of every parameter, one per field.
    static var schema: ParameterSchema<Self> { get }
    /// Reads every field from `parameters` (no cross-parameter checks: `validate` does them).
    init(resolved parameters: ResolvedParameters<Self>) throws
    /// Throws a one-line `ModelError` for a field out of its declared bounds
    /// (`Self.schema.check(self)`) or a combination of parameters that does not fit.
    func validate() throws
}

extension DeclaredSetup {
    /// The setup of `parameters` over the declared defaults, checked.
    public init(_ parameters: ParameterSet = ParameterSet()) throws {
        try self.init(resolved: Self.schema.resolve(parameters))
        try validate()
    }

    /// The setup with every parameter at its declared default.
    public static var defaults: Self {
        get throws { try Self() }
    }
}
