import CHDF5

/// How a rank's part of a write reaches a parallel file: collectively (every rank of the
/// file's communicator calls the write, possibly with an empty selection; MPI-IO can
/// then aggregate the pieces) or independently (one rank alone). Serial files ignore it.
public enum HDF5Transfer: Sendable {
    case collective
    case independent
}

/// How HDF5 actually moved the data of a write (`H5Pget_mpio_actual_io_mode`): HDF5
/// silently falls back to independent I/O when collective I/O is impossible (e.g. a
/// datatype conversion), which is worth knowing when tuning for a parallel file system.
public enum HDF5ActualTransfer: Sendable, Equatable {
    /// A serial file: no MPI-IO.
    case serial
    /// Every rank wrote on its own.
    case independent
    /// One collective MPI-IO operation.
    case collective
    /// Some chunks collectively, some independently.
    case mixed
}

extension HDF5Dataset {
    // MARK: Writing

    /// Writes `values` (row-major, ordered as the selected file elements) to the
    /// selected part of the dataset. With `.collective` on a parallel file every rank
    /// must call this, ranks with nothing to write passing `.none` and `[]`. Returns how
    /// HDF5 actually did the transfer.
    @discardableResult
    public func write(_ values: [Double], selection: HDF5Selection = .all, transfer: HDF5Transfer = .collective) throws -> HDF5ActualTransfer {
        try values.withUnsafeBytes { buffer in
            try write(count: values.count, selection: selection, transfer: transfer,
                      memoryType: dyn_h5t_native_double(), buffer: buffer.baseAddress)
        }
    }

    /// Writes 64-bit integers; see `write(_:selection:transfer:)` for doubles.
    @discardableResult
    public func write(integers values: [Int64], selection: HDF5Selection = .all, transfer: HDF5Transfer = .collective) throws -> HDF5ActualTransfer {
        try values.withUnsafeBytes { buffer in
            try write(count: values.count, selection: selection, transfer: transfer,
                      memoryType: dyn_h5t_native_int64(), buffer: buffer.baseAddress)
        }
    }

    /// Writes strings to a string dataset. HDF5 1.10 cannot write variable-length
    /// strings through the MPI-IO driver: for those, reopen the file serially
    /// (`HDF5File.openForUpdate`) from one rank.
    public func write(strings: [String], selection: HDF5Selection = .all, transfer: HDF5Transfer = .collective) throws {
        if elementType == .variableString && file.isParallel {
            throw HDF5Error(operation: "H5Dwrite", path: file.path, object: name,
                            detail: "HDF5 1.10 cannot write variable-length strings through the MPI-IO driver; reopen the file serially")
        }
        var failure: Error?
        let status = try HDF5StringBuffer.withBuffer(strings, as: elementType, path: file.path, object: name) { memoryType, buffer in
            do {
                _ = try write(count: strings.count, selection: selection, transfer: transfer, memoryType: memoryType, buffer: buffer)
                return 0
            } catch {
                failure = error
                return -1
            }
        }
        if let failure { throw failure }
        try h5check(status, "H5Dwrite", path: file.path, object: name)
    }

    /// The common path of all writes: checks the selection against the buffer, builds
    /// the dataspaces and the transfer list, and calls H5Dwrite.
    private func write(count: Int, selection: HDF5Selection, transfer: HDF5Transfer,
                       memoryType: hid_t, buffer: UnsafeRawPointer?) throws -> HDF5ActualTransfer {
        try requireOpen("H5Dwrite")
        guard file.isWritable else {
            throw HDF5Error(operation: "H5Dwrite", path: file.path, object: name, detail: "the file is open read-only")
        }
        try selection.validate(shape: shape, path: file.path, object: name)
        let (fileSpace, memorySpace) = try spaces(selection: selection, count: count)
        defer { H5Sclose(fileSpace); H5Sclose(memorySpace) }
        let dxpl = try transferList(transfer)
        defer { if dxpl != hid_t(H5P_DEFAULT) { H5Pclose(dxpl) } }
        // HDF5 rejects a null buffer even for an empty selection: point at a dummy.
        var dummy: Double = 0
        _ = try withUnsafeBytes(of: &dummy) { dummyBytes in
            try h5check(H5Dwrite(id, memoryType, memorySpace, fileSpace, dxpl, buffer ?? dummyBytes.baseAddress),
                        "H5Dwrite", path: file.path, object: name)
        }
        guard dxpl != hid_t(H5P_DEFAULT) else { return .serial }
        var mode = H5D_MPIO_NO_COLLECTIVE
        guard H5Pget_mpio_actual_io_mode(dxpl, &mode) >= 0 else {
            H5Eclear2(hid_t(H5E_DEFAULT))
            return .independent
        }
        switch mode {
        case H5D_MPIO_NO_COLLECTIVE: return .independent
        case H5D_MPIO_CHUNK_MIXED: return .mixed
        case H5D_MPIO_CHUNK_INDEPENDENT: return .independent
        default: return .collective
        }
    }

    // MARK: Reading

