import MPIShim
import SweepDataset

extension ResultWriter {
    /// Writes the root attributes, creates every dataset with its attributes, marks the
    /// dimension scales and attaches them, then writes the numeric values split over
    /// ranks by `point`. Metadata calls are identical on every rank (HDF5 requires it),
    /// and each is agreed on before the next (`agree`).
    func writeStructure(of result: SweepResult, into file: HDF5File) throws {
        for (name, value) in result.attributes {
            try agree { try file.attributes.write(name, value.hdf5) }
        }
        if !layout.orphanCoordinates.isEmpty {
            let orphans = layout.orphanCoordinates.joined(separator: " ")
            try agree { try file.attributes.write("coordinates", .string(orphans)) }
        }

        for dimension in layout.bareDimensions {
            let placeholder = try agree { try file.createDataset(dimension.name, type: .float32, shape: [dimension.size]) }
            try agree { try placeholder.setDimensionScale(name: ResultLayout.bareDimensionName(size: dimension.size)) }
            try markDimensionID(placeholder, dimension: dimension.name)
            scales[dimension.name] = placeholder
        }

        var created: [(SweepResult.Variable, HDF5Dataset)] = []
        let dataNames = Set(result.data.map(\.name))
        for variable in result.coordinates + result.data {
            let dataset = try createVariable(variable, in: file, isData: dataNames.contains(variable.name))
            if layout.indexCoordinates.contains(variable.name) {
                try agree { try dataset.setDimensionScale(name: variable.name) }
                try markDimensionID(dataset, dimension: variable.name)
                scales[variable.name] = dataset
            }
            created.append((variable, dataset))
        }

        for (variable, dataset) in created where !layout.indexCoordinates.contains(variable.name) {
            try attachScales(to: dataset, dimensions: variable.dimensions)
        }

        for (variable, dataset) in created {
            try agree { try writeValues(of: variable, to: dataset) }
            if scales[variable.name] == nil { try agree { try dataset.close() } }
        }
    }

    /// Creates the dataset of one variable with its attributes (and, for a data
    /// variable, the `coordinates` attribute naming its non-index coordinates, unless it
    /// brings its own).
    func createVariable(_ variable: SweepResult.Variable, in file: HDF5File, isData: Bool) throws -> HDF5Dataset {
        let shape = variable.dimensions.compactMap { layout.result.dimension($0)?.size }
        let dataset = try agree { try file.createDataset(variable.name, type: variable.values.hdf5Type, shape: shape) }
        try writeAttributes(variable.attributes, dimensions: variable.dimensions, to: dataset, isData: isData)
        writtenNames.insert(variable.name)
        return dataset
    }

    /// Writes a variable's attributes, then its generated `coordinates` attribute.
    func writeAttributes(_ attributes: [(String, SweepResult.Attribute)], dimensions: [String],
                         to dataset: HDF5Dataset, isData: Bool) throws {
        for (name, value) in attributes {
            try agree { try dataset.attributes.write(name, value.hdf5) }
        }
        if isData, !attributes.contains(where: { $0.0 == "coordinates" }),
           let coordinates = layout.coordinatesAttribute(forDimensions: dimensions) {
            try agree { try dataset.attributes.write("coordinates", .string(coordinates)) }
        }
    }

    /// Attaches the scale of each dimension to the matching axis.
    func attachScales(to dataset: HDF5Dataset, dimensions: [String]) throws {
        for (axis, dimension) in dimensions.enumerated() {
            try agree {
                guard let scale = scales[dimension] else {
                    throw OutputError.invalidResult(path: destination.path, reason: "dimension \(dimension) has no scale")
                }
                try dataset.attachDimensionScale(scale, axis: axis)
            }
        }
    }

    /// Records a dimension's position as netCDF-4 does (`_Netcdf4Dimid`, 32-bit), which
    /// h5netcdf uses to order dimensions.
    func markDimensionID(_ scale: HDF5Dataset, dimension: String) throws {
        if let id = layout.dimensionID(dimension) {
            try agree { try scale.attributes.write("_Netcdf4Dimid", .int32(id)) }
        }
    }

    /// Writes a numeric variable collectively: over `point`, each rank its own block of
    /// rows; otherwise rank 0 everything and the others an empty selection. Text
    /// variables wait for `finish`.
    func writeValues(of variable: SweepResult.Variable, to dataset: HDF5Dataset) throws {
        let axis = variable.dimensions.firstIndex(of: Self.pointDimension)
        let partition = axis.map { PointPartition(points: dataset.shape[$0], rank: communicator.rank, ranks: communicator.size) }
        if let rows = variable.pointRows {
            // Assembled as this rank's rows already: they must be the rows it writes.
            guard axis == 0, let partition, partition.rows == rows else {
                throw OutputError.invalidResult(path: destination.path, reason: "variable \(variable.name) holds rows "
                    + "\(rows) of \(Self.pointDimension), not the rows rank \(communicator.rank) writes")
            }
        }
        func part<T>(_ values: [T]) -> (HDF5Selection, [T]) {
            if let axis, let partition {
                guard variable.pointRows != nil else { return partition.slice(values, shape: dataset.shape, axis: axis) }
                guard partition.count > 0 else { return (.none, []) }
                var start = [Int](repeating: 0, count: dataset.shape.count)
                var extent = dataset.shape
                start[0] = partition.lower
                extent[0] = partition.count
                return (.hyperslab(start: start, count: extent), values)
            }
            return communicator.isRoot ? (.all, values) : (.none, [])
        }
        switch variable.values {
        case .double(let values):
            let (selection, mine) = part(values)
            try dataset.write(mine, selection: selection, transfer: .collective)
        case .int(let values):
            let (selection, mine) = part(values)
            try dataset.write(integers: mine, selection: selection, transfer: .collective)
        case .string:
            break
        }
    }
}
