@testable import Analysis
import SweepDataset
import XCTest

/// `dynsweep compare`'s verdicts (issue 15, item 3) on results built with known errors:
/// a theory within its standard errors passes, one shifted by 10 SEM fails, and the
/// place, count and NaN handling are as stated.
final class TheoryComparisonTests: XCTestCase {
    /// Two points, 5 times, an observable with a 2-element axis; the mean is the theory
    /// plus `offset(point, time, element)` SEMs, with sem 0.1 and theory SEM `theorySem`.
    private func result(theorySem: Double? = nil, offset: (Int, Int, Int) -> Double) -> SweepResult {
        let points = 2, times = 5, elements = 2, sem = 0.1
        var mean: [Double] = [], sems: [Double] = [], theory: [Double] = [], theorySems: [Double] = []
        for p in 0..<points {
            for t in 0..<times {
                for e in 0..<elements {
                    let th = 1.0 / Double(1 + t) + Double(p + e)
                    let scale = (sem * sem + (theorySem ?? 0) * (theorySem ?? 0)).squareRoot()
                    theory.append(th)
                    mean.append(th + offset(p, t, e) * scale)
                    sems.append(sem)
                    theorySems.append(theorySem ?? 0)
                }
            }
        }
        let dims = ["point", "time", "k"]
        var data = [SweepResult.Variable(name: "X_mean", dimensions: dims, values: .double(mean)),
                    SweepResult.Variable(name: "X_sem", dimensions: dims, values: .double(sems)),
                    SweepResult.Variable(name: "X_theory", dimensions: dims, values: .double(theory))]
        if theorySem != nil {
            data.append(SweepResult.Variable(name: "X_theory_sem", dimensions: dims, values: .double(theorySems)))
        }
        return SweepResult(
            dimensions: [.init(name: "point", size: points), .init(name: "time", size: times), .init(name: "k", size: elements)],
            coordinates: [.init(name: "point", dimensions: ["point"], values: .int([0, 1])),
                          .init(name: "time", dimensions: ["time"], values: .double([0, 1, 2, 3, 4])),
                          .init(name: "k", dimensions: ["k"], values: .int([0, 1])),
                          .init(name: "eta", dimensions: ["point"], values: .double([0.5, 1.5]))],
            data: data, attributes: [])
    }

    func testAMatchingTheoryIsWithinAndAShiftedOneIsNot() throws {
        let matching = try TheoryComparison.verdicts(result { p, t, e in [0.5, -1.2, 2.1][(p + t + e) % 3] },
                                                     observables: ["X"], threshold: 4)
        XCTAssertEqual(matching.count, 2)
        XCTAssertTrue(matching.allSatisfy(\.isWithin))
        XCTAssertEqual(matching[0].maxZ, 2.1, accuracy: 1e-9)

        // Point 1 shifted by 10 SEM at one time and element: that point fails there, point 0 passes.
        let shifted = try TheoryComparison.verdicts(result { p, t, e in p == 1 && t == 3 && e == 1 ? 10 : 0.3 },
                                                    observables: ["X"], threshold: 4)
        XCTAssertTrue(shifted[0].isWithin)
        XCTAssertFalse(shifted[1].isWithin)
        XCTAssertEqual(shifted[1].maxZ, 10, accuracy: 1e-9)
        XCTAssertEqual(shifted[1].time, 3)
        XCTAssertEqual(shifted[1].element, [1])
        XCTAssertEqual(shifted[1].beyond, 1)
        XCTAssertEqual(shifted[1].compared, 10)
        XCTAssertEqual(shifted[1].fractionBeyond, 0.1, accuracy: 1e-15)
    }

    /// The theory's own SEM enters the denominator: a gap of 10 combined errors, with the
    /// theory's SEM as large as the simulation's, is 10 sqrt 2 simulation SEMs.
    func testTheorySEMWidensTheError() throws {
        let r = result(theorySem: 0.1) { _, t, _ in t == 2 ? 10 : 0 }
        let v = try TheoryComparison.verdicts(r, observables: ["X"], threshold: 4)
        XCTAssertEqual(v[0].maxZ, 10, accuracy: 1e-9)
        var withoutTheorySEM = r
        withoutTheorySEM.data.removeAll { $0.name == "X_theory_sem" }
        let simulationOnly = try TheoryComparison.verdicts(withoutTheorySEM, observables: ["X"], threshold: 4)
        XCTAssertEqual(simulationOnly[0].maxZ, 10 * 2.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(TheoryComparison.variables(for: ["X"], among: r.data.map(\.name)),
                       ["X_mean", "X_sem", "X_theory", "X_theory_sem"])
    }

    func testNaNsAreSkippedAndZeroErrorsAreExact() throws {
        var r = result { _, _, _ in 0 }
        if case .double(var mean) = r.data[0].values {
            mean[0] = .nan
            mean[1] += 1e-3
            r.data[0].values = .double(mean)
        }
        if case .double(var sem) = r.data[1].values {
            sem[1] = 0
            r.data[1].values = .double(sem)
        }
        let v = try TheoryComparison.verdicts(r, observables: ["X"], threshold: 4)
        XCTAssertEqual(v[0].skipped, 1)
        XCTAssertEqual(v[0].maxZ, .infinity, "a difference with no error bar is beyond any threshold")
        XCTAssertFalse(v[0].isWithin)
        XCTAssertTrue(v[1].isWithin)
    }

    func testOnlyObservablesWithMeanSEMAndTheoryAreComparable() {
        XCTAssertEqual(TheoryComparison.comparableObservables(among: ["eg_mean", "eg_sem", "eg_theory", "Q_mean",
                                                                      "Q_sem", "R_theory", "count"]), ["eg"])
        XCTAssertEqual(TheoryComparison.sweptParameters(result { _, _, _ in 0 }, point: 1).map(\.value), ["1.5"])
    }

    func testABadThresholdOrAMissingVariableIsOneLine() {
        XCTAssertThrowsError(try TheoryComparison.verdicts(result { _, _, _ in 0 }, observables: ["X"], threshold: 0))
        XCTAssertThrowsError(try TheoryComparison.verdicts(result { _, _, _ in 0 }, observables: ["Y"], threshold: 4)) {
            XCTAssertEqual(($0 as? TheoryComparison.Failure)?.description, "the file has no Y_mean")
        }
    }
}
