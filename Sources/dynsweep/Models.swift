import ArgumentParser
import Solvers

extension Dynsweep {
    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the model kinds with their parameters, defaults and meaning.",
            discussion: """
                Examples:
                  dynsweep models
                  dynsweep models teacher_student
                """)

        @Argument(help: "Show only this model kind.")
        var kind: String?

        func run() throws {
            var types = ModelRegistry.all
            if let kind {
                guard let type = ModelRegistry.model(kind: kind) else {
                    ErrorReporting.fail(ModelError("unknown model kind \"\(kind)\"; known kinds: "
                        + ModelRegistry.kinds.joined(separator: ", ")))
                }
                types = [type]
            }
            print(types.map(describe).joined(separator: "\n\n"))
        }

        private func describe(_ type: any Model.Type) -> String {
            var lines = ["\(type.kind)", "  \(type.summary)", "  time: \(type.timeAxis.meaning)", "  parameters ([model] keys; any can be swept in [sweep]):"]
            let width = type.parameters.map(\.name.count).max() ?? 0
            for p in type.parameters {
                let name = p.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let def = p.defaultValue.map { "default \($0)" } ?? "required"
                let type = p.type.name + (p.bounds.map { " \($0)" } ?? "") + (p.allowsInfinity ? " or inf" : "")
                let unit = p.unit.map { ", in \($0)" } ?? ""
                lines.append("    \(name)  \(type), \(def)\(unit): \(p.help)")
            }
            let defaults = ParameterSet(Dictionary(uniqueKeysWithValues: type.parameters.compactMap { p in
                p.defaultValue.map { (p.name, $0) }
            }))
            if let model = try? type.init(parameters: defaults, theoryEnabled: true) {
                lines.append("  observables (stored as <name>_mean, _std, _sem): "
                    + model.observables.map(\.name).joined(separator: ", "))
                if !type.providesTheory {
                    lines.append("  theory: none (simulation only)")
                } else if !model.theoryObservables.isEmpty {
                    lines.append("  theory (stored as <name>_theory): " + model.theoryObservables.map(\.name).joined(separator: ", "))
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
