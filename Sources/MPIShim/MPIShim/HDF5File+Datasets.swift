import CHDF5

extension HDF5File {
    /// The root group's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(file: self, owner: handle, object: "/") }

    /// Creates dataset `name` in the root group (collective for a parallel file: every
    /// rank calls it with the same arguments). Storage is contiguous. With `fillValue`,
    /// numeric elements nobody writes read as that value (HDF5 writes it when it
    /// allocates the dataset, an extra pass over the data); without, numeric storage is
    /// not pre-filled and every element must be written. String datasets are zero-filled
    /// (empty strings). With `fillOnAllocation` false the fill value is recorded (readers
    /// see it as the dataset's fill value) but not written: the caller writes every
    /// element. A parallel writer wants that: HDF5 1.10 writes fill values from rank 0
    /// alone, and after a failed fill write (a full disk) rank 0 skips the barrier the
    /// other ranks wait in, so they hang inside H5Dcreate2.
    public func createDataset(_ name: String, type: HDF5ElementType, shape: [Int], fillValue: Double? = nil,
                              fillOnAllocation: Bool = true) throws -> HDF5Dataset {
        try requireOpen("H5Dcreate2", object: name)
        let fileType = try type.makeType(path: path, object: name)
        defer { H5Tclose(fileType) }
        let space: hid_t
        if shape.isEmpty {
            space = try h5check(H5Screate(H5S_SCALAR), "H5Screate", path: path, object: name)
        } else {
            var dims = shape.map { hsize_t(max($0, 0)) }
            space = try h5check(H5Screate_simple(Int32(dims.count), &dims, nil), "H5Screate_simple", path: path, object: name)
        }
        defer { H5Sclose(space) }
        let dcpl = try creationList(for: type, fillValue: fillValue, fillOnAllocation: fillOnAllocation, name: name)
        defer { H5Pclose(dcpl) }
        let id = try h5check(H5Dcreate2(self.id, name, fileType, space, hid_t(H5P_DEFAULT), dcpl, hid_t(H5P_DEFAULT)),
                             "H5Dcreate2", path: path, object: name)
        return try HDF5Dataset(file: self, name: name, id: id)
    }

    /// Opens dataset `name` of the root group.
    public func openDataset(_ name: String) throws -> HDF5Dataset {
        try requireOpen("H5Dopen2", object: name)
        let id = try h5check(H5Dopen2(self.id, name, hid_t(H5P_DEFAULT)), "H5Dopen2", path: path, object: name)
        return try HDF5Dataset(file: self, name: name, id: id)
    }

    /// Names of the root group's datasets, in creation order when the file tracks it
    /// (files written here do), in name order otherwise. Groups and other objects are
    /// left out.
    public func datasetNames() throws -> [String] {
        try requireOpen("H5Literate")
        final class Names { var list: [String] = [] }
        let names = Names()
        let visit: H5L_iterate_t = { group, name, _, data in
            guard let name, let data else { return -1 }
            var info = H5O_info_t()
            guard H5Oget_info_by_name2(group, name, &info, UInt32(H5O_INFO_BASIC), hid_t(H5P_DEFAULT)) >= 0 else { return -1 }
            if info.type == H5O_TYPE_DATASET {
                Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(String(cString: name))
            }
            return 0
        }
        for index in [H5_INDEX_CRT_ORDER, H5_INDEX_NAME] {
            names.list.removeAll()
            var position: hsize_t = 0
            let status = withExtendedLifetime(names) {
                H5Literate(id, index, H5_ITER_INC, &position, visit, Unmanaged.passUnretained(names).toOpaque())
            }
            if status >= 0 { return names.list }
            if index == H5_INDEX_NAME { throw HDF5Error.fromStack(operation: "H5Literate", path: path) }
            H5Eclear2(hid_t(H5E_DEFAULT))
        }
        return names.list
    }

    /// Whether the root group has a link called `name`.
    public func contains(_ name: String) throws -> Bool {
        try requireOpen("H5Lexists", object: name)
        return try h5check(H5Lexists(id, name, hid_t(H5P_DEFAULT)), "H5Lexists", path: path, object: name) > 0
    }

    /// A dataset-creation property list: attribute creation order tracked and indexed,
    /// and the fill policy described at `createDataset`. The caller closes it.
    private func creationList(for type: HDF5ElementType, fillValue: Double?, fillOnAllocation: Bool,
                              name: String) throws -> hid_t {
        let dcpl = try h5check(H5Pcreate(dyn_h5p_dataset_create()), "H5Pcreate", path: path, object: name)
        do {
            let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
            try h5check(H5Pset_attr_creation_order(dcpl, order), "H5Pset_attr_creation_order", path: path, object: name)
            if !type.isString {
                if var fill = fillValue {
                    try h5check(H5Pset_fill_value(dcpl, dyn_h5t_native_double(), &fill), "H5Pset_fill_value", path: path, object: name)
                    try h5check(H5Pset_fill_time(dcpl, fillOnAllocation ? H5D_FILL_TIME_ALLOC : H5D_FILL_TIME_NEVER),
                                "H5Pset_fill_time", path: path, object: name)
                } else {
                    try h5check(H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER), "H5Pset_fill_time", path: path, object: name)
                }
            }
        } catch {
            H5Pclose(dcpl)
            throw error
        }
        return dcpl
    }
}
