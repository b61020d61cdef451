import ArgumentParser
import Coordinator
import ResultArchive

extension Dynsweep {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a config (syntax, names, types, ranges at every sweep point) without running it.",
            discussion: """
                Exits 0 and prints a one-line summary when the config is valid; otherwise prints one \
                line saying what is wrong and exits 2.

                Example:
                  dynsweep validate examples/quickstart.toml --set model.K=3
                """)

        @OptionGroup var config: ConfigOptions

        func run() throws {
            do {
                let runConfig = try config.load()
                // Every point's model, built and checked once and not kept (nor the work items).
                let plan = try SweepPlan(config: runConfig, listingWork: false)
                // The output path is checked as `run` will check it, except that a file
                // already there is `run`'s business (--force, --resume).
                try ResultDestination(path: runConfig.output ?? "\(runConfig.name).h5").checkPath(inputs: [config.config])
                print("\(config.config): valid (\(plan.config.modelKind), \(plan.pointCount) point(s) x "
                    + "\(plan.config.realizations) realization(s)"
                    + (plan.config.target.map { " in the first round, up to \($0.maxRealizations) under the error target" } ?? "")
                    + ", \(plan.times.count) record times)")
            } catch {
                ErrorReporting.fail(error)
            }
        }
    }
}
