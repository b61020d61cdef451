import Foundation
import XCTest
import Solvers

/// The `Model` contract of `teacher_student`: parameter checking, the observables'
/// layout, seeding, divergence and cancellation.
final class TeacherStudentModelTests: XCTestCase {
    /// The defaults of `TeacherStudent.parameters` with `overrides` on top, as the
    /// Coordinator would build them.
    private func parameters(_ overrides: [String: ParameterValue] = [:]) -> ParameterSet {
        var values = [String: ParameterValue]()
        for spec in TeacherStudent.parameters {
            if let d = spec.defaultValue { values[spec.name] = d }
        }
        for (k, v) in overrides { values[k] = v }
        return ParameterSet(values)
    }

    private func model(_ overrides: [String: ParameterValue], theory: Bool = false) throws -> TeacherStudent {
        try TeacherStudent(parameters: parameters(overrides), theoryEnabled: theory)
    }

    func testBadParametersNameTheParameter() {
        let bad: [(String, ParameterValue, String)] = [
            ("K", .int(0), "model.K"), ("M", .int(0), "model.M"), ("N", .int(0), "model.N"),
            ("eta", .double(0), "model.eta"), ("eta", .double(-0.1), "model.eta"), ("eta", .double(.nan), "model.eta"),
            ("sigma", .double(-1), "model.sigma"), ("init_scale", .double(-1), "model.init_scale"),
            ("v_init", .double(-1), "model.v_init"), ("batch", .int(0), "model.batch"),
            ("t_max", .double(0), "model.t_max"), ("t_max", .double(.infinity), "model.t_max"),
            ("activation", .string("relu"), "model.activation"),
        ]
        for (name, value, expected) in bad {
            XCTAssertThrowsError(try model([name: value]), "\(name) = \(value)") { error in
                guard let e = error as? ModelError else { return XCTFail("\(name): not a ModelError: \(error)") }
                XCTAssertTrue(e.message.hasPrefix(expected), "\(name): message '\(e.message)'")
                XCTAssertFalse(e.message.contains("\n"), "one line")
            }
        }
        XCTAssertNoThrow(try model([:]), "the defaults are valid")
        XCTAssertNoThrow(try model(["sigma": .double(0), "init_scale": .double(0)]), "zero is allowed where >= 0")
    }

    func testEveryParameterHasADefaultAndMatchesTheSetupNames() throws {
        let names = TeacherStudent.parameters.map(\.name)
        XCTAssertEqual(names, ["N", "M", "K", "eta", "sigma", "activation", "train_second_layer", "init_scale",
                               "v_init", "batch", "t_max"])
        for spec in TeacherStudent.parameters { XCTAssertNotNil(spec.defaultValue, spec.name) }
        let setup = try TeacherStudentSetup(["N": 7, "M": 3, "K": 2, "eta": 0.1, "sigma": 0.2, "activation": "linear",
                                             "train_second_layer": true, "init_scale": 0.3, "v_init": 0.4, "batch": 5,
                                             "t_max": 9])
        XCTAssertEqual(try TeacherStudent(parameters: TeacherStudentSetup.schema.parameterSet(of: setup), theoryEnabled: false).setup,
                       setup)
        XCTAssertEqual(TeacherStudent.timeAxis.endParameter, "t_max")
    }

    func testObservablesLayout() throws {
        let scm = try model(["K": .int(3), "M": .int(2)], theory: true)
        XCTAssertEqual(scm.observables.map(\.name), ["eg", "Q", "R"])
        XCTAssertEqual(scm.observables[1].dims.map(\.name), ["student_i", "student_j"])
        XCTAssertEqual(scm.observables[2].dims, [ObservableDimension("student", 3), ObservableDimension("teacher", 2)])
        XCTAssertEqual(scm.theoryObservables, scm.observables)
        XCTAssertEqual(scm.theoryMode, .perRealization)
        let twoLayer = try model(["train_second_layer": .bool(true), "K": .int(3)])
        XCTAssertEqual(twoLayer.observables.map(\.name), ["eg", "Q", "R", "v"])
        XCTAssertEqual(twoLayer.observables[3].dims, [ObservableDimension("student", 3)])
        XCTAssertEqual(twoLayer.theoryMode, .none)
        XCTAssertEqual(twoLayer.theoryObservables, [])

        let m = try model(["N": .int(50), "K": .int(3), "M": .int(2), "train_second_layer": .bool(true),
                           "t_max": .double(2)], theory: true)
        let times = [0, 0.5, 1, 2.0]
        let out = try m.simulate(seed: RealizationSeed(runSeed: 1, point: 0, realization: 0), times: times,
                                 control: UninterruptedRun())
        for traj in [out.simulation, out.theory] {
            XCTAssertEqual([traj[.eg].count, traj[.Q].count, traj[.R].count, traj[.v].count], [4, 4 * 9, 4 * 6, 4 * 3])
            XCTAssertTrue(traj.names.allSatisfy { (traj[$0] ?? []).allSatisfy(\.isFinite) })
        }
        // At t = 0 the theory is the simulation's own initial state.
        for spec in m.observables {
            let per = spec.sizePerTime, name = ObservableName(spec.name)
            XCTAssertEqual(Array(out.simulation[name][0..<per]), Array(out.theory[name][0..<per]), spec.name)
        }
        XCTAssertGreaterThan(m.cost.flopsPerRealization, 0)
        XCTAssertGreaterThan(m.cost.bytesPerRealization, 0)
    }