    /// Reads the selected elements as doubles (integers are converted), row-major.
    public func readDoubles(_ selection: HDF5Selection = .all) throws -> [Double] {
        try readNumbers(selection, as: Double.self, memoryType: dyn_h5t_native_double())
    }

    /// Reads the selected elements as 64-bit integers (floats are truncated by HDF5).
    public func readInt64s(_ selection: HDF5Selection = .all) throws -> [Int64] {
        try readNumbers(selection, as: Int64.self, memoryType: dyn_h5t_native_int64())
    }

    /// Reads the selected elements of a string dataset (fixed or variable length).
    public func readStrings(_ selection: HDF5Selection = .all) throws -> [String] {
        try requireOpen("H5Dread")
        guard elementType.isString else {
            throw HDF5Error(operation: "H5Dread", path: file.path, object: name, detail: "the dataset holds \(elementType), not strings")
        }
        try selection.validate(shape: shape, path: file.path, object: name)
        let count = try selectedCount(selection)
        let (fileSpace, memorySpace) = try spaces(selection: selection, count: count)
        defer { H5Sclose(fileSpace); H5Sclose(memorySpace) }
        let type = try h5check(H5Dget_type(id), "H5Dget_type", path: file.path, object: name)
        defer { H5Tclose(type) }
        return try HDF5StringBuffer.read(count: count, fileType: type, path: file.path, object: name) { memoryType, buffer in
            H5Dread(id, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer)
        } reclaim: { memoryType, buffer in
            H5Dvlen_reclaim(memoryType, memorySpace, hid_t(H5P_DEFAULT), buffer)
        }
    }

    private func readNumbers<T: Numeric>(_ selection: HDF5Selection, as: T.Type, memoryType: hid_t) throws -> [T] {
        try requireOpen("H5Dread")
        guard !elementType.isString else {
            throw HDF5Error(operation: "H5Dread", path: file.path, object: name, detail: "the dataset holds strings, not numbers")
        }
        try selection.validate(shape: shape, path: file.path, object: name)
        let count = try selectedCount(selection)
        var values = [T](repeating: 0, count: count)
        guard count > 0 else { return values }
        let (fileSpace, memorySpace) = try spaces(selection: selection, count: count)
        defer { H5Sclose(fileSpace); H5Sclose(memorySpace) }
        _ = try values.withUnsafeMutableBytes { buffer in
            try h5check(H5Dread(id, memoryType, memorySpace, fileSpace, hid_t(H5P_DEFAULT), buffer.baseAddress),
                        "H5Dread", path: file.path, object: name)
        }
        return values
    }

    // MARK: Dataspaces and transfer lists

    /// Number of elements a selection covers in this dataset (overlaps counted once).
    public func selectedCount(_ selection: HDF5Selection) throws -> Int {
        try requireOpen("H5Sget_select_npoints")
        let datasetSpace = try h5check(H5Dget_space(id), "H5Dget_space", path: file.path, object: name)
        defer { H5Sclose(datasetSpace) }
        let fileSpace = try selection.makeFileSpace(datasetSpace: datasetSpace, path: file.path, object: name)
        defer { H5Sclose(fileSpace) }
        return Int(try h5check(H5Sget_select_npoints(fileSpace), "H5Sget_select_npoints", path: file.path, object: name))
    }

    /// The file dataspace for `selection` and a memory dataspace of `count` elements,
    /// after checking that they hold the same number of elements. The caller closes both.
    private func spaces(selection: HDF5Selection, count: Int) throws -> (file: hid_t, memory: hid_t) {
        let datasetSpace = try h5check(H5Dget_space(id), "H5Dget_space", path: file.path, object: name)
        defer { H5Sclose(datasetSpace) }
        let fileSpace = try selection.makeFileSpace(datasetSpace: datasetSpace, path: file.path, object: name)
        let selected = H5Sget_select_npoints(fileSpace)
        guard selected == count else {
            H5Sclose(fileSpace)
            throw HDF5Error(operation: "H5Dwrite", path: file.path, object: name,
                            detail: "the buffer has \(count) elements but the selection covers \(selected) (overlapping blocks?)")
        }
        do {
            let memorySpace = try HDF5Selection.makeMemorySpace(count: count, path: file.path, object: name)
            return (fileSpace, memorySpace)
        } catch {
            H5Sclose(fileSpace)
            throw error
        }
    }

    /// A transfer property list for a parallel file (collective or independent MPI-IO),
    /// or H5P_DEFAULT for a serial one. The caller closes a list it did not get as default.
    private func transferList(_ transfer: HDF5Transfer) throws -> hid_t {
        guard file.isParallel else { return hid_t(H5P_DEFAULT) }
        let dxpl = try h5check(H5Pcreate(dyn_h5p_dataset_xfer()), "H5Pcreate", path: file.path, object: name)
        let mode = transfer == .collective ? H5FD_MPIO_COLLECTIVE : H5FD_MPIO_INDEPENDENT
        if H5Pset_dxpl_mpio(dxpl, mode) < 0 {
            H5Pclose(dxpl)
            throw HDF5Error.fromStack(operation: "H5Pset_dxpl_mpio", path: file.path, object: name)
        }
        return dxpl
    }
}
