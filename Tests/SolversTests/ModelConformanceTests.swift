import Solvers
import XCTest

/// The contract every registered model must keep, checked the same way for each entry of
/// `ModelRegistry.all`: a model added to the registry is covered here with no new test
/// code. Each check runs at the model's `smallExample`, so the suite takes a second.
final class ModelConformanceTests: XCTestCase {
    /// Runs `check` for every registered model, opening the existential so the check can
    /// use the model's `Setup` type.
    private func forEveryModel(_ check: (any Model.Type) throws -> Void) rethrows {
        XCTAssertFalse(ModelRegistry.all.isEmpty)
        for type in ModelRegistry.all { try check(type) }
    }

    func testDefaultsValidateAndAreTheDeclaredDefaults() throws {
        try forEveryModel { try Self.checkDefaults($0) }
    }

    func testEveryParameterIsBoundToItsOwnField() throws {
        try forEveryModel { try Self.checkBindings($0) }
    }

    func testSmallExampleRecordsEveryDeclaredObservableWithItsShape() throws {
        try forEveryModel { try Self.checkObservables($0) }
    }

    func testSameSeedIsBitIdenticalAndRealizationsDiffer() throws {
        try forEveryModel { try Self.checkReproducibility($0) }
    }

    func testTheoryReplicasAreIndependentExactlyWhenTheTheoryIsStochastic() throws {
        try forEveryModel { try Self.checkReplicas($0) }
    }

    func testCostIsPositiveAndGrowsWithEverySizeParameter() throws {
        try forEveryModel { try Self.checkCost($0) }
    }

    func testNumericParametersRefuseNaNInfinityAndOutOfRangeInOneLine() throws {
        try forEveryModel { try Self.checkRefusals($0) }
    }

    func testRenamedParametersPointToTheNewName() throws {
        try forEveryModel { try Self.checkRenames($0) }
    }

    // MARK: - The checks, generic over the model type

    private static func checkDefaults<M: Model>(_: M.Type) throws {
        _ = try M(parameters: ParameterSet(), theoryEnabled: true)
        _ = try M(parameters: ParameterSet(), theoryEnabled: false)
        let defaults = try M.Setup.defaults
        let held = M.Setup.schema.parameterSet(of: defaults)
        for spec in M.parameters {
            guard let declared = spec.defaultValue else { continue }
            XCTAssertEqual(try held.values[spec.name].map { try spec.coerce($0).get() }, try spec.coerce(declared).get(),
                           "\(M.kind).\(spec.name): the default setup does not hold the declared default")
        }
        XCTAssertNotNil(M.parameter(named: M.timeAxis.endParameter),
                        "\(M.kind): the time axis ends at an undeclared parameter \(M.timeAxis.endParameter)")
        XCTAssertEqual(Set(M.parameters.map(\.name)).count, M.parameters.count, "\(M.kind): a parameter is declared twice")
    }

    /// Changing one parameter changes its own field and no other: an initializer that
    /// reads a field through another parameter's key path fails here.
    private static func checkBindings<M: Model>(_: M.Type) throws {
        let schema = M.Setup.schema
        let base = try schema.parameterSet(of: M.Setup.defaults)
        for spec in M.parameters {
            guard let changed = alternative(to: base.values[spec.name], spec: spec) else {
                XCTFail("\(M.kind).\(spec.name): found no second valid value to test its binding")
                continue
            }
            let setup = try M.Setup(resolved: schema.resolve(base.setting(spec.name, to: changed)))
            let held = schema.parameterSet(of: setup)
            for other in M.parameters {
                let expected = other.name == spec.name ? changed : base.values[other.name]
                XCTAssertEqual(try held.values[other.name].map { try other.coerce($0).get() },
                               try expected.map { try other.coerce($0).get() },
                               "\(M.kind): setting \(spec.name) to \(changed) left \(other.name) wrong")
            }
        }
    }

