import CHDF5
import Foundation

/// Converts between Swift strings and the C buffers HDF5 reads and writes strings
/// through: an array of `char *` for variable-length strings, one block of padded bytes
/// for fixed-length strings.
enum HDF5StringBuffer {
    /// Reads `count` strings stored as `fileType` through `read(memoryType, buffer)`; for
    /// variable-length strings `reclaim(memoryType, buffer)` then frees HDF5's copies.
    static func read(count: Int, fileType: hid_t, path: String, object: String,
                     _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t,
                     reclaim: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> [String] {
        guard count > 0 else { return [] }
        let memoryType = try h5check(H5Tcopy(fileType), "H5Tcopy", path: path, object: object)
        defer { H5Tclose(memoryType) }
        if H5Tis_variable_str(fileType) > 0 {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            return try pointers.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return [] }
                try h5check(read(memoryType, base), "read", path: path, object: object)
                let strings = buffer.map { $0.map { String(cString: $0) } ?? "" }
                _ = reclaim(memoryType, base)
                return strings
            }
        }
        let width = H5Tget_size(fileType)
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * width)
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try h5check(read(memoryType, base), "read", path: path, object: object)
        }
        return (0..<count).map { i in
            var field = bytes[(i * width)..<((i + 1) * width)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Calls `write(memoryType, buffer)` with `strings` laid out for `element`
    /// (`.variableString` or `.fixedString`); throws if a string is longer than a fixed
    /// length in UTF-8 bytes.
    static func withBuffer(_ strings: [String], as element: HDF5ElementType, path: String, object: String,
                           _ write: (hid_t, UnsafeRawPointer?) -> herr_t) throws -> herr_t {
        let memoryType = try element.makeType(path: path, object: object)
        defer { H5Tclose(memoryType) }
        switch element {
        case .variableString:
            let copies = strings.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            if copies.contains(where: { $0 == nil }) {
                throw HDF5Error(operation: "write strings", path: path, object: object, detail: "out of memory")
            }
            return copies.withUnsafeBufferPointer { write(memoryType, UnsafeRawPointer($0.baseAddress)) }
        case .fixedString(let length):
            let width = max(length, 1)
            var bytes = [UInt8](repeating: 0, count: max(strings.count * width, 1))
            for (i, string) in strings.enumerated() {
                let utf8 = Array(string.utf8)
                guard utf8.count <= width else {
                    throw HDF5Error(operation: "write strings", path: path, object: object,
                                    detail: "\"\(string)\" is \(utf8.count) bytes, longer than the fixed length \(width)")
                }
                bytes.replaceSubrange((i * width)..<(i * width + utf8.count), with: utf8)
            }
            return bytes.withUnsafeBytes { write(memoryType, $0.baseAddress) }
        default:
            throw HDF5Error(operation: "write strings", path: path, object: object,
                            detail: "the dataset holds \(element), not strings")
        }
    }
}
