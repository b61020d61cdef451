import Foundation
import Solvers

extension RunConfig {
    /// Loads the config file at `path`, applies `overrides` (`--set` arguments,
    /// `SECTION.KEY=VALUE`, in order) and validates the result. `models` are the model
    /// types `model.kind` may name (tests pass their own). Throws `ConfigError`.
    /// With `checkingEveryPoint` false only the first sweep point's model is built: for a
    /// caller that builds every point's model itself through `pointValidation` (`SweepPlan`
    /// does), so that a million-point sweep builds each model once.
    package init(contentsOfFile path: String, overrides: [String] = [],
                models: [any Model.Type] = ModelRegistry.all, checkingEveryPoint: Bool = true) throws(ConfigError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("no config file at this path (check the spelling; examples/ has configs to start from)",
                              location: path)
        }
        guard !isDirectory.boolValue else {
            throw ConfigError("is a directory, not a config file; name a .toml file (e.g. \(path)/run.toml)",
                              location: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the config file (\(String(cString: strerror(errno))))", location: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("the config file is not UTF-8 text; save it as UTF-8 TOML", location: path)
        }
        try self.init(toml: text, fileName: path, overrides: overrides, models: models,
                      checkingEveryPoint: checkingEveryPoint)
    }

    /// `init(contentsOfFile:overrides:models:)` spelt as the command line calls it.
    package static func load(path: String, overrides: [String] = [], models: [any Model.Type] = ModelRegistry.all,
                             checkingEveryPoint: Bool = true) throws(ConfigError) -> RunConfig {
        try RunConfig(contentsOfFile: path, overrides: overrides, models: models, checkingEveryPoint: checkingEveryPoint)
    }

    /// Parses `text` as a config (`fileName`, if given, locates errors and gives the
    /// default run name), applies `overrides` and validates the result.
    package init(toml text: String, fileName: String? = nil, overrides: [String] = [],
                models: [any Model.Type] = ModelRegistry.all, checkingEveryPoint: Bool = true) throws(ConfigError) {
        var source = ConfigSource(fileName: fileName, text: text)
        var root = try TOMLReader.parse(text, source: source)
        var parsed: [Override] = []
        for argument in overrides { parsed.append(try Override(parsing: argument)) }
        try Override.apply(parsed, to: &root, source: &source)
        self = try ConfigLoader.load(root, defaultName: ConfigLoader.stem(of: fileName), models: models, source: source,
                                     checkingEveryPoint: checkingEveryPoint)
    }
}