    private static func checkObservables<M: Model>(_: M.Type) throws {
        for theoryEnabled in [true, false] {
            let model = try M(parameters: M.smallExample, theoryEnabled: theoryEnabled)
            let times = recordTimes(model)
            let out = try model.simulate(seed: seed(0), times: times, control: UninterruptedRun())
            XCTAssertFalse(out.diverged, "\(M.kind): the small example diverged")
            try ObservableSpec.check(out.simulation, against: model.observables, timeCount: times.count,
                                     model: M.kind, what: "simulation")
            XCTAssertTrue(model.observables.contains { $0.name == model.lossObservable },
                          "\(M.kind): the loss observable \(model.lossObservable) is not declared")
            switch model.theoryMode {
            case .none:
                XCTAssertFalse(theoryEnabled && !model.theoryObservables.isEmpty, "\(M.kind): theory on, mode none")
                XCTAssertTrue(model.theoryObservables.isEmpty, "\(M.kind): no theory mode, but theory observables")
                XCTAssertTrue(out.theory.isEmpty)
            case .perRealization:
                XCTAssertTrue(theoryEnabled, "\(M.kind): a theory runs although it is disabled")
                try ObservableSpec.check(out.theory, against: model.theoryObservables, timeCount: times.count,
                                         model: M.kind, what: "theory")
            case .perPoint, .perPointCollective:
                XCTAssertTrue(theoryEnabled, "\(M.kind): a theory runs although it is disabled")
                XCTAssertTrue(out.theory.isEmpty, "\(M.kind): a per-point theory returned per-realization values")
                let theory = try model.pointTheory(times: times, control: UninterruptedRun(), reduction: SingleParticipant())
                try ObservableSpec.check(theory, against: model.theoryObservables, timeCount: times.count,
                                         model: M.kind, what: "theory")
            }
            if theoryEnabled && M.providesTheory {
                XCTAssertNotEqual(model.theoryMode, .none, "\(M.kind): the theory is enabled but its mode is none")
            }
            if !M.providesTheory {
                XCTAssertEqual(model.theoryMode, .none, "\(M.kind): declares no theory but has a theory mode")
            }
        }
    }

    private static func checkReproducibility<M: Model>(_: M.Type) throws {
        let model = try M(parameters: M.smallExample, theoryEnabled: false)
        let times = recordTimes(model)
        let a = try model.simulate(seed: seed(0), times: times, control: UninterruptedRun()).simulation
        let b = try model.simulate(seed: seed(0), times: times, control: UninterruptedRun()).simulation
        let c = try model.simulate(seed: seed(1), times: times, control: UninterruptedRun()).simulation
        XCTAssertEqual(bits(a), bits(b), "\(M.kind): the same seed gave different output")
        XCTAssertNotEqual(bits(a), bits(c), "\(M.kind): realizations 0 and 1 gave the same output")
    }

    /// `theory.replicas` contract: a stochastic theory is per point, its replica 0 is the
    /// solve without a replica index, each replica is reproducible and replicas 0 and 1
    /// differ; a deterministic theory gives the same bits for every replica (so a model
    /// that draws its theory from streams cannot leave the replica unused unnoticed).
    private static func checkReplicas<M: Model>(_: M.Type) throws {
        let model = try M(parameters: M.smallExample, theoryEnabled: M.providesTheory)
        guard model.theoryMode == .perPoint || model.theoryMode == .perPointCollective else {
            XCTAssertFalse(model.theoryIsStochastic, "\(M.kind): only a per-point theory can be replicated")
            return
        }
        let times = recordTimes(model)
        func solve(_ replica: Int?) throws -> [String: [UInt64]] {
            let control = UninterruptedRun(), reduction = SingleParticipant()
            guard let replica else { return bits(try model.pointTheory(times: times, control: control, reduction: reduction)) }
            return bits(try model.pointTheory(times: times, control: control, reduction: reduction, replica: replica))
        }
        let plain = try solve(nil)
        XCTAssertEqual(try solve(0), plain, "\(M.kind): replica 0 is not the solve without replicas")
        if model.theoryIsStochastic {
            XCTAssertEqual(try solve(1), try solve(1), "\(M.kind): a replica is not reproducible")
            XCTAssertNotEqual(try solve(1), plain, "\(M.kind): replicas 0 and 1 drew the same streams")
        } else {
            XCTAssertEqual(try solve(1), plain, "\(M.kind): a deterministic theory depends on the replica")
        }
    }

    private static func checkCost<M: Model>(_: M.Type) throws {
        func flops(_ parameters: ParameterSet) throws -> Double {
            let cost = try M(parameters: parameters, theoryEnabled: true).cost
            return cost.flopsPerRealization + cost.flopsPerTheory
        }
        let model = try M(parameters: M.smallExample, theoryEnabled: true)
        XCTAssertGreaterThan(model.cost.flopsPerRealization, 0, "\(M.kind)")
        XCTAssertGreaterThan(model.cost.bytesPerRealization, 0, "\(M.kind)")
        let base = try M.Setup.schema.parameterSet(of: M.Setup(M.smallExample))
        let baseFlops = try flops(base)
        let sizes = M.parameters.filter(\.isSize)
        XCTAssertFalse(sizes.isEmpty, "\(M.kind) declares no size parameter")
        for spec in sizes {
            guard let value = base.values[spec.name] else { continue }
            let doubled: ParameterValue = spec.type == .int ? .int(2 * (value.intValue ?? 0)) : .double(2 * (value.doubleValue ?? 0))
            XCTAssertGreaterThan(try flops(base.setting(spec.name, to: doubled)), baseFlops,
                                 "\(M.kind): doubling \(spec.name) does not raise the cost estimate")
        }
    }