    /// A realization is a pure function of (parameters, seed); the disorder is shared by
    /// sweep points (the same initial state at another point, and the same teacher rows
    /// when K changes), the online samples are not.
    func testSeedingContract() throws {
        let m = try model(["N": .int(100), "t_max": .double(3)])
        let times = [0.0, 3]
        let seed = RealizationSeed(runSeed: 9, point: 0, realization: 2)
        let a = try m.simulate(seed: seed, times: times, control: UninterruptedRun())
        let b = try m.simulate(seed: seed, times: times, control: UninterruptedRun())
        XCTAssertEqual(a.simulation, b.simulation, "reproducible")
        let other = try m.simulate(seed: RealizationSeed(runSeed: 9, point: 5, realization: 2), times: times,
                                   control: UninterruptedRun())
        XCTAssertEqual(other.simulation[.Q][0..<4], a.simulation[.Q][0..<4], "same disorder (Q at t = 0) at another point")
        XCTAssertNotEqual(other.simulation[.Q][4..<8], a.simulation[.Q][4..<8], "different samples at another point")
        let nextRealization = try m.simulate(seed: RealizationSeed(runSeed: 9, point: 0, realization: 3), times: times,
                                             control: UninterruptedRun())
        XCTAssertNotEqual(nextRealization.simulation[.Q][0..<4], a.simulation[.Q][0..<4])
        // K = 1 at another point: its one student and the teacher are the first rows of K = 2's.
        let k1 = try model(["N": .int(100), "K": .int(1), "t_max": .double(3)])
        let c = try k1.simulate(seed: RealizationSeed(runSeed: 9, point: 1, realization: 2), times: [0],
                                control: UninterruptedRun())
        XCTAssertEqual(c.simulation[.R][0..<2], a.simulation[.R][0..<2], "R_1n(0) shared across a K sweep")
    }

    /// Record times snap to whole steps: alpha = 0.0049 at N = 100 is step 0.
    func testRecordTimesSnapToSteps() throws {
        let m = try model(["N": .int(100), "t_max": .double(1)], theory: true)
        let out = try m.simulate(seed: RealizationSeed(runSeed: 3, point: 0, realization: 0), times: [0, 0.0049, 0.006],
                                 control: UninterruptedRun())
        XCTAssertEqual(out.simulation[.eg][0], out.simulation[.eg][1])
        XCTAssertNotEqual(out.simulation[.eg][1], out.simulation[.eg][2])
        XCTAssertThrowsError(try m.simulate(seed: RealizationSeed(runSeed: 3, point: 0, realization: 0),
                                            times: [0.5, 0.1], control: UninterruptedRun()))
    }

    /// A learning rate far above the linear network's stability limit (eta < 2 / K)
    /// blows the weights up: the realization stops, reports divergence and fills NaN.
    func testDivergenceStopsAndFillsNaN() throws {
        let m = try model(["N": .int(50), "activation": .string("linear"), "eta": .double(5),
                           "t_max": .double(200)], theory: true)
        let times = [0.0, 1, 100, 200]
        let out = try m.simulate(seed: RealizationSeed(runSeed: 4, point: 0, realization: 0), times: times,
                                 control: UninterruptedRun())
        XCTAssertTrue(out.diverged)
        XCTAssertTrue(out.simulation[.eg][0].isFinite)
        XCTAssertTrue(out.simulation[.eg][3].isNaN)
        XCTAssertTrue(out.simulation[.Q][(3 * 4)...].allSatisfy(\.isNaN))
        XCTAssertTrue(out.theory[.eg][3].isNaN || out.theory[.eg][3] > 1e100, "the theory diverges too")
    }

    /// `poll` is called during the run and its RunCancelled propagates.
    func testPollingAndCancellation() throws {
        final class CountingControl: RunControl {
            var polls = 0
            let limit: Int
            init(limit: Int) { self.limit = limit }
            func poll() throws {
                polls += 1
                if polls >= limit { throw RunCancelled() }
            }
        }
        let m = try model(["N": .int(100), "t_max": .double(100)])
        let control = CountingControl(limit: 5)
        XCTAssertThrowsError(try m.simulate(seed: RealizationSeed(runSeed: 1, point: 0, realization: 0),
                                            times: [0, 100], control: control)) { error in
            XCTAssertTrue(error is RunCancelled)
        }
        XCTAssertEqual(control.polls, 5)
    }
}
