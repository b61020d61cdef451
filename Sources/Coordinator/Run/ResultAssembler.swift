import ResultArchive
import Solvers
import SweepDataset

/// Turns per-point statistics into the labelled dataset the output file holds:
/// `X_mean`, `X_std`, `X_sem` for each simulated observable, `X_theory` (and, for a
/// theory averaged over realizations or solved as `theory.replicas` > 1 replicas,
/// `X_theory_sem`), `count` and `diverged`, over the
/// dimensions `point`, `time` and the observables' own axes. Sweep points whose
/// observables are smaller along an axis (e.g. Q when K is swept) are padded with NaN to
/// the largest size.
struct ResultAssembler {
    let contexts: PointContexts
    let times: [Double]
    let timeMeaning: String
    /// Swept parameters: name and one value per point.
    let sweptCoordinates: [(name: String, values: [ParameterValue])]
    /// `theory.replicas`: above 1, a point theory's standard error over the replicas is
    /// stored as `X_theory_sem`.
    var theoryReplicas = 1

    /// The labelled result of `stats` (every point's, identical on every rank). With
    /// `pointRows`, the (point, time, ...) observables hold only those points' rows: the
    /// share this rank writes, so that no rank builds every point's values.
    /// `targetMet` is given in a run with an error target: whether each point met it.
    func assemble(_ stats: [PointStatistics], attributes: [(String, SweepResult.Attribute)],
                  pointRows: Range<Int>? = nil, targetMet: [Bool]? = nil) -> SweepResult {
        let pointCount = contexts.count
        let rows = pointRows ?? 0..<pointCount
        let extraSizes = extraDimensionSizes()

        let dimensions = [SweepResult.Dimension(name: "point", size: pointCount),
                          SweepResult.Dimension(name: "time", size: times.count)]
        var coordinates = [
            SweepResult.Variable(name: "point", dimensions: ["point"], values: .int((0..<pointCount).map(Int64.init)),
                                 attributes: [("long_name", .string("sweep point index"))]),
            SweepResult.Variable(name: "time", dimensions: ["time"], values: .double(times),
                                 attributes: [("long_name", .string(timeMeaning))]),
        ]
        for (name, values) in sweptCoordinates {
            coordinates.append(SweepResult.Variable(name: name, dimensions: ["point"], values: Self.coordinateValues(values),
                                                    attributes: [("long_name", .string("swept model parameter \(name)"))]))
        }

        var data: [SweepResult.Variable] = []
        for spec in observableUnion(\.simulation) {
            let dims = ["point", "time"] + spec.dims.map(\.name)
            let mean = gather(spec, stats, rows: rows, layout: \.simulation) { $0.simulation.result.mean }
            let std = gather(spec, stats, rows: rows, layout: \.simulation) { $0.simulation.result.std }
            let sem = gather(spec, stats, rows: rows, layout: \.simulation) { $0.simulation.result.sem }
            data.append(.init(name: spec.name + "_mean", dimensions: dims, values: .double(mean),
                              attributes: [("long_name", .string("mean over realizations of " + spec.help))],
                              pointRows: pointRows))
            data.append(.init(name: spec.name + "_std", dimensions: dims, values: .double(std),
                              attributes: [("long_name", .string("standard deviation over realizations of " + spec.name))],
                              pointRows: pointRows))
            data.append(.init(name: spec.name + "_sem", dimensions: dims, values: .double(sem),
                              attributes: [("long_name", .string("standard error of the mean of " + spec.name))],
                              pointRows: pointRows))
        }
        for spec in observableUnion(\.realizationTheory) {
            let dims = ["point", "time"] + spec.dims.map(\.name)
            let mean = gather(spec, stats, rows: rows, layout: \.realizationTheory) { $0.theory.result.mean }
            let sem = gather(spec, stats, rows: rows, layout: \.realizationTheory) { $0.theory.result.sem }
            data.append(.init(name: spec.name + "_theory", dimensions: dims, values: .double(mean),
                              attributes: [("long_name", .string("theory, averaged over the realizations' disorder: "
                                  + spec.help))],
                              pointRows: pointRows))
            data.append(.init(name: spec.name + "_theory_sem", dimensions: dims, values: .double(sem),
                              attributes: [("long_name", .string("standard error of the disorder average of the theory of "
                                  + spec.name))],
                              pointRows: pointRows))
        }
        for spec in observableUnion(\.pointTheory) {
            let dims = ["point", "time"] + spec.dims.map(\.name)
            let values = gather(spec, stats, rows: rows, layout: \.pointTheory) { $0.pointTheory }
            data.append(.init(name: spec.name + "_theory", dimensions: dims, values: .double(values),
                              attributes: [("long_name", .string((theoryReplicas > 1
                                  ? "theory, mean over \(theoryReplicas) replicas: " : "theory: ") + spec.help))],
                              pointRows: pointRows))
            if theoryReplicas > 1 {
                let sem = gather(spec, stats, rows: rows, layout: \.pointTheory) { $0.pointTheorySEM }
                data.append(.init(name: spec.name + "_theory_sem", dimensions: dims, values: .double(sem),
                                  attributes: [("long_name", .string("standard error over the \(theoryReplicas) "
                                      + "theory replicas of the theory of \(spec.name) (0 where the theory is "
                                      + "deterministic)"))],
                                  pointRows: pointRows))
            }
        }
        data.append(.init(name: "count", dimensions: ["point"], values: .int(stats.map { Int64($0.simulation.count) }),
                          attributes: [("long_name", .string("realizations in the means (diverged ones excluded)"))]))
        data.append(.init(name: "diverged", dimensions: ["point"], values: .int(stats.map { Int64($0.diverged) }),
                          attributes: [("long_name", .string("realizations whose simulation diverged (non-finite, or loss "
                              + "above run.diverge_above), kept out of the X_mean"))]))
        if let targetMet {
            data.append(.init(name: "realizations_used", dimensions: ["point"],
                              values: .int(stats.map { Int64($0.simulation.count + $0.diverged) }),
                              attributes: [("long_name", .string("realizations run at the point, diverged ones included: "
                                  + "rounds of blocks until run.target_sem was met or run.max_realizations reached"))]))
            data.append(.init(name: "target_met", dimensions: ["point"], values: .int(targetMet.map { $0 ? 1 : 0 }),
                              attributes: [("long_name", .string("1 if the SEM of the target observable met the run's "
                                  + "target at every record time, 0 if run.max_realizations stopped the point first"))]))
        }
        if contexts.contains(where: { $0.realizationTheory.length + $0.pointTheory.length > 0 }) {
            data.append(.init(name: "theory_diverged", dimensions: ["point"],
                              values: .int(zip(contexts, stats).map { Int64(Self.theoryDiverged($0, $1)) }),
                              attributes: [("long_name", .string("theory per realization: realizations whose theory "
                                  + "diverged (non-finite), kept out of X_theory; theory per point: 1 if it failed or "
                                  + "diverged (its loss is not finite), else 0"))]))
        }
        var result = SweepResult(dimensions: dimensions, coordinates: coordinates, data: data, attributes: attributes)
        result = DimensionCoordinates(contexts: contexts, sizes: extraSizes).apply(to: result)
        for (name, size) in extraSizes { result = result.addingIndexDimension(name, size: size) }
        return result
    }

