import Solvers

/// Reads the `[sweep]` section into axes for one model type. Axis order: first every
/// single-parameter axis (a plain key, or a `[[sweep.zip]]` group of one parameter) in
/// alphabetical order of the parameter name (TOMLKit does not keep the file's key
/// order, so this is the one order that does not depend on it); then each zip group of
/// several parameters, in file order, its parameters alphabetical.
struct SweepParser {
    let modelType: any Model.Type
    let source: ConfigSource
    /// Parameters set in `[model]` (a parameter may not be both fixed and swept).
    let fixed: Set<String>

    /// The axes of the document's `[sweep]` section (none if it has no such section).
    func parse(_ root: ConfigTable) throws(ConfigError) -> [SweepAxis] {
        let sweep: ConfigTable
        switch root["sweep"] {
        case nil: return []
        case .table(let t)?: sweep = t
        case let other?:
            throw source.error("sweep must be a section ([sweep] followed by keys), got \(other.described)", at: ["sweep"])
        }
        var axes: [SweepAxis] = []
        var sweptBy: [String: String] = [:]
        for key in sweep.keys.sorted() where key != ConfigSchema.zipKey {
            let path = ["sweep", key]
            let spec = try parameter(key, path: path)
            let values = try axisValues(sweep[key] ?? .array([]), spec: spec, path: path)
            try refuseDuplicates(values.map { [$0] }, path: path)
            sweptBy[key] = "sweep.\(key)"
            axes.append(SweepAxis(parameters: [key], values: values.map { [$0] }))
        }
        guard let zip = sweep[ConfigSchema.zipKey] else { return axes }
        var groupAxes: [SweepAxis] = []
        let groups: [ConfigValue]
        switch zip {
        case .array(let items): groups = items
        case .table: groups = [zip]
        default:
            throw source.error("sweep.zip must be [[sweep.zip]] groups of lists, got \(zip.described)", at: ["sweep", "zip"])
        }
        for (index, group) in groups.enumerated() {
            groupAxes.append(try zipAxis(group, number: index + 1, sweptBy: &sweptBy))
        }
        let single = (axes + groupAxes.filter { $0.parameters.count == 1 }).sorted { $0.parameters[0] < $1.parameters[0] }
        return single + groupAxes.filter { $0.parameters.count > 1 }
    }

    /// One `[[sweep.zip]]` group as an axis: every list the same length.
    private func zipAxis(_ group: ConfigValue, number: Int, sweptBy: inout [String: String]) throws(ConfigError) -> SweepAxis {
        let groupPath = ["sweep", "zip", String(number)]
        let groupName = ConfigSource.display(groupPath)
        guard case .table(let table) = group, !table.isEmpty else {
            throw source.error("\(groupName) must be a table of parameter lists (e.g. eta = [0.1, 0.5] and "
                + "t_max = [200.0, 50.0] under [[sweep.zip]]), got \(group.described)", at: groupPath)
        }
        var names: [String] = []
        var columns: [[ParameterValue]] = []
        for key in table.keys.sorted() {
            let path = groupPath + [key]
            let spec = try parameter(key, path: path)
            if let other = sweptBy[key] {
                throw source.error("\(key) is swept twice (\(other) and \(ConfigSource.display(path))); "
                    + "a parameter can move along one axis only", at: path)
            }
            sweptBy[key] = ConfigSource.display(path)
            names.append(key)
            columns.append(try axisValues(table[key] ?? .array([]), spec: spec, path: path))
        }
        let lengths = Set(columns.map(\.count))
        guard lengths.count == 1, let length = lengths.first else {
            let listing = zip(names, columns).map { "\($0.0) has \($0.1.count)" }.joined(separator: ", ")
            throw source.error("\(groupName): lists have different lengths (\(listing)); zipped parameters "
                + "need one value each per step", at: groupPath)
        }
        let rows = (0..<length).map { step in columns.map { $0[step] } }
        try refuseDuplicates(rows, path: groupPath)
        return SweepAxis(parameters: names, values: rows)
    }

