import SweepDataset

/// How a `SweepResult` maps onto a netCDF-4 file, decided (and checked) before any rank
/// touches the file. Every rank computes the same layout from the same value, so a
/// result that cannot be written fails on every rank at once, before any collective call.
///
/// netCDF-4 conventions used (they are what h5netcdf and xarray read as labels):
/// - a dimension is a dimension-scale dataset; a coordinate variable named like its
///   dimension is that scale (an index coordinate), otherwise a placeholder scale marked
///   "not a netCDF variable" stands for the dimension;
/// - every axis of every other variable has its dimension's scale attached;
/// - non-index coordinates (e.g. swept parameters over `point`) are named in the
///   `coordinates` attribute of each variable whose dimensions include theirs, and
///   those no variable can carry in the root `coordinates` attribute.
struct ResultLayout {
    /// Attribute names HDF5 and netCDF use for their own bookkeeping; users cannot set them.
    static let reservedAttributes: Set<String> = [
        "CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST",
        "_Netcdf4Dimid", "_Netcdf4Coordinates", "_nc3_strict", "_NCProperties",
    ]
    /// The `NAME` netCDF gives a dimension that has no coordinate variable.
    static let bareDimensionMarker = "This is a netCDF dimension but not a netCDF variable."

    let result: SweepResult
    /// Names of coordinate variables that are their dimension's scale.
    let indexCoordinates: Set<String>
    /// Non-index coordinates, in the result's order.
    let auxiliaryCoordinates: [SweepResult.Variable]
    /// Dimensions without a coordinate variable of their name.
    let bareDimensions: [SweepResult.Dimension]
    /// Non-index coordinates no data variable can list (root `coordinates` attribute).
    let orphanCoordinates: [String]

    /// Checks `result` and derives the layout; `path` is only used in error messages.
    init(_ result: SweepResult, path: String) throws {
        func invalid(_ reason: String) -> OutputError { .invalidResult(path: path, reason: reason) }
        self.result = result

        var sizes: [String: Int] = [:]
        for dimension in result.dimensions {
            try Self.checkName(dimension.name, what: "dimension", path: path)
            guard sizes[dimension.name] == nil else { throw invalid("dimension \(dimension.name) is declared twice") }
            guard dimension.size >= 0 else { throw invalid("dimension \(dimension.name) has negative size \(dimension.size)") }
            sizes[dimension.name] = dimension.size
        }

        var seen: Set<String> = []
        for variable in result.coordinates + result.data {
            try Self.checkName(variable.name, what: "variable", path: path)
            guard seen.insert(variable.name).inserted else { throw invalid("variable \(variable.name) is defined twice") }
            try Self.checkShape(of: variable, sizes: sizes, path: path)
            try Self.checkAttributes(variable.attributes, owner: "variable \(variable.name)", path: path)
        }
        try Self.checkAttributes(result.attributes, owner: "the root group", path: path)

        var index: Set<String> = []
        for variable in result.coordinates where sizes[variable.name] != nil {
            guard variable.dimensions == [variable.name] else {
                throw invalid("coordinate \(variable.name) is named like a dimension, so it must be 1-D over it, not over (\(variable.dimensions.joined(separator: ", ")))")
            }
            index.insert(variable.name)
        }
        for variable in result.data where sizes[variable.name] != nil {
            throw invalid("data variable \(variable.name) is named like a dimension; make it a coordinate or rename it")
        }
        indexCoordinates = index
        let auxiliary = result.coordinates.filter { !index.contains($0.name) }
        auxiliaryCoordinates = auxiliary
        bareDimensions = result.dimensions.filter { !index.contains($0.name) }

        let carried = Set(result.data.flatMap { data in
            auxiliary.filter { Set($0.dimensions).isSubset(of: data.dimensions) }.map(\.name)
        })
        let orphans = auxiliary.map(\.name).filter { !carried.contains($0) }
        if !orphans.isEmpty && result.attributes.contains(where: { $0.0 == "coordinates" }) {
            throw invalid("the root attribute coordinates is needed to list the coordinates \(orphans.joined(separator: ", "))")
        }
        orphanCoordinates = orphans
    }

    /// The `_Netcdf4Dimid` of a dimension: its position in the result's dimension list.
    func dimensionID(_ name: String) -> Int32? {
        result.dimensions.firstIndex { $0.name == name }.map { Int32($0) }
    }

    /// The `coordinates` attribute for a variable over `dimensions` (space-separated
    /// non-index coordinates whose dimensions it has), or nil when there are none.
    func coordinatesAttribute(forDimensions dimensions: [String]) -> String? {
        let names = auxiliaryCoordinates.filter { Set($0.dimensions).isSubset(of: dimensions) }.map(\.name)
        return names.isEmpty ? nil : names.joined(separator: " ")
    }

    /// The placeholder scale `NAME` netCDF-C writes for a dimension without a variable.
    static func bareDimensionName(size: Int) -> String {
        let digits = String(size)
        return bareDimensionMarker + String(repeating: " ", count: max(0, 10 - digits.count)) + digits
    }

    // MARK: Checks

    /// A dataset or dimension name HDF5 and netCDF accept: not empty, no "/", not "." .
    static func checkName(_ name: String, what: String, path: String) throws {
        guard !name.isEmpty, !name.contains("/"), name != ".", !name.hasPrefix(" "), name.utf8.allSatisfy({ $0 != 0 }) else {
            throw OutputError.invalidResult(path: path, reason: "\(what) name \"\(name)\" is not a valid netCDF name")
        }
    }

    /// The variable's dimensions are declared, distinct, and hold exactly its values (its
    /// `pointRows` of the first, `point`, dimension when it holds only those).
    static func checkShape(of variable: SweepResult.Variable, sizes: [String: Int], path: String) throws {
        var expected = 1
        for (axis, dimension) in variable.dimensions.enumerated() {
            guard let size = sizes[dimension] else {
                throw OutputError.invalidResult(path: path, reason: "variable \(variable.name) uses undeclared dimension \(dimension)")
            }
            if axis == 0, let rows = variable.pointRows {
                guard dimension == SweepResult.pointDimension, rows.lowerBound >= 0, rows.upperBound <= size else {
                    throw OutputError.invalidResult(path: path, reason: "variable \(variable.name) holds rows \(rows) of "
                        + "\(dimension), which is not the point dimension or has fewer rows")
                }
                expected *= rows.count
            } else {
                expected *= size
            }
        }
        guard Set(variable.dimensions).count == variable.dimensions.count else {
            throw OutputError.invalidResult(path: path, reason: "variable \(variable.name) repeats a dimension in (\(variable.dimensions.joined(separator: ", ")))")
        }
        guard variable.values.count == expected else {
            throw OutputError.invalidResult(
                path: path,
                reason: "variable \(variable.name) has \(variable.values.count) values but its dimensions (\(variable.dimensions.joined(separator: ", "))) hold \(expected)")
        }
    }

    /// Attribute names are valid, distinct, and not netCDF's own.
    static func checkAttributes(_ attributes: [(String, SweepResult.Attribute)], owner: String, path: String) throws {
        var seen: Set<String> = []
        for (name, _) in attributes {
            guard !name.isEmpty, !reservedAttributes.contains(name) else {
                throw OutputError.invalidResult(path: path, reason: "\(owner) has attribute name \"\(name)\", which is empty or reserved by netCDF")
            }
            guard seen.insert(name).inserted else {
                throw OutputError.invalidResult(path: path, reason: "\(owner) has attribute \(name) twice")
            }
        }
    }
}
