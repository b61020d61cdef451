import Solvers
@testable import SweepConfig
import XCTest

/// A small model for the config tests, so they do not depend on any real model's
/// parameters: N int, eta real, K int (required), activation choice, flag bool and the
/// end-time parameter t_max. Its setup checks ranges like a real model's.
struct FakeModel: ConfigOnlyModel {
    enum Activation: String, Sendable, CaseIterable { case erf, relu, linear }

    struct Setup: DeclaredSetup {
        var N: Int, eta: Double, K: Int, activation: Activation, flag: Bool, tMax: Double

        static let schema = ParameterSchema<Self>([
            .int("N", \.N, default: 100, bounds: .atLeast(1), "input dimension"),
            .double("eta", \.eta, default: 0.1, bounds: .positive, "learning rate"),
            .int("K", \.K, default: nil, bounds: .atLeast(-1e6), "student hidden units"),
            .choice("activation", \.activation, default: .erf, "activation g"),
            .bool("flag", \.flag, default: false, "a switch"),
            .double("t_max", \.tMax, default: 10, "final time"),
        ])

        init(resolved p: ResolvedParameters<Self>) throws {
            N = try p[\.N]
            eta = try p[\.eta]
            K = try p[\.K]
            activation = try p[\.activation]
            flag = try p[\.flag]
            tMax = try p[\.tMax]
        }

        func checkCombination() throws {
            guard K >= 1 else { throw ModelError("model.K = \(K): the student needs at least one hidden unit") }
        }
    }

    static let kind = "fake"
    static let summary = "A model that only checks its parameters."
    static let timeAxis = TimeAxis(meaning: "alpha", endParameter: "t_max", isDiscrete: false)
    static let smallExample: ParameterSet = ["K": 1]

    let setup: Setup
    init(setup: Setup, theoryEnabled: Bool) throws { self.setup = setup }

    var endTime: Double { setup.tMax }
}

/// A model whose time counts whole steps (`steps`, scaled by `scale`), for the discrete
/// record grids and the check that all points share one end time.
struct DiscreteFakeModel: ConfigOnlyModel {
    struct Setup: DeclaredSetup {
        var steps: Int, scale: Int, lr: Double

        static let schema = ParameterSchema<Self>([
            .int("steps", \.steps, default: 200, bounds: .atLeast(0), "number of steps"),
            .int("scale", \.scale, default: 1, bounds: .atLeast(0), "multiplies the number of steps"),
            .double("lr", \.lr, default: 0.5, "learning rate"),
        ])

        init(resolved p: ResolvedParameters<Self>) throws {
            steps = try p[\.steps]
            scale = try p[\.scale]
            lr = try p[\.lr]
        }

        func checkCombination() throws {}
    }

    static let kind = "fake_discrete"
    static let summary = "A model with an integer time axis."
    static let timeAxis = TimeAxis(meaning: "steps", endParameter: "steps", isDiscrete: true)
    static let smallExample = ParameterSet()

    let setup: Setup
    init(setup: Setup, theoryEnabled: Bool) throws { self.setup = setup }

    var endTime: Double { Double(setup.steps * setup.scale) }
}

/// A model that exists only for its parameters: it records nothing and has no theory.
protocol ConfigOnlyModel: Model {}

extension ConfigOnlyModel {
    var observables: [ObservableSpec] { [] }
    var theoryObservables: [ObservableSpec] { [] }
    var theoryMode: TheoryMode { .none }
    var lossObservable: String { "loss" }
    var cost: CostEstimate { CostEstimate(flopsPerRealization: 1, bytesPerRealization: 1) }
    func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        RealizationOutput(simulation: Trajectories())
    }
}

/// The model list the tests resolve `model.kind` against.
let fakeModels: [any Model.Type] = [FakeModel.self, DiscreteFakeModel.self]

/// Parses `toml` against the fake models.
func config(_ toml: String, set overrides: [String] = [], file: String? = "test.toml") throws -> RunConfig {
    try RunConfig(toml: toml, fileName: file, overrides: overrides, models: fakeModels)
}

/// The one-line error that parsing `toml` throws (fails the test if it succeeds or
/// throws something else, or if the message spans lines).
func configError(_ toml: String, set overrides: [String] = [], file: String? = "test.toml",
                 line: UInt = #line) -> String {
    do {
        _ = try RunConfig(toml: toml, fileName: file, overrides: overrides, models: fakeModels)
        XCTFail("expected a ConfigError", line: line)
        return ""
    } catch {
        XCTAssertFalse(error.description.contains("\n"), "message spans lines: \(error)", line: line)
        return error.description
    }
}

/// Asserts `text` contains every fragment.
func assertContains(_ text: String, _ fragments: String..., line: UInt = #line) {
    for fragment in fragments {
        XCTAssertTrue(text.contains(fragment), "\"\(text)\" does not contain \"\(fragment)\"", line: line)
    }
}

/// A minimal valid config for the fake model, plus `extra` lines.
func minimal(_ extra: String = "") -> String {
    """
    [model]
    kind = "fake"
    K = 2
    \(extra)
    """
}