    /// The spec of a swept parameter, refusing unknown names, the end-time parameter and
    /// parameters that `[model]` already fixes.
    private func parameter(_ key: String, path: [String]) throws(ConfigError) -> ParameterSpec {
        let name = ConfigSource.display(path)
        guard let spec = modelType.parameter(named: key) else {
            let candidates = modelType.parameters.map(\.name) + (path.count == 2 ? [ConfigSchema.zipKey] : [])
            let prefix = ConfigSource.display(Array(path.dropLast())) + "."
            throw source.error("unknown key \(name)" + unknownParameterHint(key, modelType: modelType,
                                                                           candidates: candidates, prefix: prefix)
                + " (model \(modelType.kind))", at: path)
        }
        if key == modelType.timeAxis.endParameter {
            throw source.error("\(name): the end-time parameter \(key) cannot be swept, because every point of a run "
                + "shares one time axis in the output; run one sweep per \(key) value (e.g. --set model.\(key)=...)",
                at: path)
        }
        if fixed.contains(key) {
            throw source.error("model.\(key) is set in [model] and swept as \(name); keep only one "
                + "(on the command line, --set model.\(key)=... replaces the sweep)", at: path)
        }
        return spec
    }

    /// The values of one swept parameter: a non-empty list or a range.
    private func axisValues(_ value: ConfigValue, spec: ParameterSpec, path: [String]) throws(ConfigError) -> [ParameterValue] {
        let name = ConfigSource.display(path)
        switch value {
        case .array(let items):
            guard !items.isEmpty else {
                throw source.error("\(name) is an empty list; give at least one value or remove the key", at: path)
            }
            var values: [ParameterValue] = []
            let isList = spec.type == .intList || spec.type == .doubleList
            for (i, item) in items.enumerated() {
                switch ValueCoercion.parameter(item, spec: spec, key: "\(name) (value \(i + 1))") {
                case .success(let v): values.append(v)
                case .failure(let rejection):
                    let hint = isList && item.scalar != nil
                        ? "; \(spec.name) is a list, so a sweep of it is a list of lists (\(name) = [[1, 2], [3]])" : ""
                    throw source.error(rejection.message + hint, at: path)
                }
            }
            return values
        case .table(let table):
            let range: ValueRange
            switch ValueRange.parse(table, key: name) {
            case .success(let r): range = r
            case .failure(let rejection): throw source.error(rejection.message, at: path)
            }
            return try rangeValues(range, spec: spec, path: path)
        default:
            throw source.error("\(name) must be a list of values or a range ({ linear = [start, stop, count] } or "
                + "{ log = [start, stop, count] }), got \(value.described); to fix \(spec.name) at one value, "
                + "set it under [model]", at: path)
        }
    }

    /// A range's values as the parameter's type: reals as they are, integers rounded
    /// (absorbing floating-point error only; a step that is not whole is an error).
    private func rangeValues(_ range: ValueRange, spec: ParameterSpec, path: [String]) throws(ConfigError) -> [ParameterValue] {
        let name = ConfigSource.display(path)
        var values: [ParameterValue] = []
        values.reserveCapacity(range.count)
        for v in range.values {
            let candidate: ConfigValue
            switch spec.type {
            case .double:
                candidate = .double(v)
            case .int:
                let r = v.rounded()
                guard abs(v - r) <= 1e-9 * max(1, abs(v)), abs(r) < 9e15 else {
                    throw source.error("\(name) gives \(TOMLWriter.real(v)), which is not a whole number, but \(spec.name) "
                        + "is an integer; choose start, stop and count that land on whole numbers, or list the values",
                        at: path)
                }
                candidate = .int(Int(r))
            case .bool, .choice, .intList, .doubleList:
                throw source.error("\(name): a range needs a numeric parameter, but \(spec.name) is "
                    + "\(ValueCoercion.article(spec.type)); list the values instead", at: path)
            }
            switch ValueCoercion.parameter(candidate, spec: spec, key: name) {
            case .success(let c): values.append(c)
            case .failure(let rejection): throw source.error(rejection.message, at: path)
            }
        }
        return values
    }

    /// Throws when an axis repeats a step (it would compute the same point twice).
    private func refuseDuplicates(_ rows: [[ParameterValue]], path: [String]) throws(ConfigError) {
        var seen = Set<[ParameterValue]>()
        for row in rows where !seen.insert(row).inserted {
            let shown = row.count == 1 ? row[0].description : "(" + row.map(\.description).joined(separator: ", ") + ")"
            throw source.error("\(ConfigSource.display(path)) lists \(shown) more than once; every step of an axis "
                + "must be distinct", at: path)
        }
    }
}

/// `"; did you mean PREFIX+X?"`, or the valid names when none is close.
func suggestionOrListing(_ word: String, _ candidates: [String], prefix: String) -> String {
    let hint = Suggestion.hint(for: word, in: candidates, prefix: prefix)
    if !hint.isEmpty { return hint }
    return candidates.isEmpty ? "" : "; valid keys: " + candidates.joined(separator: ", ")
}
