import Solvers
import SweepDataset

/// The coordinates of the observables' own axes (a lag grid, a bin grid): when every
/// point that has the axis gives it the same values, they become the axis's coordinate
/// variable (so xarray labels `envelope[lag]` by the lags); when points differ (e.g. a
/// swept `max_lag`), the axis keeps its index coordinate and `<axis>_value[point, axis]`
/// holds each point's values, NaN-padded. Axes declared without coordinates are indexes.
struct DimensionCoordinates {
    /// Coordinate variables for axes on which all points agree.
    var shared: [SweepResult.Variable] = []
    /// Per-point `<axis>_value` data variables for axes on which they differ.
    var perPoint: [SweepResult.Variable] = []

    init(contexts: PointContexts, sizes: [(String, Int)]) {
        for (name, size) in sizes {
            var byContext: [[Double]?] = []
            var meaning: String?
            for c in contexts.distinct {
                let dim = (c.simulation.specs + c.realizationTheory.specs + c.pointTheory.specs)
                    .lazy.flatMap(\.dims).first { $0.name == name }
                byContext.append(dim?.coordinates)
                meaning = meaning ?? dim?.meaning
            }
            let given = byContext.compactMap { $0 }
            guard let first = given.first else { continue }
            let attributes: [(String, SweepResult.Attribute)] = [("long_name", .string(meaning ?? name))]
            if given.count == byContext.count, given.allSatisfy({ $0 == first }), first.count == size {
                shared.append(.init(name: name, dimensions: [name], values: .double(first), attributes: attributes))
                continue
            }
            var values = [Double](repeating: .nan, count: contexts.count * size)
            for point in 0..<contexts.count {
                let c = contexts[point]
                guard let coords = (c.simulation.specs + c.realizationTheory.specs + c.pointTheory.specs)
                    .lazy.flatMap(\.dims).first(where: { $0.name == name })?.coordinates else { continue }
                for (i, x) in coords.prefix(size).enumerated() { values[point * size + i] = x }
            }
            perPoint.append(.init(name: name + "_value", dimensions: ["point", name], values: .double(values),
                                  attributes: [("long_name", .string((meaning ?? name) + ", at each point"))]))
        }
    }

    /// `result` with the shared coordinates as the axes' coordinate variables and the
    /// per-point values as data.
    func apply(to result: SweepResult) -> SweepResult {
        var copy = result
        for variable in shared {
            guard copy.dimension(variable.name) == nil else { continue }
            copy.dimensions.append(SweepResult.Dimension(name: variable.name, size: variable.values.count))
            copy.coordinates.append(variable)
        }
        copy.data += perPoint
        return copy
    }
}
