import Solvers
@testable import SweepConfig
import XCTest

/// A small model for the config tests, so they do not depend on any real model's
/// parameters: N int, eta real, K int (required), activation choice, flag bool and the
/// end-time parameter t_max. Its initializer checks ranges like a real model.
struct FakeModel: Model {
    static let kind = "fake"
    static let summary = "A model that only checks its parameters."
    static let parameters: [ParameterSpec] = [
        ParameterSpec("N", .int, default: .int(100), "input dimension"),
        ParameterSpec("eta", .double, default: .double(0.1), "learning rate"),
        ParameterSpec("K", .int, default: nil, "student hidden units"),
        ParameterSpec("activation", .choice(["erf", "relu", "linear"]), default: .string("erf"), "activation g"),
        ParameterSpec("flag", .bool, default: .bool(false), "a switch"),
        ParameterSpec("t_max", .double, default: .int(10), "final time"),
    ]
    static let timeAxis = TimeAxis(meaning: "alpha", endParameter: "t_max", isDiscrete: false)

    let endTime: Double

    init(parameters: ParameterSet, theoryEnabled: Bool) throws {
        let k = try parameters.int("K")
        guard k >= 1 else { throw ModelError("model.K = \(k): the student needs at least one hidden unit") }
        guard try parameters.int("N") >= 1 else { throw ModelError("model.N must be at least 1") }
        guard try parameters.double("eta") > 0 else { throw ModelError("model.eta must be > 0") }
        _ = try parameters.string("activation")
        _ = try parameters.bool("flag")
        endTime = try parameters.double("t_max")
    }

    var observables: [ObservableSpec] { [] }
    var theoryObservables: [ObservableSpec] { [] }
    var theoryMode: TheoryMode { .none }
    var lossObservable: String { "loss" }
    var cost: CostEstimate { CostEstimate(flopsPerRealization: 1, bytesPerRealization: 1) }
    func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        RealizationOutput(simulation: [])
    }
}

/// A model whose time counts whole steps (`steps`, scaled by `scale`), for the discrete
/// record grids and the check that all points share one end time.
struct DiscreteFakeModel: Model {
    static let kind = "fake_discrete"
    static let summary = "A model with an integer time axis."
    static let parameters: [ParameterSpec] = [
        ParameterSpec("steps", .int, default: .int(200), "number of steps"),
        ParameterSpec("scale", .int, default: .int(1), "multiplies the number of steps"),
        ParameterSpec("lr", .double, default: .double(0.5), "learning rate"),
    ]
    static let timeAxis = TimeAxis(meaning: "steps", endParameter: "steps", isDiscrete: true)

    let endTime: Double

    init(parameters: ParameterSet, theoryEnabled: Bool) throws {
        endTime = Double(try parameters.int("steps") * parameters.int("scale"))
    }

    var observables: [ObservableSpec] { [] }
    var theoryObservables: [ObservableSpec] { [] }
    var theoryMode: TheoryMode { .none }
    var lossObservable: String { "loss" }
    var cost: CostEstimate { CostEstimate(flopsPerRealization: 1, bytesPerRealization: 1) }
    func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        RealizationOutput(simulation: [])
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
