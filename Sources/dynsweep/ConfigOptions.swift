import ArgumentParser
import Coordinator
import SweepConfig

/// The config file and its command-line overrides, shared by run, plan and validate.
struct ConfigOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The TOML config file (see docs/config.md).", valueName: "config"))
    var config: String

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a config key, e.g. --set model.N=500, --set run.realizations=64, "
                + "--set sweep.K=[1,2]. A --set on a swept parameter replaces its sweep. Repeatable.",
                valueName: "key=value"))
    var overrides: [String] = []

    /// The config, checked but for the models of the sweep points after the first: every
    /// command that loads it builds a `SweepPlan`, which builds and checks each point's
    /// model once (a million-point sweep would otherwise build each twice).
    func load() throws -> RunConfig {
        try RunConfig.load(path: config, overrides: overrides, checkingEveryPoint: false)
    }
}