    /// `theory_diverged` of one point: realizations left out of the theory mean, or
    /// whether the point's theory loss has a non-finite value. A function of the
    /// reduced statistics only, so a resumed run gives the same number.
    static func theoryDiverged(_ context: PointContext, _ stats: PointStatistics) -> Int {
        if context.realizationTheory.length > 0 {
            return stats.simulation.count + stats.diverged - stats.theory.count
        }
        guard let range = context.pointTheory.range(of: context.lossObservable),
              stats.pointTheory.count == context.pointTheory.length else { return 0 }
        return stats.pointTheory[range].allSatisfy(\.isFinite) ? 0 : 1
    }

    /// Every realization's trajectories as per-realization variables over (point,
    /// realization, time, extra...): `X_realizations` for the simulation and
    /// `X_theory_realizations` for a per-realization theory. `outcomes` are this rank's;
    /// each rank writes its own rows.
    func realizationVariables(_ outcomes: [BlockOutcome]) -> [RealizationVariable] {
        var variables: [RealizationVariable] = []
        let groups: [(KeyPath<PointContext, PointLayout>, String, Int)] = [
            (\.simulation, "_realizations", 0), (\.realizationTheory, "_theory_realizations", 1),
        ]
        for (layout, suffix, part) in groups {
            for spec in observableUnion(layout) {
                var blocks: [RealizationRows.Block] = []
                let rowLength = times.count * spec.sizePerTime
                for case .realizations(let o) in outcomes where !o.rows.isEmpty {
                    let c = contexts[o.point]
                    let l = c[keyPath: layout]
                    var values = [Double](repeating: .nan, count: o.rows.count * rowLength)
                    if let i = l.specs.firstIndex(where: { $0.name == spec.name }) {
                        // A row is the simulation vector followed by the theory vector.
                        let start = (part == 0 ? 0 : c.simulation.length) + l.offsets[i]
                        let own = l.specs[i]
                        for (r, row) in o.rows.enumerated() {
                            ObservablePadding.copy(row[start..<(start + times.count * own.sizePerTime)],
                                                   ownDims: own.dims.map(\.size), paddedDims: spec.dims.map(\.size),
                                                   timeCount: times.count, into: &values, at: r * rowLength)
                        }
                    }
                    blocks.append(.init(point: o.point, firstRealization: o.firstRealization, count: o.rows.count,
                                        values: values))
                }
                variables.append(RealizationVariable(
                    name: spec.name + suffix, dimensions: ["point", "realization", "time"] + spec.dims.map(\.name),
                    attributes: [("long_name", .string("every realization's \(part == 0 ? "" : "theory of ")\(spec.name)"))],
                    rows: RealizationRows(blocks: blocks)))
            }
        }
        return variables
    }

