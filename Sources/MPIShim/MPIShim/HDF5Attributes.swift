import CHDF5
import Foundation

/// The attributes of one object (the file's root group or a dataset). Writing an
/// attribute of a parallel file is a metadata operation: every rank writes the same
/// value, in the same order.
public struct HDF5Attributes {
    let file: HDF5File
    let owner: HDF5Handle
    /// The owning object's name, for error messages ("/" for the root group).
    let object: String

    private var path: String { file.path }
    private func where_(_ name: String) -> String { object == "/" ? "attribute \(name)" : "\(object) attribute \(name)" }

    /// Writes (replacing any existing) attribute `name`.
    public func write(_ name: String, _ value: HDF5AttributeValue) throws {
        let obj = try ownerID("H5Acreate2", name)
        let at = where_(name)
        if try h5check(H5Aexists(obj, name), "H5Aexists", path: path, object: at) > 0 {
            try h5check(H5Adelete(obj, name), "H5Adelete", path: path, object: at)
        }
        let stored: HDF5ElementType
        var dims: [Int]? = nil  // nil: scalar
        switch value {
        case .string: stored = .variableString
        case .double: stored = .double
        case .int64: stored = .int64
        case .int32: stored = .int32
        case .doubles(let xs): stored = .double; dims = [xs.count]
        case .int64s(let ns): stored = .int64; dims = [ns.count]
        }
        let type = try stored.makeType(path: path, object: at)
        defer { H5Tclose(type) }
        let space = try makeSpace(dims, at)
        defer { H5Sclose(space) }
        let attr = try h5check(H5Acreate2(obj, name, type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                               "H5Acreate2", path: path, object: at)
        defer { H5Aclose(attr) }
        let status: herr_t
        switch value {
        case .string(let text):
            status = text.withCString { cstr in
                var pointer: UnsafePointer<CChar>? = cstr
                return H5Awrite(attr, type, &pointer)
            }
        case .double(var x): status = H5Awrite(attr, dyn_h5t_native_double(), &x)
        case .int64(var n): status = H5Awrite(attr, dyn_h5t_native_int64(), &n)
        case .int32(var n): status = H5Awrite(attr, dyn_h5t_native_int32(), &n)
        case .doubles(let xs):
            status = xs.isEmpty ? 0 : xs.withUnsafeBufferPointer { H5Awrite(attr, dyn_h5t_native_double(), $0.baseAddress) }
        case .int64s(let ns):
            status = ns.isEmpty ? 0 : ns.withUnsafeBufferPointer { H5Awrite(attr, dyn_h5t_native_int64(), $0.baseAddress) }
        }
        try h5check(status, "H5Awrite", path: path, object: at)
    }

    /// Whether attribute `name` exists.
    public func contains(_ name: String) throws -> Bool {
        let obj = try ownerID("H5Aexists", name)
        return try h5check(H5Aexists(obj, name), "H5Aexists", path: path, object: where_(name)) > 0
    }

    /// Reads attribute `name`; nil when its type is not one of `HDF5AttributeValue`'s
    /// (e.g. the object references of dimension-scale bookkeeping). A string array reads
    /// as its elements joined by ", ".
    public func read(_ name: String) throws -> HDF5AttributeValue? {
        let obj = try ownerID("H5Aopen", name)
        let at = where_(name)
        let attr = try h5check(H5Aopen(obj, name, hid_t(H5P_DEFAULT)), "H5Aopen", path: path, object: at)
        defer { H5Aclose(attr) }
        let type = try h5check(H5Aget_type(attr), "H5Aget_type", path: path, object: at)
        defer { H5Tclose(type) }
        let space = try h5check(H5Aget_space(attr), "H5Aget_space", path: path, object: at)
        defer { H5Sclose(space) }
        let count = Int(try h5check(H5Sget_simple_extent_npoints(space), "H5Sget_simple_extent_npoints", path: path, object: at))
        let isScalar = H5Sget_simple_extent_type(space) == H5S_SCALAR
        guard let element = HDF5ElementType.of(type: type) else { return nil }
        switch element {
        case .double, .float32:
            var xs = [Double](repeating: 0, count: count)
            if count > 0 {
                try h5check(xs.withUnsafeMutableBufferPointer { H5Aread(attr, dyn_h5t_native_double(), $0.baseAddress) },
                            "H5Aread", path: path, object: at)
            }
            return isScalar ? .double(xs.first ?? 0) : .doubles(xs)
        case .int64, .int32:
            var ns = [Int64](repeating: 0, count: count)
            if count > 0 {
                try h5check(ns.withUnsafeMutableBufferPointer { H5Aread(attr, dyn_h5t_native_int64(), $0.baseAddress) },
                            "H5Aread", path: path, object: at)
            }
            if isScalar { return element == .int32 ? .int32(Int32(truncatingIfNeeded: ns.first ?? 0)) : .int64(ns.first ?? 0) }
            return .int64s(ns)
        case .variableString, .fixedString:
            let strings = try HDF5StringBuffer.read(count: count, fileType: type, path: path, object: at) { memType, buffer in
                H5Aread(attr, memType, buffer)
            } reclaim: { memType, buffer in
                H5Dvlen_reclaim(memType, space, hid_t(H5P_DEFAULT), buffer)
            }
            return .string(strings.joined(separator: ", "))
        }
    }

    /// Attribute names in creation order (name order if the object does not track it).
    public func names() throws -> [String] {
        let obj = try ownerID("H5Aiterate2", "")
        final class Names { var list: [String] = [] }
        let names = Names()
        let visit: H5A_operator2_t = { _, name, _, data in
            guard let name, let data else { return -1 }
            Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(String(cString: name))
            return 0
        }
        for index in [H5_INDEX_CRT_ORDER, H5_INDEX_NAME] {
            names.list.removeAll()
            var position: hsize_t = 0
            let status = withExtendedLifetime(names) {
                H5Aiterate2(obj, index, H5_ITER_INC, &position, visit, Unmanaged.passUnretained(names).toOpaque())
            }
            if status >= 0 { return names.list }
            if index == H5_INDEX_NAME {
                throw HDF5Error.fromStack(operation: "H5Aiterate2", path: path, object: object)
            }
            H5Eclear2(hid_t(H5E_DEFAULT))
        }
        return names.list
    }

    private func ownerID(_ operation: String, _ name: String) throws -> hid_t {
        guard owner.isOpen else {
            throw HDF5Error(operation: operation, path: path, object: where_(name), detail: "the object is closed")
        }
        return owner.id
    }

    /// A scalar dataspace (dims nil), a simple one, or a null one for an empty array.
    private func makeSpace(_ dims: [Int]?, _ at: String) throws -> hid_t {
        guard let dims else { return try h5check(H5Screate(H5S_SCALAR), "H5Screate", path: path, object: at) }
        if dims == [0] { return try h5check(H5Screate(H5S_NULL), "H5Screate", path: path, object: at) }
        var extent = dims.map { hsize_t($0) }
        return try h5check(H5Screate_simple(Int32(extent.count), &extent, nil), "H5Screate_simple", path: path, object: at)
    }
}
