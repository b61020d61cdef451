import Solvers

/// The `[model]` section, checked against the model it names: `kind` picks the model
/// type from the given list, every other key must be one of its parameters and have
/// the parameter's type.
struct ModelSection {
    let modelType: any Model.Type
    /// The parameters `[model]` sets, converted to their types.
    let fixed: [String: ParameterValue]

    init(_ root: ConfigTable, models: [any Model.Type], source: ConfigSource) throws(ConfigError) {
        let kinds = models.map { $0.kind }
        let known = "known kinds: " + kinds.joined(separator: ", ")
        let table: ConfigTable
        switch root["model"] {
        case .table(let t)?: table = t
        case nil:
            throw source.error("missing [model] section; add [model] with kind = \"...\" (\(known))", at: ["model"])
        case let other?:
            throw source.error("model must be a section ([model] followed by keys), got \(other.described)", at: ["model"])
        }
        guard let kindValue = table["kind"] else {
            throw source.error("missing model.kind; add kind = \"...\" under [model] (\(known))", at: ["model"])
        }
        guard case .string(let kind) = kindValue else {
            throw source.error("model.kind must be a string, got \(kindValue.described) (\(known))", at: ["model", "kind"])
        }
        guard let modelType = models.first(where: { $0.kind == kind }) else {
            let hint = Suggestion.nearest(to: kind, in: kinds).map { "; did you mean \(TOMLWriter.string($0))?" } ?? ""
            throw source.error("unknown model kind \(TOMLWriter.string(kind)) in model.kind (\(known))\(hint)",
                               at: ["model", "kind"])
        }
        self.modelType = modelType

        let names = modelType.parameters.map(\.name)
        var fixed: [String: ParameterValue] = [:]
        for key in table.keys where key != "kind" {
            guard let spec = modelType.parameter(named: key) else {
                throw source.error("unknown key model.\(key)"
                    + unknownParameterHint(key, modelType: modelType, candidates: ["kind"] + names, prefix: "model.")
                    + " (model \(kind))", at: ["model", key])
            }
            let value = table[key] ?? .array([])
            switch ValueCoercion.parameter(value, spec: spec, key: "model.\(key)") {
            case .success(let v): fixed[key] = v
            case .failure(let rejection):
                let isList = spec.type == .intList || spec.type == .doubleList
                let hint = value.scalar == nil && !isList ? "; to sweep it, put it under [sweep]" : ""
                throw source.error(rejection.message + hint, at: ["model", key])
            }
        }
        self.fixed = fixed
    }

    /// Every parameter that is not in `swept`: its `[model]` value, else its default.
    /// Throws for a required parameter that is neither set nor swept.
    func baseParameters(swept: Set<String>, source: ConfigSource) throws(ConfigError) -> [String: ParameterValue] {
        var base: [String: ParameterValue] = [:]
        for spec in modelType.parameters where !swept.contains(spec.name) {
            if let value = fixed[spec.name] {
                base[spec.name] = value
            } else if let defaultValue = spec.defaultValue {
                switch ValueCoercion.parameter(ConfigValue(defaultValue), spec: spec, key: "model.\(spec.name)") {
                case .success(let v): base[spec.name] = v
                case .failure(let rejection):
                    throw source.error("the default of \(rejection.message) (a bug in model \(modelType.kind))", at: ["model"])
                }
            } else {
                throw source.error("missing required parameter model.\(spec.name) (\(spec.type.name): \(spec.help)); "
                    + "set it under [model] or sweep it under [sweep]", at: ["model"])
            }
        }
        return base
    }
}

/// What to tell a user who wrote the unknown parameter `key`: its new name when the
/// model renamed it, else the nearest valid name or the list of valid ones.
func unknownParameterHint(_ key: String, modelType: any Model.Type, candidates: [String], prefix: String) -> String {
    if let new = modelType.renamedParameters[key] {
        return "; it has been renamed \(prefix)\(new) (same meaning): use the new name"
    }
    return suggestionOrListing(key, candidates, prefix: prefix)
}
