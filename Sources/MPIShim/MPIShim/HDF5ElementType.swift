import CHDF5

/// The element type of a dataset as stored in the file (little-endian, as netCDF-4
/// writes on x86 and ARM). Strings are UTF-8, either variable-length (netCDF's
/// `NC_STRING`; HDF5 1.10 cannot write these through the MPI-IO driver, only through a
/// serial open) or fixed-length in bytes, null-padded.
public enum HDF5ElementType: Sendable, Equatable, CustomStringConvertible {
    case double
    case float32
    case int64
    case int32
    case variableString
    case fixedString(length: Int)

    public var description: String {
        switch self {
        case .double: return "float64"
        case .float32: return "float32"
        case .int64: return "int64"
        case .int32: return "int32"
        case .variableString: return "string"
        case .fixedString(let n): return "string\(n)"
        }
    }

    /// Whether elements are strings (read with `readStrings`).
    public var isString: Bool {
        switch self {
        case .variableString, .fixedString: return true
        default: return false
        }
    }

    /// A new datatype identifier for this type as stored; the caller closes it
    /// (`H5Tclose`).
    func makeType(path: String, object: String) throws -> hid_t {
        let base: hid_t
        switch self {
        case .double: base = dyn_h5t_ieee_f64le()
        case .float32: base = dyn_h5t_ieee_f32le()
        case .int64: base = dyn_h5t_std_i64le()
        case .int32: base = dyn_h5t_std_i32le()
        case .variableString, .fixedString: base = dyn_h5t_c_s1()
        }
        let type = try h5check(H5Tcopy(base), "H5Tcopy", path: path, object: object)
        do {
            switch self {
            case .variableString:
                try h5check(H5Tset_size(type, dyn_h5t_variable()), "H5Tset_size", path: path, object: object)
                try h5check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset", path: path, object: object)
            case .fixedString(let length):
                try h5check(H5Tset_size(type, max(length, 1)), "H5Tset_size", path: path, object: object)
                try h5check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset", path: path, object: object)
                try h5check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad", path: path, object: object)
            default:
                break
            }
        } catch {
            H5Tclose(type)
            throw error
        }
        return type
    }

    /// The element type of a stored datatype, or nil for types dynsweep does not read
    /// (compound, enum, references...). Integers narrower than 64 bits read as `int32`
    /// when 4 bytes wide, `int64` otherwise; floats as `float32` or `double`.
    static func of(type: hid_t) -> HDF5ElementType? {
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            return H5Tget_size(type) == 4 ? .float32 : .double
        case H5T_INTEGER:
            return H5Tget_size(type) == 4 ? .int32 : .int64
        case H5T_STRING:
            if H5Tis_variable_str(type) > 0 { return .variableString }
            return .fixedString(length: H5Tget_size(type))
        default:
            return nil
        }
    }
}
