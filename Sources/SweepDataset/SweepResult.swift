/// Everything a finished (or partial) sweep writes to its output file, in the layout of
/// a netCDF-4 / xarray dataset: named dimensions, coordinate variables, data variables
/// and attributes. The Coordinator fills it after the reduction; the writer turns it
/// into HDF5 with dimension scales. Every rank holds an identical copy.
package struct SweepResult: Sendable {
    /// Values of a variable: numbers, integers or strings (strings only for 1-D
    /// coordinates such as a swept `activation`).
    package enum Values: Sendable, Equatable {
        case double([Double])
        case int([Int64])
        case string([String])

        package var count: Int {
            switch self {
            case .double(let v): return v.count
            case .int(let v): return v.count
            case .string(let v): return v.count
            }
        }
    }

    /// An attribute value (netCDF attributes: text, a number, or a list of numbers).
    package enum Attribute: Sendable, Equatable {
        case string(String)
        case double(Double)
        case int(Int64)
        case doubles([Double])
    }

    /// A named axis of the dataset.
    package struct Dimension: Sendable, Equatable {
        package let name: String
        package let size: Int
        package init(name: String, size: Int) {
            self.name = name
            self.size = size
        }
    }

    /// A variable (coordinate or data) over some of the dimensions, row-major.
    package struct Variable: Sendable, Equatable {
        package let name: String
        package let dimensions: [String]
        package var values: Values
        package var attributes: [(String, Attribute)]
        /// nil: `values` cover the whole shape. Otherwise the variable's first dimension is
        /// `point` and `values` hold only these of its rows: the share one rank writes,
        /// assembled by that rank alone, so that R ranks do not each build every point's
        /// values (on more ranks than cores that replicated work is what makes a run slower).
        package var pointRows: Range<Int>?

        package init(name: String, dimensions: [String], values: Values, attributes: [(String, Attribute)] = [],
                     pointRows: Range<Int>? = nil) {
            self.name = name
            self.dimensions = dimensions
            self.values = values
            self.attributes = attributes
            self.pointRows = pointRows
        }

        package static func == (a: Variable, b: Variable) -> Bool {
            a.name == b.name && a.dimensions == b.dimensions && a.values == b.values && a.pointRows == b.pointRows
                && a.attributes.map(\.0) == b.attributes.map(\.0) && a.attributes.map(\.1) == b.attributes.map(\.1)
        }
    }

    /// Dimensions in the order they are created. Every dimension has a coordinate
    /// variable of the same name in `coordinates` (e.g. `point` = 0..n-1, `time`).
    package var dimensions: [Dimension]
    /// Coordinate variables: one per dimension (same name), plus one per swept parameter
    /// over `point` (non-index coordinates, listed in each data variable's
    /// `coordinates` attribute so xarray attaches them).
    package var coordinates: [Variable]
    /// Data variables: `X_mean`, `X_std`, `X_sem`, `X_theory`, `count`, `diverged`.
    package var data: [Variable]
    /// Root attributes: resolved config, version, commit, seed, ranks, times.
    package var attributes: [(String, Attribute)]

    package init(dimensions: [Dimension], coordinates: [Variable], data: [Variable], attributes: [(String, Attribute)]) {
        self.dimensions = dimensions
        self.coordinates = coordinates
        self.data = data
        self.attributes = attributes
    }

    package func dimension(_ name: String) -> Dimension? { dimensions.first { $0.name == name } }
}
