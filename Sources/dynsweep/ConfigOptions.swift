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

    /// The validated config.
    func load() throws -> RunConfig {
        try RunConfig.load(path: config, overrides: overrides)
    }
}
