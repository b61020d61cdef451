@testable import Coordinator
import SweepDataset
import SweepStatistics
import XCTest

/// The assembler on a K = 1, 2, 3 teacher_student sweep: Q (student_i, student_j) and
/// R (student, teacher) are stored at the largest K, a smaller point's values in the
/// top-left corner of each time (K = 1: Q[0, 0] and R[0, :]) and NaN everywhere else.
final class ResultAssemblerTests: XCTestCase {
    private let ks = [1, 2, 3]

    private func plan() throws -> SweepPlan {
        try CoordinatorTestSupport.plan(
            CoordinatorTestSupport.teacherStudent(sweep: "K = [1, 2, 3]", realizations: 2, blocks: 1, points: 4))
    }

    private func assembler(_ plan: SweepPlan) -> ResultAssembler {
        ResultAssembler(contexts: plan.contexts, times: plan.times, timeMeaning: "alpha",
                        sweptCoordinates: [("K", ks.map { .int($0) })])
    }

    /// A recognizable value for entry `i` of point `point`'s flat vector.
    private func value(point: Int, _ i: Int, theory: Bool = false) -> Double {
        Double((theory ? 50_000 : 0) + 1000 * (point + 1) + i)
    }

    /// Statistics of one realization per point whose flat vectors hold `value(point:_:)`.
    private func statistics(_ plan: SweepPlan) -> [PointStatistics] {
        plan.contexts.enumerated().map { point, c in
            var simulation = MomentAccumulator(length: c.simulation.length)
            simulation.add((0..<c.simulation.length).map { value(point: point, $0) })
            var theory = MomentAccumulator(length: c.realizationTheory.length)
            theory.add((0..<c.realizationTheory.length).map { value(point: point, $0, theory: true) })
            return PointStatistics(simulation: simulation, theory: theory, pointTheory: [], diverged: 0)
        }
    }

    private func doubles(_ result: SweepResult, _ name: String) throws -> [Double] {
        let variable = try XCTUnwrap(result.data.first { $0.name == name }, "no \(name)")
        guard case .double(let values) = variable.values else {
            XCTFail("\(name) is not numeric")
            return []
        }
        return values
    }

    /// Checks a 2-D observable `name` stored as (point, time, rows 3, cols `cols`): the
    /// point's own K x `ownCols(K)` entries in its corner, NaN around them. `stored` is
    /// the variable's values, `own(point, t, i, j)` what the point recorded.
    private func assertPadded(_ stored: [Double], name: String, times: Int, cols: Int, ownCols: (Int) -> Int,
                              own: (Int, Int, Int, Int) -> Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(stored.count, ks.count * times * 3 * cols, name, file: file, line: line)
        for (point, k) in ks.enumerated() {
            for t in 0..<times {
                for i in 0..<3 {
                    for j in 0..<cols {
                        let x = stored[((point * times + t) * 3 + i) * cols + j]
                        let at = "\(name)[point \(point), t \(t), \(i), \(j)]"
                        if i < k && j < ownCols(k) {
                            XCTAssertEqual(x, own(point, t, i, j), at, file: file, line: line)
                        } else {
                            XCTAssertTrue(x.isNaN, "\(at) = \(x) should be NaN padding", file: file, line: line)
                        }
                    }
                }
            }
        }
    }

