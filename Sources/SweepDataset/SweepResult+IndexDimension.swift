extension SweepResult {
    /// The result with dimension `name` of `size` and its index coordinate 0..<size
    /// (int64) added, unless a dimension of that name exists already. Per-realization
    /// variables need a `realization` dimension declared before `writeRealizations`:
    /// `result.addingIndexDimension("realization", size: realizations)`.
    package func addingIndexDimension(_ name: String, size: Int) -> SweepResult {
        guard dimension(name) == nil else { return self }
        var copy = self
        copy.dimensions.append(Dimension(name: name, size: size))
        copy.coordinates.append(Variable(name: name, dimensions: [name], values: .int((0..<Int64(max(size, 0))).map { $0 })))
        return copy
    }
}
