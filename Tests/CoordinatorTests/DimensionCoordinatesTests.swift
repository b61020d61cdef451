@testable import Coordinator
import SweepDataset
import XCTest

/// An observable axis with values (gated_rnn's lag grid): one coordinate variable when
/// every point has the same values, per-point `lag_value` when a sweep changes them.
final class DimensionCoordinatesTests: XCTestCase {
    private func plan(_ sweep: String) throws -> SweepPlan {
        try CoordinatorTestSupport.plan("""
            [run]
            name = "lags"
            realizations = 1
            [model]
            kind = "gated_rnn"
            T = 16
            epochs = 2
            lag_points = 4
            \(sweep.contains("max_lag") ? "" : "max_lag = 8")
            [sweep]
            \(sweep)
            [record]
            points = 3
            """)
    }

    private func result(_ plan: SweepPlan) -> SweepResult {
        let base = SweepResult(dimensions: [], coordinates: [], data: [], attributes: [])
        let sizes = [("lag", 4), ("neuron", 16)]
        return DimensionCoordinates(contexts: plan.contexts, sizes: sizes).apply(to: base)
    }

    func testSharedLagsBecomeTheAxisCoordinate() throws {
        let r = result(try plan("lr = [0.001, 0.01]"))
        let lag = try XCTUnwrap(r.coordinates.first { $0.name == "lag" })
        XCTAssertEqual(lag.values, .double([1, 2, 4, 8]))
        XCTAssertTrue(lag.attributes.contains { $0.0 == "long_name" })
        XCTAssertNil(r.coordinates.first { $0.name == "neuron" }, "an axis without values is left to the index")
        XCTAssertTrue(r.data.isEmpty)
    }

    func testLagsThatDifferBetweenPointsAreStoredPerPoint() throws {
        let r = result(try plan("max_lag = [8, 12]"))
        XCTAssertNil(r.coordinates.first { $0.name == "lag" })
        let values = try XCTUnwrap(r.data.first { $0.name == "lag_value" })
        XCTAssertEqual(values.dimensions, ["point", "lag"])
        XCTAssertEqual(values.values, .double([1, 2, 4, 8, 1, 2, 5, 12]))
    }
}