    /// NaN, infinities, values just outside the bounds and the extreme integers are
    /// refused by the setup in one line naming the parameter, and never trap.
    private static func checkRefusals<M: Model>(_: M.Type) throws {
        for spec in M.parameters where spec.type == .int || spec.type == .double {
            var bad: [ParameterValue] = [.double(.nan), .double(-.infinity)]
            if !spec.allowsInfinity { bad.append(.double(.infinity)) }
            if let b = spec.bounds {
                if let lower = b.lower { bad.append(number(b.lowerIsOpen ? lower : lower - 1, spec)) }
                if let upper = b.upper { bad.append(number(b.upperIsOpen ? upper : upper + 1, spec)) }
            }
            for value in bad {
                do {
                    _ = try M(parameters: M.smallExample.setting(spec.name, to: value), theoryEnabled: true)
                    XCTFail("\(M.kind): model.\(spec.name) = \(value) was accepted")
                } catch let error as ModelError {
                    XCTAssertTrue(error.message.contains("model.\(spec.name)"), "\(M.kind): \(error.message)")
                    XCTAssertFalse(error.message.contains("\n"), "\(M.kind): \(error.message)")
                }
            }
            if spec.type == .int {
                for extreme in [Int.max, Int.min] {
                    do {
                        _ = try M(parameters: M.smallExample.setting(spec.name, to: .int(extreme)), theoryEnabled: true)
                    } catch let error as ModelError {
                        XCTAssertFalse(error.message.contains("\n"), "\(M.kind): \(error.message)")
                    }
                }
            }
        }
    }

    private static func checkRenames<M: Model>(_: M.Type) throws {
        for (old, new) in M.renamedParameters {
            XCTAssertNotNil(M.parameter(named: new), "\(M.kind): \(old) is renamed to the undeclared \(new)")
            XCTAssertNil(M.parameter(named: old), "\(M.kind): \(old) is both declared and renamed")
            XCTAssertThrowsError(try M.Setup([old: 1])) { error in
                XCTAssertTrue("\(error)".contains("model.\(new)"), "\(M.kind): \(error)")
            }
        }
    }

    // MARK: - Helpers

    /// Start, middle and end of the model's time axis (whole steps on a discrete axis).
    private static func recordTimes(_ model: any Model) -> [Double] {
        let end = model.endTime
        let middle = type(of: model).timeAxis.isDiscrete ? (end / 2).rounded(.down) : end / 2
        return [0, middle, end]
    }

    private static func seed(_ realization: Int) -> RealizationSeed {
        RealizationSeed(runSeed: 2026, point: 0, realization: realization)
    }

    private static func bits(_ record: Trajectories) -> [String: [UInt64]] {
        Dictionary(uniqueKeysWithValues: record.names.map { ($0, (record[$0] ?? []).map(\.bitPattern)) })
    }

    private static func number(_ x: Double, _ spec: ParameterSpec) -> ParameterValue {
        spec.type == .int && abs(x) < 9e18 ? .int(Int(x)) : .double(x)
    }

    /// A valid value of `spec` other than `current`: another choice, the other boolean,
    /// a number near it within the bounds, or the list with its first element moved so.
    private static func alternative(to current: ParameterValue?, spec: ParameterSpec) -> ParameterValue? {
        switch spec.type {
        case .intList:
            guard case .intList(var items)? = current, let first = items.first,
                  case .int(let moved)? = alternative(to: .int(first), spec: scalar(spec, .int)) else { return nil }
            items[0] = moved
            return .intList(items)
        case .doubleList:
            guard case .doubleList(var items)? = current, let first = items.first,
                  case .double(let moved)? = alternative(to: .double(first), spec: scalar(spec, .double)) else { return nil }
            items[0] = moved
            return .doubleList(items)
        case .bool:
            if case .bool(let b)? = current { return .bool(!b) }
            return nil
        case .choice(let options):
            return options.first { .string($0) != current }.map(ParameterValue.string)
        case .int, .double:
            let x = current?.doubleValue ?? 0
            // An infinite default (a limit such as beta_p = inf) is tested against finite values.
            let candidates = x.isFinite ? [x + 1, x * 2, x / 2, x - 1, x + 0.5, x - 0.5] : [1, 0.5, 2]
            for candidate in candidates
            where candidate != x && spec.bounds?.contains(candidate) ?? true {
                if spec.type == .double { return .double(candidate) }
                if candidate.rounded() == candidate { return .int(Int(candidate)) }
            }
            return nil
        }
    }

    /// The spec of one element of a list parameter.
    private static func scalar(_ spec: ParameterSpec, _ type: ParameterSpec.ValueType) -> ParameterSpec {
        ParameterSpec(spec.name, type, default: nil, spec.help, bounds: spec.bounds)
    }
}
