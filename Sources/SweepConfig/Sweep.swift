import Solvers

/// One axis of the sweep grid: a single swept parameter, or a `[[sweep.zip]]` group of
/// parameters that take their values together (`values[i]` holds one value per entry of
/// `parameters`, in the same order).
package struct SweepAxis: Sendable, Equatable {
    /// The parameters this axis moves (one, or several for a zip group).
    package let parameters: [String]
    /// The axis steps: `values[step][k]` is the value of `parameters[k]` at that step.
    package let values: [[ParameterValue]]

    package init(parameters: [String], values: [[ParameterValue]]) {
        self.parameters = parameters
        self.values = values
    }

    /// Number of steps along the axis.
    package var count: Int { values.count }
}

/// One point of the sweep grid: its index (the `point` coordinate of the output and
/// the `point` word of its random streams) and its complete parameters.
package struct SweepPoint: Sendable {
    /// Position in the row-major grid (last axis fastest), 0-based.
    package let index: Int
    /// Every model parameter at this point (fixed values and swept values).
    package let parameters: ParameterSet
    /// The swept parameters' values, in axis order (a zip group's in its order).
    package let swept: [(name: String, value: ParameterValue)]

    package init(index: Int, parameters: ParameterSet, swept: [(name: String, value: ParameterValue)]) {
        self.index = index
        self.parameters = parameters
        self.swept = swept
    }

    /// `K=2, eta=0.5` (or `single point` when nothing is swept), for messages and logs.
    package var label: String {
        swept.isEmpty ? "single point" : swept.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
    }
}

/// The cartesian product of sweep axes over fixed base parameters.
enum SweepGrid {
    /// Number of points, or nil if it overflows `Int`. No axes: one point.
    static func count(_ axes: [SweepAxis]) -> Int? {
        var total = 1
        for axis in axes {
            let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The point at `index` of the row-major grid (last axis fastest).
    static func point(_ index: Int, axes: [SweepAxis], base: [String: ParameterValue]) -> SweepPoint {
        var parameters = base
        var swept: [(name: String, value: ParameterValue)] = []
        var remainder = index
        var steps = [Int](repeating: 0, count: axes.count)
        for a in axes.indices.reversed() {
            let n = max(axes[a].count, 1)
            steps[a] = remainder % n
            remainder /= n
        }
        for (axis, step) in zip(axes, steps) {
            for (name, value) in zip(axis.parameters, axis.values[step]) {
                parameters[name] = value
                swept.append((name, value))
            }
        }
        return SweepPoint(index: index, parameters: ParameterSet(parameters), swept: swept)
    }
}
