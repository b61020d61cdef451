extension SweepResult {
    /// The dimension of sweep points, which every sweep result has: the writer splits
    /// variables over ranks along it, and a figure draws one line per point along it.
    package static let pointDimension = "point"
}
