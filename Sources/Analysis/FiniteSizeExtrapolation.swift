import SweepDataset

/// `dynsweep extrapolate` (issue 15, item 1): for a swept size parameter (N, D, width...),
/// fits every observable X, at every other sweep coordinate, record time and element, as
/// X(size) = a + b/size (+ c/size^2 at order 2) by weighted least squares with the SEMs
/// (`InverseSizeFit`), and returns a result over the sweep grid without the size axis:
/// `X_extrapolated` (a), `X_extrapolated_sem`, `X_extrapolated_chi2dof`, and the theory
/// beside them, `X_theory` (and `X_theory_sem`): the theory of the same value at every size
/// when it does not depend on the size (bit for bit, as an infinite-size theory such as a
/// DMFT does not), otherwise the theory at the largest size (a per-realization theory of
/// finite-size disorder), as the variable's attribute `extrapolation_theory` says.
///
/// The grid is read from the point coordinates alone: the points that share every other
/// swept coordinate form one fit. A parameter zipped with the size (it changes with it) is
/// refused, as the fit would extrapolate it too.
package enum FiniteSizeExtrapolation {
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package let description: String
        package init(_ description: String) { self.description = description }
    }

    /// What was done, for the command's one-line report.
    package struct Summary: Sendable, Equatable {
        package let observables: [String]
        package let sizes: [Double]
        package let points: Int
        /// Values (cells) that came out NaN: a NaN mean or SEM, or exact values beside noisy ones.
        package let nanCells: Int
    }

    /// The observables with a mean and an SEM among `variableNames`.
    package static func observables(among variableNames: [String]) -> [String] {
        let names = Set(variableNames)
        return variableNames.compactMap { name in
            guard name.hasSuffix("_mean") else { return nil }
            let x = String(name.dropLast("_mean".count))
            return names.contains(x + "_sem") ? x : nil
        }
    }

    /// The variables `extrapolate` reads for `observables`.
    package static func variables(for observables: [String], among variableNames: [String]) -> [String] {
        let names = Set(variableNames)
        return observables.flatMap { x in
            ["\(x)_mean", "\(x)_sem", "\(x)_theory", "\(x)_theory_sem"].filter(names.contains)
        }
    }

    /// The extrapolated result; `result` holds at least the `variables(for:among:)` of
    /// `observables`.
    package static func extrapolate(_ result: SweepResult, size: String, order: Int, observables: [String])
        throws -> (result: SweepResult, summary: Summary) {
        guard order == 1 || order == 2 else { throw Failure("--order must be 1 or 2, not \(order)") }
        guard !observables.isEmpty else {
            throw Failure("the file has no observable with a mean and an SEM (X_mean, X_sem) to extrapolate")
        }
        let pointDim = SweepResult.pointDimension
        let points = result.dimension(pointDim)?.size ?? 0
        let swept = result.coordinates.filter { $0.dimensions == [pointDim] && $0.name != pointDim }
        guard let sizeCoordinate = swept.first(where: { $0.name == size }) else {
            let names = swept.map(\.name)
            throw Failure("\(size) is not swept in this file (swept: \(names.isEmpty ? "nothing" : names.joined(separator: ", "))); "
                + "sweep it, e.g. [sweep] \(size) = [100, 200, 400], to extrapolate in it")
        }
        let sizes: [Double]
        switch sizeCoordinate.values {
        case .double(let v): sizes = v
        case .int(let v): sizes = v.map(Double.init)
        case .string: throw Failure("\(size) is not a number, so it cannot be extrapolated to infinity")
        }
        guard sizes.count == points, sizes.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw Failure("\(size) must be a positive number at every point to fit in 1/\(size)")
        }
        let others = swept.filter { $0.name != size }
        let distinctSizes = Array(Set(sizes)).sorted()
        let needed = InverseSizeFit.parameterCount(order: order)
        guard distinctSizes.count >= needed else {
            throw Failure("order \(order) fits \(needed) parameters (\(model(size: size, order: order))) and needs at least "
                + "\(needed) values of \(size); the file has \(distinctSizes.count) (\(list(distinctSizes))): sweep more sizes"
                + (order == 2 ? " or use --order 1" : ""))
        }
        let keys = others.map { key(of: $0) }
        if let partner = others.indices.first(where: { zipped(keys[$0], with: sizes) }) {
            throw Failure("\(others[partner].name) changes with \(size) (they are zipped in the sweep), so the fit would "
                + "extrapolate it too; sweep \(size) on its own axis")
        }
        // Groups of points sharing every other coordinate, in order of first appearance.
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        for point in 0..<points {
            let k = keys.map { $0[point] }.joined(separator: "\u{1}")
            if let g = groupOf[k] { groups[g].append(point) } else {
                groupOf[k] = groups.count
                groups.append([point])
            }
        }
        for g in groups.indices {
            groups[g].sort { sizes[$0] < sizes[$1] }
            guard groups[g].map({ sizes[$0] }) == distinctSizes else {
                throw Failure("the points do not form a grid in \(size): every other sweep coordinate needs the same "
                    + "values of \(size) (\(list(distinctSizes)))")
            }
        }

        var data: [SweepResult.Variable] = []
        var nanCells = 0
        let fitText = "\(model(size: size, order: order)), weighted least squares over \(size) = \(list(distinctSizes))"
        for x in observables {
            let mean = try variable(result, "\(x)_mean")
            let sem = try variable(result, "\(x)_sem")
            guard mean.dimensions.first == pointDim, sem.dimensions == mean.dimensions,
                  let meanValues = doubles(mean), let semValues = doubles(sem), meanValues.count == semValues.count,
                  points > 0, meanValues.count % points == 0 else {
                throw Failure("\(x)_mean and \(x)_sem are not numbers over (point, ...) of one shape: not a dynsweep result")
            }
            let cells = meanValues.count / points
            var value = [Double](), error = [Double](), chi2 = [Double]()
            value.reserveCapacity(groups.count * cells)
            for group in groups {
                for cell in 0..<cells {
                    let fit = InverseSizeFit.fit(sizes: distinctSizes, values: group.map { meanValues[$0 * cells + cell] },
                                                 sems: group.map { semValues[$0 * cells + cell] }, order: order)
                    if fit.intercept.isNaN { nanCells += 1 }
                    value.append(fit.intercept)
                    error.append(fit.interceptSEM)
                    chi2.append(fit.chi2PerDegreeOfFreedom)
                }
            }
            let dims = mean.dimensions
            data.append(.init(name: "\(x)_extrapolated", dimensions: dims, values: .double(value),
                              attributes: [("long_name", .string("\(x) extrapolated to \(size) -> infinity: a of \(fitText)"))]))
            data.append(.init(name: "\(x)_extrapolated_sem", dimensions: dims, values: .double(error),
                              attributes: [("long_name", .string("standard error of \(x)_extrapolated, from the fit's covariance"))]))
            data.append(.init(name: "\(x)_extrapolated_chi2dof", dimensions: dims, values: .double(chi2),
                              attributes: [("long_name", .string("chi^2 per degree of freedom of the fit of \(x) "
                                  + "(NaN with as many sizes as parameters)"))]))
            data += try theory(result, observable: x, groups: groups, points: points, cells: cells, dims: dims,
                               size: size, largest: distinctSizes.last ?? .nan)
        }

        let keptDimensions = Set(data.flatMap(\.dimensions))
        let dimensions = result.dimensions.compactMap { d -> SweepResult.Dimension? in
            guard keptDimensions.contains(d.name) else { return nil }
            return d.name == pointDim ? .init(name: pointDim, size: groups.count) : d
        }
        var coordinates: [SweepResult.Variable] = []
        for c in result.coordinates where Set(c.dimensions).isSubset(of: keptDimensions) {
            if c.name == pointDim {
                coordinates.append(.init(name: pointDim, dimensions: [pointDim], values: .int((0..<Int64(groups.count)).map { $0 }),
                                         attributes: c.attributes))
            } else if c.dimensions == [pointDim] {
                guard c.name != size else { continue }
                coordinates.append(.init(name: c.name, dimensions: [pointDim], values: pick(c.values, groups.map { $0[0] }),
                                         attributes: c.attributes))
            } else if !c.dimensions.contains(pointDim) {
                coordinates.append(c)
            }
        }
        if !coordinates.contains(where: { $0.name == pointDim }) {
            coordinates.insert(.init(name: pointDim, dimensions: [pointDim], values: .int((0..<Int64(groups.count)).map { $0 })), at: 0)
        }
        let attributes: [(String, SweepResult.Attribute)] = [
            ("extrapolated_size", .string(size)),
            ("extrapolation_order", .int(Int64(order))),
            ("extrapolation_sizes", .doubles(distinctSizes)),
            ("extrapolation_model", .string(model(size: size, order: order))),
        ]
        let extrapolated = SweepResult(dimensions: dimensions, coordinates: coordinates, data: data, attributes: attributes)
        return (extrapolated, Summary(observables: observables, sizes: distinctSizes, points: groups.count, nanCells: nanCells))
    }

    /// "X(D) = a + b/D" or "X(D) = a + b/D + c/D^2".
    package static func model(size: String, order: Int) -> String {
        "X(\(size)) = a + b/\(size)" + (order == 2 ? " + c/\(size)^2" : "")
    }

    // MARK: Pieces

    /// X_theory (and X_theory_sem) per group: its value where it is the same at every size,
    /// else at the largest size (the last of each sorted group).
    private static func theory(_ result: SweepResult, observable x: String, groups: [[Int]], points: Int, cells: Int,
                               dims: [String], size: String, largest: Double) throws -> [SweepResult.Variable] {
        guard let theory = result.data.first(where: { $0.name == "\(x)_theory" }), theory.dimensions == dims,
              let theoryValues = doubles(theory), theoryValues.count == points * cells else { return [] }
        let theorySem = result.data.first { $0.name == "\(x)_theory_sem" && $0.dimensions == dims }.flatMap(doubles)
            .flatMap { $0.count == points * cells ? $0 : nil }
        func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
        let independent = groups.allSatisfy { group in
            (0..<cells).allSatisfy { cell in
                let first = group[0] * cells + cell
                return group.allSatisfy { point in
                    let i = point * cells + cell
                    return same(theoryValues[i], theoryValues[first]) && (theorySem.map { same($0[i], $0[first]) } ?? true)
                }
            }
        }
        let source = groups.map { $0.last ?? 0 }
        let note = independent ? "the same at every \(size) (the theory does not depend on \(size))"
            : "at the largest \(size), \(format(largest)) (the theory depends on \(size); it is not extrapolated)"
        func rows(_ values: [Double]) -> [Double] { source.flatMap { values[($0 * cells)..<(($0 + 1) * cells)] } }
        var out: [SweepResult.Variable] = [
            .init(name: "\(x)_theory", dimensions: dims, values: .double(rows(theoryValues)),
                  attributes: theory.attributes.filter { $0.0 != "extrapolation_theory" } + [("extrapolation_theory", .string(note))]),
        ]
        if let theorySem {
            out.append(.init(name: "\(x)_theory_sem", dimensions: dims, values: .double(rows(theorySem)),
                             attributes: [("extrapolation_theory", .string(note))]))
        }
        return out
    }

    /// Whether a coordinate's values are a function of the size that takes more than one value.
    private static func zipped(_ values: [String], with sizes: [Double]) -> Bool {
        guard Set(values).count > 1 else { return false }
        var at: [Double: String] = [:]
        for (v, s) in zip(values, sizes) {
            if let seen = at[s], seen != v { return false }
            at[s] = v
        }
        return true
    }

    /// Exact text keys of a coordinate's values (doubles by bit pattern).
    private static func key(of coordinate: SweepResult.Variable) -> [String] {
        switch coordinate.values {
        case .double(let v): return v.map { "d\($0.bitPattern)" }
        case .int(let v): return v.map { "i\($0)" }
        case .string(let v): return v.map { "s" + $0 }
        }
    }

    private static func pick(_ values: SweepResult.Values, _ rows: [Int]) -> SweepResult.Values {
        switch values {
        case .double(let v): return .double(rows.map { v[$0] })
        case .int(let v): return .int(rows.map { v[$0] })
        case .string(let v): return .string(rows.map { v[$0] })
        }
    }

    private static func variable(_ result: SweepResult, _ name: String) throws -> SweepResult.Variable {
        guard let v = result.data.first(where: { $0.name == name }) else { throw Failure("the file has no \(name)") }
        return v
    }

    private static func doubles(_ v: SweepResult.Variable) -> [Double]? {
        switch v.values {
        case .double(let d): return d
        case .int(let i): return i.map(Double.init)
        case .string: return nil
        }
    }

    private static func list(_ sizes: [Double]) -> String { sizes.map(format).joined(separator: ", ") }

    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
