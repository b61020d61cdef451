/// One named axis of an observable beyond time (e.g. the student index of Q_ij, or the
/// lag of an envelope f(l)).
public struct ObservableDimension: Sendable, Hashable {
    /// Dimension name in the output file; observables that share a name share the axis.
    public let name: String
    /// Length for this model instance; the output pads to the largest over sweep points.
    public let size: Int
    /// The coordinate of each index (e.g. the lags of a lag grid), or nil for a plain
    /// index 0..<size. The output writes it as the dimension's coordinate when every
    /// point agrees, else per point as `<name>_value`.
    public let coordinates: [Double]?
    /// What the coordinate measures (its `long_name`), e.g. "lag l in time steps".
    public let meaning: String?

    public init(_ name: String, _ size: Int) {
        self.name = name
        self.size = size
        coordinates = nil
        meaning = nil
    }

    /// An axis whose indices stand for `coordinates` (its size is their count).
    public init(_ name: String, coordinates: [Double], meaning: String) {
        self.name = name
        size = coordinates.count
        self.coordinates = coordinates
        self.meaning = meaning
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