    /// Largest size of each extra dimension over all points and observables, in order of
    /// first appearance.
    private func extraDimensionSizes() -> [(String, Int)] {
        var order: [String] = []
        var sizes: [String: Int] = [:]
        for c in contexts.distinct {  // first appearance first, as over every point
            for spec in c.simulation.specs + c.realizationTheory.specs + c.pointTheory.specs {
                for d in spec.dims {
                    if sizes[d.name] == nil { order.append(d.name) }
                    sizes[d.name] = max(sizes[d.name] ?? 0, d.size)
                }
            }
        }
        return order.map { ($0, sizes[$0] ?? 0) }
    }

    /// Observables present at any point (by name, first appearance first), with the
    /// dimensions at their largest.
    private func observableUnion(_ layout: KeyPath<PointContext, PointLayout>) -> [ObservableSpec] {
        let sizes = Dictionary(uniqueKeysWithValues: extraDimensionSizes())
        var seen: Set<String> = []
        var specs: [ObservableSpec] = []
        for c in contexts.distinct {  // first appearance first, as over every point
            for spec in c[keyPath: layout].specs where !seen.contains(spec.name) {
                seen.insert(spec.name)
                specs.append(ObservableSpec(spec.name, dims: spec.dims.map { .init($0.name, sizes[$0.name] ?? $0.size) },
                                            spec.help))
            }
        }
        return specs
    }

    /// The padded (point, time, extra...) array of one observable over the points `rows`,
    /// NaN where a point lacks the observable or is smaller along an axis.
    private func gather(_ padded: ObservableSpec, _ stats: [PointStatistics], rows: Range<Int>,
                        layout: KeyPath<PointContext, PointLayout>, values: (PointStatistics) -> [Double]) -> [Double] {
        let perPoint = times.count * padded.sizePerTime
        var out = [Double](repeating: .nan, count: rows.count * perPoint)
        for point in rows {
            let l = contexts[point][keyPath: layout]
            guard let i = l.specs.firstIndex(where: { $0.name == padded.name }) else { continue }
            let own = l.specs[i]
            let source = values(stats[point])
            guard source.count == l.length else { continue }
            let start = l.offsets[i]
            ObservablePadding.copy(source[start..<(start + times.count * own.sizePerTime)],
                                   ownDims: own.dims.map(\.size), paddedDims: padded.dims.map(\.size),
                                   timeCount: times.count, into: &out, at: (point - rows.lowerBound) * perPoint)
        }
        return out
    }

    /// A swept parameter's values as a coordinate: integers, reals, or strings (booleans
    /// become the integers 0 and 1).
    static func coordinateValues(_ values: [ParameterValue]) -> SweepResult.Values {
        if values.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            return .int(values.map { Int64($0.intValue ?? 0) })
        }
        if values.allSatisfy({ $0.doubleValue != nil }) { return .double(values.map { $0.doubleValue ?? .nan }) }
        if values.allSatisfy({ if case .bool = $0 { return true } else { return false } }) {
            return .int(values.map { if case .bool(true) = $0 { return 1 } else { return 0 } })
        }
        return .string(values.map { if case .string(let s) = $0 { return s } else { return $0.description } })
    }
}
