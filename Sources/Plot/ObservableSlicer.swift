import SweepDataset

/// Reads one time series out of a variable over (point, time, extra dimensions...) in
/// any axis order: the values at a given point and a fixed element of the extra
/// dimensions, for every time.
struct ObservableSlicer {
    /// The dimension the x axis runs along (the writer's record times).
    static let timeDimension = "time"

    let name: String
    let values: [Double]
    /// The variable's dimensions with their sizes, in order.
    let axes: [(name: String, size: Int)]
    /// Row-major strides of `axes`.
    let strides: [Int]

    /// Checks that `variable` is numeric, has the `along` axis (the figure's x axis) and
    /// as many values as its dimensions (sized by `dimensions`) say.
    init(_ variable: SweepResult.Variable, dimensions: [SweepResult.Dimension], along: String = timeDimension) throws {
        name = variable.name
        switch variable.values {
        case .double(let xs): values = xs
        case .int(let ns): values = ns.map { Double($0) }
        case .string: throw PlotError.malformed(variable: variable.name, reason: "it holds text, not numbers")
        }
        axes = try variable.dimensions.map { dim in
            guard let size = dimensions.first(where: { $0.name == dim })?.size else {
                throw PlotError.malformed(variable: variable.name, reason: "its dimension \(dim) is not in the file")
            }
            return (dim, size)
        }
        guard variable.dimensions.contains(along) else {
            throw along == Self.timeDimension ? PlotError.noTimeAxis(variable: variable.name)
                : PlotError.noAxis(variable: variable.name, axis: along, axes: variable.dimensions)
        }
        var strides = [Int](repeating: 1, count: axes.count)
        for axis in stride(from: axes.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * axes[axis + 1].size
        }
        self.strides = strides
        let expected = axes.reduce(1) { $0 * $1.size }
        guard values.count == expected else {
            throw PlotError.malformed(variable: variable.name,
                                      reason: "it has \(values.count) values, its dimensions say \(expected)")
        }
    }

    /// The dimensions other than `point` and `time`, in order.
    var extraAxes: [(name: String, size: Int)] {
        axes.filter { $0.name != SweepResult.pointDimension && $0.name != Self.timeDimension }
    }

    /// Values along the axis `along` (time by default) at `point` (ignored without a point
    /// axis) and at `element` of the other dimensions (by name; missing ones are 0);
    /// empty when a position is out of range.
    func series(point: Int, element: [String: Int], along: String = timeDimension) -> [Double] {
        var base = 0
        var timeStride = 0, timeCount = 0
        for (axis, entry) in axes.enumerated() {
            let position: Int
            switch entry.name {
            case along:
                timeStride = strides[axis]
                timeCount = entry.size
                continue
            case SweepResult.pointDimension: position = point
            default: position = element[entry.name] ?? 0
            }
            guard position >= 0 && position < entry.size else { return [] }
            base += position * strides[axis]
        }
        return (0..<timeCount).map { values[base + $0 * timeStride] }
    }
}
