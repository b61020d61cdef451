import Solvers
@testable import SweepConfig
import XCTest

/// List parameters (gated_rnn's `lags` and `coefficients`): set in `[model]` as TOML
/// arrays, swept as lists of lists, checked element by element, written back exactly.
final class ConfigListParameterTests: XCTestCase {
    /// A model with an integer list (each element >= 1) and a real list (any finite value).
    struct ListModel: ConfigOnlyModel {
        struct Setup: DeclaredSetup {
            var lags: [Int], weights: [Double], T: Int

            static let schema = ParameterSchema<Self>([
                .intList("lags", \.lags, default: [1, 2], bounds: .atLeast(1), "lags"),
                .doubleList("weights", \.weights, default: [0.5], "weights"),
                .int("T", \.T, default: 1000, bounds: .atLeast(1), "steps"),
            ])

            init(resolved p: ResolvedParameters<Self>) throws {
                lags = try p[\.lags]
                weights = try p[\.weights]
                T = try p[\.T]
            }

            func checkCombination() throws {}
        }

        static let kind = "lists"
        static let summary = "A model with list parameters."
        static let timeAxis = TimeAxis(meaning: "steps", endParameter: "T", isDiscrete: true)
        static let smallExample = ParameterSet()

        let setup: Setup
        init(setup: Setup, theoryEnabled: Bool) throws { self.setup = setup }
        var endTime: Double { Double(setup.T) }
    }

    private func load(_ body: String, set overrides: [String] = []) throws -> RunConfig {
        try RunConfig(toml: "[model]\nkind = \"lists\"\n" + body, fileName: "test.toml", overrides: overrides,
                      models: [ListModel.self])
    }

    private func message(_ body: String, set overrides: [String] = []) -> String {
        do {
            _ = try load(body, set: overrides)
            XCTFail("expected a ConfigError for \(body)")
            return ""
        } catch {
            XCTAssertFalse("\(error)".contains("\n"), "message spans lines: \(error)")
            return "\(error)"
        }
    }

    func testListsInTheModelSectionReachThePointAndTheDefaultsFillTheRest() throws {
        let c = try load("lags = [3, 7, 30]\nweights = [1, -0.25]")
        let p = c.point(0).parameters.values
        XCTAssertEqual(p["lags"], .intList([3, 7, 30]))
        XCTAssertEqual(p["weights"], .doubleList([1, -0.25]), "an integer element of a real list is a real")
        XCTAssertEqual(try ListModel.Setup(c.point(0).parameters).lags, [3, 7, 30])
        XCTAssertEqual(try load("").point(0).parameters.values["lags"], .intList([1, 2]))
    }

    func testASweepOfAListIsAListOfListsAndLabelsEachPoint() throws {
        let c = try load("[sweep]\nlags = [[1], [2, 4]]")
        XCTAssertEqual(c.pointCount, 2)
        XCTAssertEqual(c.point(1).parameters.values["lags"], .intList([2, 4]))
        XCTAssertEqual(c.point(1).label, "lags=[2, 4]")
    }

    func testTheResolvedConfigWritesListsBackExactly() throws {
        let c = try load("lags = [3, 7]\nweights = [0.1, 1e-300]")
        let again = try RunConfig(toml: c.resolvedTOML, fileName: "resolved.toml", overrides: [],
                                  models: [ListModel.self])
        XCTAssertEqual(again.point(0).parameters.values["weights"], .doubleList([0.1, 1e-300]))
        XCTAssertEqual(again.point(0).parameters.values["lags"], .intList([3, 7]))
    }

    func testOverridesSetAndSweepLists() throws {
        XCTAssertEqual(try load("", set: ["model.lags=[5, 6]"]).point(0).parameters.values["lags"], .intList([5, 6]))
        XCTAssertEqual(try load("lags = [1]", set: ["sweep.lags=[[1], [9]]"]).pointCount, 2)
    }

    func testBadListsGetOneLineNamingTheElement() {
        assertContains(message("lags = [1, 0]"), "model.lags (element 2) = 0 is out of range", ">= 1")
        assertContains(message("lags = [1, 2.5]"), "model.lags (element 2) must be an integer")
        assertContains(message("lags = []"), "model.lags is an empty list")
        assertContains(message("lags = 3"), "model.lags must be a list of integers", "[a, b, ...]")
        assertContains(message("weights = [1, \"x\"]"), "model.weights (element 2) must be a real number")
        assertContains(message("weights = [nan]"), "finite")
        assertContains(message("[sweep]\nlags = [1, 2]"), "a sweep of it is a list of lists")
        assertContains(message("[sweep]\nlags = { linear = [1, 3, 3] }"), "a range needs a numeric parameter")
        let long = "lags = [" + Array(repeating: "1", count: ParameterSpec.maxListLength + 1).joined(separator: ", ") + "]"
        assertContains(message(long), "at most \(ParameterSpec.maxListLength)")
    }
}
