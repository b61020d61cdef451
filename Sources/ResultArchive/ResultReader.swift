import Foundation
import MPIShim
import SweepDataset

/// Reads a result file (serially, on one process): its summary for `dynsweep inspect`,
/// one variable's values, or the whole `SweepResult` back. It understands the netCDF-4
/// conventions `ResultWriter` writes (and the same files written by netCDF or h5netcdf):
/// dimension scales are dimensions, attached scales name a variable's axes, and names
/// in `coordinates` attributes are coordinates. netCDF's bookkeeping attributes, and the
/// `coordinates` attributes the writer generated, are not reported as attributes.
package final class ResultReader {
    package let path: String
    private let file: HDF5File

    /// Opens `path` read-only.
    package init(path: String) throws {
        self.path = path
        file = try HDF5File.openForReading(path: path)
    }

    /// Closes the file (also done when the reader is released).
    package func close() throws {
        try file.close()
    }

    /// The summary of the file at `path` (opens and closes it).
    package static func summary(path: String) throws -> DatasetSummary {
        let reader = try ResultReader(path: path)
        defer { try? reader.close() }
        return try reader.summary()
    }

    // MARK: Reading

    /// Dimensions, variables and root attributes, with a preview of 1-D coordinates.
    package func summary() throws -> DatasetSummary {
        let contents = try scan()
        func summarize(_ entry: Entry) throws -> DatasetSummary.Variable {
            var preview: [String] = []
            if contents.coordinateNames.contains(entry.name) && entry.shape.count == 1 {
                preview = try previewValues(entry.name, limit: 6)
            }
            return DatasetSummary.Variable(name: entry.name, dimensions: entry.dimensions, shape: entry.shape,
                                           type: entry.type.description, isIndex: entry.isIndex, preview: preview)
        }
        return DatasetSummary(
            path: path, dimensions: contents.dimensions,
            coordinates: try contents.variables.filter { contents.coordinateNames.contains($0.name) }.map(summarize),
            dataVariables: try contents.variables.filter { !contents.coordinateNames.contains($0.name) }.map(summarize),
            attributes: contents.rootAttributes)
    }

    /// The values of variable `name` as doubles (integers converted), row-major.
    package func readDoubles(_ name: String) throws -> [Double] {
        let dataset = try open(name)
        defer { try? dataset.close() }
        return try dataset.readDoubles()
    }

    /// The values of variable `name` with their stored kind (numbers, integers, text).
    package func readValues(_ name: String) throws -> SweepResult.Values {
        let dataset = try open(name)
        defer { try? dataset.close() }
        switch dataset.elementType {
        case .double, .float32: return .double(try dataset.readDoubles())
        case .int64, .int32: return .int(try dataset.readInt64s())
        case .variableString, .fixedString: return .string(try dataset.readStrings())
        }
    }

    /// The whole file as a `SweepResult` (per-realization variables come back as data
    /// variables). A file written by `ResultWriter` reads back equal to what was written.
    package func readResult() throws -> SweepResult {
        try readResult(coordinates: { _ in true }, data: { _ in true })
    }

    /// Part of the file as a `SweepResult`: all dimensions, the 1-D coordinates, the root
    /// attributes, and only the data variables named in `dataVariables` (names the file
    /// lacks are left out). The values of no other variable are read, so this stays cheap
    /// on a file written with `--keep-realizations` (what a figure of one observable needs).
    package func readResult(dataVariables: [String]) throws -> SweepResult {
        let wanted = Set(dataVariables)
        return try readResult(coordinates: { $0.shape.count == 1 }, data: { wanted.contains($0.name) })
    }

    /// The dimensions, root attributes and the variables that pass the filters, with
    /// their values.
    private func readResult(coordinates keepCoordinate: (Entry) -> Bool,
                            data keepData: (Entry) -> Bool) throws -> SweepResult {
        let contents = try scan()
        func variable(_ entry: Entry) throws -> SweepResult.Variable {
            SweepResult.Variable(name: entry.name, dimensions: entry.dimensions,
                                 values: try readValues(entry.name), attributes: entry.attributes)
        }
        return SweepResult(
            dimensions: contents.dimensions,
            coordinates: try contents.variables
                .filter { contents.coordinateNames.contains($0.name) && keepCoordinate($0) }.map(variable),
            data: try contents.variables
                .filter { !contents.coordinateNames.contains($0.name) && keepData($0) }.map(variable),
            attributes: contents.rootAttributes)
    }

    // MARK: Scanning the file

    /// One dataset as the reader sees it.
    struct Entry {
        let name: String
        let dimensions: [String]
        let shape: [Int]
        let type: HDF5ElementType
        let isIndex: Bool
        var attributes: [(String, SweepResult.Attribute)]
    }

    /// Everything but the values.
    struct Contents {
        let dimensions: [SweepResult.Dimension]
        let variables: [Entry]
        let coordinateNames: Set<String>
        let rootAttributes: [(String, SweepResult.Attribute)]
    }

    private func open(_ name: String) throws -> HDF5Dataset {
        guard try file.contains(name) else { throw OutputError.variableNotFound(name: name, path: path) }
        return try file.openDataset(name)
    }

    private func scan() throws -> Contents {
        var dimensions: [(dimension: SweepResult.Dimension, id: Int64?)] = []
        var variables: [Entry] = []
        for name in try file.datasetNames() {
            let dataset = try file.openDataset(name)
            defer { try? dataset.close() }
            let attributes = try userAttributes(dataset.attributes)
            if try dataset.isDimensionScale {
                let id: Int64? = switch try dataset.attributes.read("_Netcdf4Dimid") {
                case .int32(let n): Int64(n)
                case .int64(let n): n
                default: nil
                }
                dimensions.append((SweepResult.Dimension(name: name, size: dataset.shape.first ?? 1), id))
                let bare = try dataset.dimensionScaleName()?.hasPrefix(ResultLayout.bareDimensionMarker) ?? false
                if bare { continue }
                variables.append(Entry(name: name, dimensions: [name], shape: dataset.shape, type: dataset.elementType,
                                       isIndex: true, attributes: attributes))
            } else {
                let axes = try (0..<dataset.shape.count).map { axis in
                    try dataset.attachedDimensionScales(axis: axis).last ?? "phony_dim_\(axis)"
                }
                variables.append(Entry(name: name, dimensions: axes, shape: dataset.shape, type: dataset.elementType,
                                       isIndex: false, attributes: attributes))
            }
        }
        if dimensions.allSatisfy({ $0.id != nil }) {
            dimensions.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        }
        var root = try userAttributes(file.attributes)
        return Self.resolveCoordinates(dimensions: dimensions.map(\.dimension), variables: variables, root: &root)
    }

    /// Finds the coordinates (index scales and names listed in `coordinates` attributes)
    /// and drops the `coordinates` attributes that say exactly what `ResultWriter`
    /// generates, so that a written result reads back unchanged.
    private static func resolveCoordinates(dimensions: [SweepResult.Dimension], variables: [Entry],
                                           root: inout [(String, SweepResult.Attribute)]) -> Contents {
        func listed(_ attributes: [(String, SweepResult.Attribute)]) -> [String] {
            guard case .string(let text)? = attributes.first(where: { $0.0 == "coordinates" })?.1 else { return [] }
            return text.split(separator: " ").map(String.init)
        }
        let known = Set(variables.map(\.name))
        var coordinateNames = Set(variables.filter(\.isIndex).map(\.name))
        for entry in variables { coordinateNames.formUnion(listed(entry.attributes).filter(known.contains)) }
        coordinateNames.formUnion(listed(root).filter(known.contains))

        let auxiliary = variables.filter { coordinateNames.contains($0.name) && !$0.isIndex }
        func generated(for dims: [String]) -> String {
            auxiliary.filter { Set($0.dimensions).isSubset(of: dims) }.map(\.name).joined(separator: " ")
        }
        var carried: Set<String> = []
        let cleaned = variables.map { entry -> Entry in
            guard !coordinateNames.contains(entry.name) else { return entry }
            carried.formUnion(auxiliary.filter { Set($0.dimensions).isSubset(of: entry.dimensions) }.map(\.name))
            var entry = entry
            if case .string(let text)? = entry.attributes.first(where: { $0.0 == "coordinates" })?.1,
               text == generated(for: entry.dimensions) {
                entry.attributes.removeAll { $0.0 == "coordinates" }
            }
            return entry
        }
        let orphans = auxiliary.map(\.name).filter { !carried.contains($0) }.joined(separator: " ")
        if case .string(let text)? = root.first(where: { $0.0 == "coordinates" })?.1, text == orphans {
            root.removeAll { $0.0 == "coordinates" }
        }
        return Contents(dimensions: dimensions, variables: cleaned, coordinateNames: coordinateNames, rootAttributes: root)
    }

    /// An object's attributes in creation order, without netCDF's bookkeeping ones and
    /// without those of types a result attribute cannot hold.
    private func userAttributes(_ attributes: HDF5Attributes) throws -> [(String, SweepResult.Attribute)] {
        try attributes.names().filter { !ResultLayout.reservedAttributes.contains($0) }.compactMap { name in
            try attributes.read(name).map { (name, SweepResult.Attribute($0)) }
        }
    }

    /// The first `limit` values of a 1-D variable, as text.
    private func previewValues(_ name: String, limit: Int) throws -> [String] {
        let dataset = try open(name)
        defer { try? dataset.close() }
        let count = min(limit, dataset.shape.first ?? 0)
        guard count > 0 else { return [] }
        let head = HDF5Selection.hyperslab(start: [0], count: [count])
        switch dataset.elementType {
        case .double, .float32: return try dataset.readDoubles(head).map { String(format: "%.6g", $0) }
        case .int64, .int32: return try dataset.readInt64s(head).map { "\($0)" }
        case .variableString, .fixedString: return try dataset.readStrings(head).map { "\"\($0)\"" }
        }
    }
}
