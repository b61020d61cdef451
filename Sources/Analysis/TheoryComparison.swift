import SweepDataset

/// The verdicts of a result file: every observable X that has `X_mean`, `X_sem` (or
/// `X_extrapolated`, `X_extrapolated_sem` from `dynsweep extrapolate`) and
/// `X_theory` (and `X_theory_sem` when the theory was averaged over realizations),
/// compared at every sweep point (issue 15, item 3).
package enum TheoryComparison {
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package let description: String
        package init(_ description: String) { self.description = description }
    }

    /// The observables of `variableNames` that have a theory beside their mean and SEM.
    package static func comparableObservables(among variableNames: [String]) -> [String] {
        let names = Set(variableNames)
        return variableNames.compactMap { name -> String? in
            guard name.hasSuffix("_theory") else { return nil }
            let observable = String(name.dropLast("_theory".count))
            return simulationNames(for: observable, among: names) != nil ? observable : nil
        }
    }

    /// The simulation's value and error of `observable`: `X_extrapolated` and
    /// `X_extrapolated_sem` in a file of `dynsweep extrapolate` (which has no `X_mean`; the
    /// extrapolation is preferred when both are there), else `X_mean` and `X_sem`.
    package static func simulationNames(for observable: String, among names: Set<String>) -> (value: String, sem: String)? {
        for (value, sem) in [("\(observable)_extrapolated", "\(observable)_extrapolated_sem"),
                             ("\(observable)_mean", "\(observable)_sem")]
        where names.contains(value) && names.contains(sem) {
            return (value, sem)
        }
        return nil
    }

    /// The variables `verdicts` reads for `observables`.
    package static func variables(for observables: [String], among variableNames: [String]) -> [String] {
        let names = Set(variableNames)
        return observables.flatMap { x in
            (simulationNames(for: x, among: names).map { [$0.value, $0.sem] } ?? [])
                + ["\(x)_theory", "\(x)_theory_sem"].filter(names.contains)
        }
    }

    /// One verdict per (point, observable), points in order, observables in `observables`' order.
    package static func verdicts(_ result: SweepResult, observables: [String], threshold: Double) throws -> [TheoryVerdict] {
        guard threshold > 0, threshold.isFinite else {
            throw Failure("the threshold must be a positive number of standard errors, not \(threshold)")
        }
        let times = try timeCoordinate(result)
        let points = result.dimension(SweepResult.pointDimension)?.size ?? 1
        var perObservable: [[TheoryVerdict]] = []
        let names = Set(result.data.map(\.name))
        for x in observables {
            guard let simulation = simulationNames(for: x, among: names) else { throw Failure("the file has no \(x)_mean") }
            let mean = try grid(result, simulation.value)
            let sem = try grid(result, simulation.sem, like: mean)
            let theory = try grid(result, "\(x)_theory", like: mean)
            let theorySem = try result.data.contains { $0.name == "\(x)_theory_sem" }
                ? grid(result, "\(x)_theory_sem", like: mean) : nil
            guard mean.dimensions.prefix(2) == [SweepResult.pointDimension, "time"] else {
                throw Failure("\(x)_mean is over \(mean.dimensions), not (point, time, ...): not a dynsweep result")
            }
            perObservable.append((0..<points).map { point in
                verdict(point: point, observable: x, times: times, mean: mean, sem: sem, theory: theory,
                        theorySem: theorySem, threshold: threshold)
            })
        }
        return (0..<points).flatMap { p in perObservable.map { $0[p] } }
    }

    /// A numeric variable with its shape.
    struct Grid {
        let dimensions: [String]
        let shape: [Int]
        let values: [Double]
    }

    private static func grid(_ result: SweepResult, _ name: String, like reference: Grid? = nil) throws -> Grid {
        guard let variable = result.data.first(where: { $0.name == name }) else {
            throw Failure("the file has no \(name)")
        }
        let values: [Double]
        switch variable.values {
        case .double(let v): values = v
        case .int(let v): values = v.map(Double.init)
        case .string: throw Failure("\(name) holds text, not numbers")
        }
        let shape = try variable.dimensions.map { dim in
            guard let size = result.dimension(dim)?.size else { throw Failure("\(name)'s dimension \(dim) is not in the file") }
            return size
        }
        guard values.count == shape.reduce(1, *) else {
            throw Failure("\(name) has \(values.count) values, its dimensions say \(shape.reduce(1, *))")
        }
        if let reference, reference.dimensions != variable.dimensions {
            throw Failure("\(name) is over \(variable.dimensions), its mean over \(reference.dimensions)")
        }
        return Grid(dimensions: variable.dimensions, shape: shape, values: values)
    }

    private static func timeCoordinate(_ result: SweepResult) throws -> [Double] {
        guard let time = result.coordinates.first(where: { $0.name == "time" }) else {
            throw Failure("the file has no time coordinate: not a dynsweep result")
        }
        switch time.values {
        case .double(let v): return v
        case .int(let v): return v.map(Double.init)
        case .string: throw Failure("the time coordinate holds text")
        }
    }

    private static func verdict(point: Int, observable: String, times: [Double], mean: Grid, sem: Grid, theory: Grid,
                                theorySem: Grid?, threshold: Double) -> TheoryVerdict {
        let perPoint = mean.shape.dropFirst().reduce(1, *)
        let perTime = mean.shape.dropFirst(2).reduce(1, *)
        var maxZ = 0.0, at = -1, compared = 0, beyond = 0, skipped = 0
        for cell in 0..<perPoint {
            let i = point * perPoint + cell
            let difference = abs(mean.values[i] - theory.values[i])
            let variance = sem.values[i] * sem.values[i] + (theorySem.map { $0.values[i] * $0.values[i] } ?? 0)
            guard difference.isFinite, !variance.isNaN else {
                skipped += 1
                continue
            }
            let z = difference == 0 ? 0 : difference / variance.squareRoot()
            compared += 1
            if z > threshold { beyond += 1 }
            if z > maxZ || at < 0 {
                maxZ = z
                at = cell
            }
        }
        var element: [Int] = []
        if at >= 0 {
            var rest = at % perTime
            for size in mean.shape.dropFirst(2).reversed() {
                element.insert(rest % size, at: 0)
                rest /= size
            }
        }
        let timeIndex = at >= 0 ? at / perTime : 0
        return TheoryVerdict(point: point, observable: observable, maxZ: maxZ,
                             time: timeIndex < times.count ? times[timeIndex] : .nan, element: element,
                             compared: compared, beyond: beyond, skipped: skipped, threshold: threshold)
    }
}

extension TheoryComparison {
    /// The swept parameters of `point` as (name, value) text: the coordinates over the
    /// point dimension alone, other than the point index.
    package static func sweptParameters(_ result: SweepResult, point: Int) -> [(name: String, value: String)] {
        result.coordinates.compactMap { c in
            guard c.dimensions == [SweepResult.pointDimension], c.name != SweepResult.pointDimension,
                  point < c.values.count else { return nil }
            switch c.values {
            case .double(let v): return (c.name, "\(v[point])")
            case .int(let v): return (c.name, "\(v[point])")
            case .string(let v): return (c.name, v[point])
            }
        }
    }
}