/// Turns a parsed document into a `RunConfig`: structural checks section by section,
/// then the checks that need the model (every point built, record grid against the
/// end time), then the resolved TOML.
enum ConfigLoader {
    static func load(_ root: ConfigTable, defaultName: String, models: [any Model.Type],
                     source: ConfigSource, checkingEveryPoint: Bool = true) throws(ConfigError) -> RunConfig {
        try checkSections(root, source: source)
        let run = try RunSection(root, defaultName: defaultName, source: source)
        let model = try ModelSection(root, models: models, source: source)

        let axes = try SweepParser(modelType: model.modelType, source: source, fixed: Set(model.fixed.keys)).parse(root)
        let record = try RecordSection(root, source: source)

        let theory = try SectionReader("theory", of: root, allowed: ConfigSchema.theoryKeys, source: source)
        let theoryEnabled = try theory.bool("enabled") ?? true
        let theoryReplicas = try theory.int("replicas") ?? 1
        guard (1...StreamKey.maxTheoryReplicas).contains(theoryReplicas) else {
            throw theory.error("replicas", "theory.replicas must be between 1 and \(StreamKey.maxTheoryReplicas), "
                + "got \(theoryReplicas)")
        }
        if theoryReplicas > 1, !theoryEnabled {
            throw theory.error("replicas", "theory.replicas = \(theoryReplicas) asks for theory replicas, but "
                + "theory.enabled = false; remove theory.replicas or enable the theory")
        }
        if run.realizations == 0, !theoryEnabled {
            throw source.error("run.realizations = 0 runs the theory only, but theory.enabled = false: nothing would "
                + "be computed; set run.realizations > 0 or theory.enabled = true", at: ["run", "realizations"])
        }
        if run.realizations == 0, !model.modelType.providesTheory {
            throw source.error("run.realizations = 0 runs the theory only, but model \(model.modelType.kind) has no "
                + "theory (simulation only): nothing would be computed; set run.realizations > 0",
                at: ["run", "realizations"])
        }

        let swept = Set(axes.flatMap(\.parameters))
        let base = try model.baseParameters(swept: swept, source: source)
        guard let count = SweepGrid.count(axes), count <= StreamKey.maxPoints else {
            let sizes = axes.map { "\($0.parameters.joined(separator: "+")): \($0.count)" }.joined(separator: ", ")
            throw source.error("the sweep has more than the \(StreamKey.maxPoints) points a run may have (\(sizes)); "
                + "split it into several runs", at: ["sweep"])
        }

        var validation = PointValidation(modelType: model.modelType, theoryEnabled: theoryEnabled, source: source)
        var target: RealizationTarget?
        for index in 0..<(checkingEveryPoint ? count : min(count, 1)) {
            let model = try validation.model(of: SweepGrid.point(index, axes: axes, base: base))
            if index == 0, let given = run.target {
                target = try Self.target(given, model: model, source: source)
            }
        }
        let endTime = validation.endTime
        let timeAxis = model.modelType.timeAxis
        let (spec, times) = try RecordSpec.resolve(points: record.points, spacing: record.spacing, tMin: record.tMin,
                                                   endTime: endTime,
                                                   discrete: timeAxis.isDiscrete, endName: timeAxis.endParameter,
                                                   source: source)

        var config = RunConfig(name: run.name, seed: run.seed, realizations: run.realizations, output: run.output,
                               blocks: run.blocks, divergeAbove: run.divergeAbove, target: target,
                               modelType: model.modelType,
                               modelKind: model.modelType.kind, baseParameters: base, sweep: axes, record: spec,
                               theoryEnabled: theoryEnabled, endTime: timeAxis.isDiscrete ? endTime.rounded() : endTime,
                               times: times, resolvedTOML: "", pointValidation: validation,
                               everyPointChecked: checkingEveryPoint)
        config.theoryReplicas = theoryReplicas
        config.resolvedTOML = ResolvedConfig.toml(config)
        return config
    }

    /// The error target with its observable resolved: the given one, which must be one of
    /// the model's simulated observables, or the model's loss observable.
    private static func target(_ given: (bound: RealizationTarget.Bound, observable: String?, maxRealizations: Int),
                               model: any Model, source: ConfigSource) throws(ConfigError) -> RealizationTarget {
        let names = model.observables.map(\.name)
        let observable = given.observable ?? model.lossObservable
        guard names.contains(observable) else {
            throw source.error("run.target_observable = \(TOMLWriter.string(observable)) is not an observable of "
                + "\(type(of: model).kind)" + (Suggestion.nearest(to: observable, in: names).map { "; did you mean \"\($0)\"?" }
                    ?? "; its observables are " + names.joined(separator: ", ")), at: ["run", "target_observable"])
        }
        return RealizationTarget(bound: given.bound, observable: observable, maxRealizations: given.maxRealizations)
    }

    /// Refuses top-level keys that are not sections.
    private static func checkSections(_ root: ConfigTable, source: ConfigSource) throws(ConfigError) {
        let sections = ConfigSchema.sections
        for key in root.keys where !sections.contains(key) {
            if case .table = root[key] {
                throw source.error("unknown section [\(key)]"
                    + (Suggestion.nearest(to: key, in: sections).map { "; did you mean [\($0)]?" }
                        ?? "; sections are " + sections.map { "[\($0)]" }.joined(separator: ", ")), at: [key])
            }
            let home = [("run", ConfigSchema.runKeys), ("record", ConfigSchema.recordKeys), ("theory", ConfigSchema.theoryKeys)]
                .first { $0.1.contains(key) }.map { "; it belongs under [\($0.0)]" } ?? ""
            throw source.error("key \(key) is outside any section; keys go under a section header such as [run] or [model]"
                + home, at: [key])
        }
    }

    /// The default run name: the file name without directory and `.toml`.
    static func stem(of fileName: String?) -> String {
        guard let fileName else { return ConfigSchema.defaultName }
        var name = Substring(fileName.split(separator: "/").last ?? "")
        if name.hasSuffix(".toml") { name = name.dropLast(5) }
        return name.isEmpty ? ConfigSchema.defaultName : String(name)
    }
}
