import MPIShim

extension ResultReader {
    /// The part of the file a figure of one observable needs, as a `SweepResult`: all
    /// dimensions and (1-D, small) coordinates, the root attributes, and only the
    /// observable's `_mean`, `_sem` and `_theory` plus `diverged`. Files written with
    /// `--keep-realizations` can be large; this never reads the per-realization data.
    package func plotData(options: SweepPlotOptions) throws -> SweepResult {
        let summary = try summary()
        let names = summary.dataVariables.map(\.name)
        let observable = try SweepPlotOptions.chooseObservable(
            requested: options.observable, available: SweepPlotOptions.observables(in: names), path: path)
        let wanted = ["_mean", "_sem", "_theory"].map { observable + $0 } + ["diverged"]

        let attributesFile = try HDF5File.openForReading(path: path)
        defer { try? attributesFile.close() }
        func variable(_ entry: DatasetSummary.Variable) throws -> SweepResult.Variable {
            let dataset = try attributesFile.openDataset(entry.name)
            defer { try? dataset.close() }
            let attributes = try dataset.attributes.names()
                .filter { !ResultLayout.reservedAttributes.contains($0) }
                .compactMap { name in try dataset.attributes.read(name).map { (name, SweepResult.Attribute($0)) } }
            return SweepResult.Variable(name: entry.name, dimensions: entry.dimensions,
                                        values: try readValues(entry.name), attributes: attributes)
        }
        return SweepResult(
            dimensions: summary.dimensions,
            coordinates: try summary.coordinates.filter { $0.dimensions.count == 1 }.map(variable),
            data: try summary.dataVariables.filter { wanted.contains($0.name) }.map(variable),
            attributes: summary.attributes)
    }
}
