@testable import Coordinator
import Solvers
import XCTest

/// A point's record is matched to the model's declaration by name: the layout flattens it
/// in the declared order whatever order the model built it in, and a missing, extra or
/// mis-sized observable is a `ModelContractViolation` (an internal error) naming the model
/// and the observable.
final class PointLayoutTests: XCTestCase {
    private let specs = [
        ObservableSpec("loss", "a scalar"),
        ObservableSpec("Q", dims: [ObservableDimension("i", 2)], "a vector of two"),
    ]

    private func layout() -> PointLayout { PointLayout(specs: specs, timeCount: 3) }

    func testFlattensInDeclaredOrderWhateverTheRecordOrder() throws {
        let record: Trajectories = ["Q": [10, 11, 12, 13, 14, 15], "loss": [1, 2, 3]]
        XCTAssertEqual(try layout().flatten(record, model: "m", what: "simulation"), [1, 2, 3, 10, 11, 12, 13, 14, 15])
        XCTAssertEqual(layout().range(of: "Q"), 3..<9)
    }

    func testMissingExtraAndMisSizedObservablesAreInternalErrorsNamingThem() {
        let cases: [(Trajectories, String)] = [
            (["loss": [1, 2, 3]], "\"Q\" but did not record it"),
            (["loss": [1, 2, 3], "Q": [1, 2, 3, 4, 5, 6], "R": [0, 0, 0]], "\"R\", which it does not declare"),
            (["loss": [1, 2, 3], "Q": [1, 2, 3]], "\"Q\" has 3 values, but its declared shape needs 3 times x 2"),
        ]
        for (record, fragment) in cases {
            XCTAssertThrowsError(try layout().flatten(record, model: "my_model", what: "simulation")) { error in
                guard let violation = error as? ModelContractViolation else {
                    return XCTFail("expected an internal error, got \(error)")
                }
                XCTAssertTrue(violation.description.contains("model my_model"), violation.description)
                XCTAssertTrue(violation.description.contains(fragment), violation.description)
                XCTAssertTrue(violation.description.hasPrefix("internal error"), violation.description)
            }
        }
    }
}
