/// The value of an HDF5 attribute as dynsweep writes and reads them: UTF-8 text
/// (variable-length, as netCDF-4 `NC_STRING`), a scalar number, or a one-dimensional
/// array of numbers. `int32` exists for netCDF's own bookkeeping (`_Netcdf4Dimid`).
public enum HDF5AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case double(Double)
    case int64(Int64)
    case int32(Int32)
    case doubles([Double])
    case int64s([Int64])

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .double(let x): return "\(x)"
        case .int64(let n): return "\(n)"
        case .int32(let n): return "\(n)"
        case .doubles(let xs): return "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]"
        case .int64s(let ns): return "[" + ns.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }
}
