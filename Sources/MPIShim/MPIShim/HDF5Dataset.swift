import CHDF5

/// An open dataset of a file's root group: its name, shape and element type, with
/// reads, collective writes (`HDF5Dataset+IO.swift`), attributes and dimension scales
/// (`HDF5Dataset+DimensionScales.swift`). It keeps its file alive; `close()` (or the
/// file's `close()`) releases the identifier.
public final class HDF5Dataset {
    /// The file the dataset lives in.
    public let file: HDF5File
    /// The dataset's name (its link name in the root group).
    public let name: String
    /// Extent along each axis (empty for a scalar dataset).
    public let shape: [Int]
    /// The element type as stored.
    public let elementType: HDF5ElementType

    let handle: HDF5Handle

    init(file: HDF5File, name: String, id: hid_t) throws {
        self.file = file
        self.name = name
        self.handle = HDF5Handle(id, kind: .dataset)
        file.children.add(handle)
        shape = try HDF5Dataset.readShape(id, path: file.path, object: name)
        let type = try h5check(H5Dget_type(id), "H5Dget_type", path: file.path, object: name)
        defer { H5Tclose(type) }
        guard let element = HDF5ElementType.of(type: type) else {
            throw HDF5Error(operation: "H5Dget_type", path: file.path, object: name,
                            detail: "unsupported element type (not a number or a string)")
        }
        elementType = element
    }

    /// The raw identifier, for the wrappers in this module.
    var id: hid_t { handle.id }

    /// Number of elements (product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The dataset's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(file: file, owner: handle, object: name) }

    /// Closes the dataset; later calls do nothing.
    public func close() throws {
        try handle.close(path: file.path, object: name)
    }

    /// Throws when the dataset (or its file) was closed.
    func requireOpen(_ operation: String) throws {
        guard handle.isOpen else {
            throw HDF5Error(operation: operation, path: file.path, object: name, detail: "the dataset is closed")
        }
    }

    /// The current extent of dataset `id`.
    static func readShape(_ id: hid_t, path: String, object: String) throws -> [Int] {
        let space = try h5check(H5Dget_space(id), "H5Dget_space", path: path, object: object)
        defer { H5Sclose(space) }
        let rank = Int(try h5check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", path: path, object: object))
        var dims = [hsize_t](repeating: 0, count: rank)
        if rank > 0 {
            try h5check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims", path: path, object: object)
        }
        return dims.map { Int($0) }
    }
}
