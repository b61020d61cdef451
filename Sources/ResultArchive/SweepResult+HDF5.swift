import MPIShim
import SweepDataset

/// Conversions between the result's value types and the HDF5 layer's.
extension SweepResult.Attribute {
    /// The HDF5 attribute written for this value (integers as 64-bit, text as UTF-8).
    var hdf5: HDF5AttributeValue {
        switch self {
        case .string(let s): return .string(s)
        case .double(let x): return .double(x)
        case .int(let n): return .int64(n)
        case .doubles(let xs): return .doubles(xs)
        }
    }

    /// The result attribute read back from an HDF5 attribute (integer arrays, which
    /// dynsweep does not write, become doubles).
    init(_ value: HDF5AttributeValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .double(let x): self = .double(x)
        case .int64(let n): self = .int(n)
        case .int32(let n): self = .int(Int64(n))
        case .doubles(let xs): self = .doubles(xs)
        case .int64s(let ns): self = .doubles(ns.map { Double($0) })
        }
    }
}

extension SweepResult.Values {
    /// The stored element type: float64, int64, or variable-length UTF-8 text.
    var hdf5Type: HDF5ElementType {
        switch self {
        case .double: return .double
        case .int: return .int64
        case .string: return .variableString
        }
    }

    /// Whether the values are text (written in the serial phase, see `ResultWriter`).
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