    func testSmallerPointIsPaddedWithNaN() throws {
        let plan = try plan()
        let times = plan.times.count
        let result = assembler(plan).assemble(statistics(plan), attributes: [])
        XCTAssertEqual(result.dimensions.map(\.name), ["point", "time", "student_i", "student_j", "student", "teacher"])
        XCTAssertEqual(result.dimensions.map(\.size), [3, times, 3, 3, 3, 2])

        let ks = self.ks
        func own(_ name: String, theory: Bool) -> (Int, Int, Int, Int) -> Double {
            { point, t, i, j in
                let c = plan.contexts[point]
                let layout = theory ? c.realizationTheory : c.simulation
                let cols = name == "Q" ? ks[point] : 2
                let start = layout.range(of: name)?.lowerBound ?? -1
                return self.value(point: point, start + (t * ks[point] + i) * cols + j, theory: theory)
            }
        }
        assertPadded(try doubles(result, "Q_mean"), name: "Q_mean", times: times, cols: 3, ownCols: { $0 },
                     own: own("Q", theory: false))
        assertPadded(try doubles(result, "R_mean"), name: "R_mean", times: times, cols: 2, ownCols: { _ in 2 },
                     own: own("R", theory: false))
        assertPadded(try doubles(result, "Q_theory"), name: "Q_theory", times: times, cols: 3, ownCols: { $0 },
                     own: own("Q", theory: true))

        // eg is a scalar: every point has all of it.
        let eg = try doubles(result, "eg_mean")
        for point in 0..<3 {
            let start = try XCTUnwrap(plan.contexts[point].simulation.range(of: "eg")).lowerBound
            XCTAssertEqual(Array(eg[(point * times)..<((point + 1) * times)]),
                           (0..<times).map { value(point: point, start + $0) })
        }
        // One realization: a mean, but no spread.
        XCTAssertTrue(try doubles(result, "Q_std").allSatisfy(\.isNaN))
        XCTAssertEqual(result.data.first { $0.name == "count" }?.values, .int([1, 1, 1]))
    }

    /// A rank's share (`pointRows`) holds exactly those rows of the whole result's
    /// (point, time, ...) variables, and the per-point ones stay whole.
    func testPointRowsAreTheRowsOfTheWholeResult() throws {
        let plan = try plan()
        let stats = statistics(plan)
        let whole = assembler(plan).assemble(stats, attributes: [])
        for rows in [0..<1, 1..<3, 2..<3, 3..<3] {
            let part = assembler(plan).assemble(stats, attributes: [], pointRows: rows)
            XCTAssertEqual(part.dimensions, whole.dimensions)
            XCTAssertEqual(part.coordinates, whole.coordinates)
            XCTAssertEqual(part.data.map(\.name), whole.data.map(\.name))
            for (p, w) in zip(part.data, whole.data) {
                guard w.dimensions.count > 1 else {
                    XCTAssertEqual(p, w, "\(w.name) over points only is whole")
                    continue
                }
                XCTAssertEqual(p.pointRows, rows, w.name)
                let perPoint = w.values.count / plan.pointCount
                let all = try doubles(whole, w.name), mine = try doubles(part, w.name)
                XCTAssertEqual(mine.count, rows.count * perPoint, w.name)
                XCTAssertTrue(zip(mine, all[(rows.lowerBound * perPoint)..<(rows.upperBound * perPoint)])
                    .allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(w.name) rows \(rows)")
            }
        }
    }

    /// --keep-realizations rows are padded the same way, per realization.
    func testRealizationRowsArePaddedWithNaN() throws {
        let plan = try plan()
        let times = plan.times.count
        let blocks = (0..<3).map { CoordinatorTestSupport.block(plan, point: $0, block: 0, rows: true) }
        let variables = assembler(plan).realizationVariables(blocks.map { .realizations($0) })
        let q = try XCTUnwrap(variables.first { $0.name == "Q_realizations" })
        XCTAssertEqual(q.dimensions, ["point", "realization", "time", "student_i", "student_j"])
        XCTAssertEqual(Set(variables.map(\.name)).isSuperset(of: ["eg_realizations", "Q_theory_realizations"]), true)

        let small = try XCTUnwrap(q.rows.blocks.first { $0.point == 0 })
        XCTAssertEqual(small.count, 2)
        let qStart = try XCTUnwrap(plan.contexts[0].simulation.range(of: "Q")).lowerBound
        for r in 0..<2 {
            for t in 0..<times {
                let cell = Array(small.values[((r * times + t) * 9)..<((r * times + t + 1) * 9)])
                XCTAssertEqual(cell[0], blocks[0].rows[r][qStart + t], "realization \(r), time \(t)")
                XCTAssertTrue(cell.dropFirst().allSatisfy(\.isNaN), "K = 1 has only Q[0, 0]: \(cell)")
            }
        }
        let large = try XCTUnwrap(q.rows.blocks.first { $0.point == 2 })
        XCTAssertFalse(large.values.contains { $0.isNaN }, "K = 3 fills the padded shape")
    }
}
