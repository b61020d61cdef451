/// Every parameter of a model's setup, each declared once (`ParameterDeclaration`), plus
/// the names it used to have. A setup is built from a `ParameterSet` by `resolve` (names,
/// types, bounds and defaults checked here, for every model alike) and then by reading
/// each field through its key path; `check` applies the same bounds to a setup that was
/// changed in code.
public struct ParameterSchema<Setup>: Sendable {
    public let declarations: [ParameterDeclaration<Setup>]
    /// Old parameter name -> its new name, for a one-line hint when a config uses the old one.
    public let renamed: [String: String]
    /// The declared names, the specs and each declaration's position by field: a model
    /// is built at every point of a sweep (a million for a large one), so `resolve` and
    /// the setup's reads look names and fields up in O(1).
    private let lookup: ParameterLookup<Setup>

    public init(_ declarations: [ParameterDeclaration<Setup>], renamed: [String: String] = [:]) {
        self.declarations = declarations
        self.renamed = renamed
        lookup = ParameterLookup(declarations)
    }

    /// The position in `declarations` of the (first) declaration bound to `field`.
    func index(of field: PartialKeyPath<Setup> & Sendable) -> Int? {
        lookup.index(of: field, in: declarations)
    }

    /// The specs, in declaration order.
    public var specs: [ParameterSpec] { lookup.specs }

    /// The values of `parameters`, with every parameter it leaves out at its default,
    /// each converted to its type and checked against its bounds. Throws a one-line
    /// `ModelError` for an unknown or renamed name or a value that does not fit.
    public func resolve(_ parameters: ParameterSet) throws -> ResolvedParameters<Setup> {
        // One dictionary look-up a declaration and no array but the values: this runs at
        // every point of a sweep. A given name that no declaration looked up is unknown;
        // unknown names are reported before a missing or misfit value, as they always were.
        let given = parameters.values
        let specs = lookup.specs
        var values: [ParameterValue] = []
        values.reserveCapacity(specs.count)
        var found = 0
        var failure: ModelError?
        for i in specs.indices {
            let raw = given[specs[i].name]
            if raw != nil { found += 1 }
            guard failure == nil else { continue }
            if let value = raw ?? specs[i].defaultValue {
                switch specs[i].coerce(value) {
                case .success(let coerced): values.append(coerced)
                case .failure(let error): failure = error
                }
            } else {
                failure = ModelError("missing parameter model.\(specs[i].name) (\(specs[i].help))")
            }
        }
        if found != given.count { try refuseUnknown(in: given) }
        if let failure { throw failure }
        return ResolvedParameters(schema: self, values: values)
    }

    /// Throws for the first (in sorted order) of `given`'s names that is not declared:
    /// a hint for a renamed one, else the list of the parameters.
    private func refuseUnknown(in given: [String: ParameterValue]) throws {
        for name in given.keys.filter({ !lookup.names.contains($0) }).sorted() {
            if let new = renamed[name] {
                throw ModelError("model.\(name) has been renamed model.\(new) (same meaning); use the new name")
            }
            throw ModelError("unknown parameter model.\(name); the parameters are "
                + declarations.map(\.spec.name).joined(separator: ", "))
        }
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
            guard let index = schema.index(of: field), let value = decoded(index, as: Value.self) else {
                throw ModelContractViolation("a setup reads the field \(field), which no parameter declaration binds")
            }
            return value
        }
    }

    /// The checked value at `index` as `Value`: a number or flag directly (in the
    /// specialized subscript the cast is resolved at compile time, where a cast from the
    /// declaration's `any Sendable` is a dynamic one at every read), a choice through
    /// its declaration.
    private func decoded<Value>(_ index: Int, as _: Value.Type) -> Value? {
        switch values[index] {
        case .int(let i): return i as? Value
        case .double(let d): return d as? Value
        case .bool(let b): return b as? Value
        case .string, .intList, .doubleList: return schema.declarations[index].decode(values[index]) as? Value
        }
    }
}

/// A setup whose parameters are declared in a schema: built from resolved parameters
/// by reading each field, then checked for the constraints between parameters.
public protocol DeclaredSetup: Sendable {
    /// The declarations of every parameter, one per field.
    static var schema: ParameterSchema<Self> { get }
    /// Reads every field from `parameters` (no cross-parameter checks: `checkCombination` does them).
    init(resolved parameters: ResolvedParameters<Self>) throws
    /// Throws a one-line `ModelError` for a combination of parameters that does not fit
    /// (each field's own type and bounds are the schema's business, not this one's).
    func checkCombination() throws
}

extension DeclaredSetup {
    /// The setup of `parameters` over the declared defaults, checked. `resolve` checked
    /// every field's type and bounds on the very values the fields are read from, so
    /// only the constraints between parameters are left: a sweep builds a setup at each
    /// of up to a million points, and checking each field twice was a third of that.
    public init(_ parameters: ParameterSet = ParameterSet()) throws {
        try self.init(resolved: Self.schema.resolve(parameters))
        try checkCombination()
    }

    /// Throws a one-line `ModelError` for a field out of its declared type or bounds
    /// (`Self.schema.check(self)`: a setup changed in code may be) or a combination of
    /// parameters that does not fit.
    public func validate() throws {
        try Self.schema.check(self)
        try checkCombination()
    }

    /// The setup with every parameter at its declared default.
    public static var defaults: Self {
        get throws { try Self() }
    }
}
