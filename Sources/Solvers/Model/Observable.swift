/// One named axis of an observable beyond time (e.g. the student index of Q_ij).
public struct ObservableDimension: Sendable, Hashable {
    /// Dimension name in the output file; observables that share a name share the axis.
    public let name: String
    /// Length for this model instance; the output pads to the largest over sweep points.
    public let size: Int

    public init(_ name: String, _ size: Int) {
        self.name = name
        self.size = size
    }
}

/// A quantity a model records on the time grid, with its extra dimensions.
/// A recorded trajectory of it is `times.count * product(dims.size)` numbers, time
/// outermost, then the extra dimensions in order (row-major).
public struct ObservableSpec: Sendable, Hashable {
    public let name: String
    public let dims: [ObservableDimension]
    /// One line on what it is, with the equation it comes from; stored as an attribute.
    public let help: String

    public init(_ name: String, dims: [ObservableDimension] = [], _ help: String) {
        self.name = name
        self.dims = dims
        self.help = help
    }

    /// Numbers per time point.
    public var sizePerTime: Int { dims.reduce(1) { $0 * $1.size } }
}
