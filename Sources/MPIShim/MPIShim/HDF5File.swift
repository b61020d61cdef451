import CHDF5
import CMPI

/// An open HDF5 file: created collectively through the MPI-IO driver for writing, or
/// opened serially (default driver) for reading or for a serial update.
///
/// Links (datasets) and attributes are created with creation order tracked and indexed,
/// as netCDF-4 does, so readers list variables and attributes in the order written.
/// Objects opened in the file are closed by `close()` before the file; `deinit` closes a
/// forgotten serial file as a safety net. A parallel file is never closed by `deinit`:
/// H5Fclose is collective, and a rank that releases the file while unwinding from an
/// error would wait forever for ranks that never call it. Close a parallel file
/// explicitly on every rank, or `abandon()` it on every rank after an agreed failure.
public final class HDF5File {
    /// The file's path as given.
    public let path: String
    /// Whether the file was opened with the MPI-IO driver (writes can be collective).
    public let isParallel: Bool
    /// Whether the file was opened for writing.
    public let isWritable: Bool

    let handle: HDF5Handle
    let children = HDF5ChildRegistry()

    private init(path: String, id: hid_t, isParallel: Bool, isWritable: Bool) {
        self.path = path
        self.handle = HDF5Handle(id, kind: .file)
        self.isParallel = isParallel
        self.isWritable = isWritable
    }

    /// The raw identifier, for the typed wrappers in this module.
    var id: hid_t { handle.id }

    /// Whether the file is still open.
    public var isOpen: Bool { handle.isOpen }

    // MARK: Creating and opening

    /// Creates (truncating) `path` with the MPI-IO driver on `communicator`. Collective:
    /// every rank of the communicator calls it with the same path. If the file system
    /// refuses file locks, every rank retries with locking disabled (warning once).
    public static func create(path: String, communicator: Communicator) throws -> HDF5File {
        HDF5Library.prepare()
        let first = attemptCreate(path: path, communicator: communicator, disableLocking: HDF5Library.fileLockingDisabled)
        let outcome = try agree(first, communicator: communicator, path: path)
        if case .retryWithoutLocking(let error) = outcome {
            HDF5Library.disableFileLocking(after: error)
            let second = attemptCreate(path: path, communicator: communicator, disableLocking: true)
            if case .retryWithoutLocking(let error) = try agree(second, communicator: communicator, path: path) {
                throw error
            }
            return try HDF5File(path: path, id: second.get(), isParallel: true, isWritable: true)
        }
        return try HDF5File(path: path, id: first.get(), isParallel: true, isWritable: true)
    }

    /// Opens an existing file read-only with the default (serial) driver.
    public static func openForReading(path: String) throws -> HDF5File {
        try openSerial(path: path, writable: false)
    }

    /// Opens an existing file read-write with the default (serial) driver: for writes the
    /// MPI-IO driver cannot do, such as variable-length strings in HDF5 1.10. Only one
    /// process may have the file open at that time.
    public static func openForUpdate(path: String) throws -> HDF5File {
        try openSerial(path: path, writable: true)
    }

    private static func openSerial(path: String, writable: Bool) throws -> HDF5File {
        HDF5Library.prepare()
        let flags = writable ? dyn_h5f_acc_rdwr() : dyn_h5f_acc_rdonly()
        func attempt(disableLocking: Bool) throws -> hid_t {
            let fapl = try accessList(path: path, communicator: nil, disableLocking: disableLocking)
            defer { H5Pclose(fapl) }
            return try h5check(H5Fopen(path, flags, fapl), "H5Fopen", path: path)
        }
        do {
            let id = try attempt(disableLocking: HDF5Library.fileLockingDisabled)
            return HDF5File(path: path, id: id, isParallel: false, isWritable: writable)
        } catch let error as HDF5Error where error.isFileLockingUnsupported && !HDF5Library.fileLockingDisabled {
            HDF5Library.disableFileLocking(after: error)
            let id = try attempt(disableLocking: true)
            return HDF5File(path: path, id: id, isParallel: false, isWritable: writable)
        }
    }

    // MARK: Flushing and closing

    /// Flushes the file's buffers to storage (collective for a parallel file).
    public func flush() throws {
        try requireOpen("H5Fflush")
        try h5check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush", path: path)
    }

    /// Closes every object still open in the file, then the file (collective for a
    /// parallel file). Later calls do nothing.
    public func close() throws {
        guard handle.isOpen else { return }
        var firstError: Error?
        do { try children.closeAll(path: path) } catch { firstError = error }
        do { try handle.close(path: path) } catch { firstError = firstError ?? error }
        if let firstError { throw firstError }
    }

    /// Gives up the file without closing it or its objects: after a failure that every
    /// rank agreed on, when H5Fclose (collective, flushing metadata to a file that just
    /// failed to take it) could hang between ranks or leave HDF5 a half-destroyed file.
    /// The identifiers stay open until the process ends; the caller removes the file.
    /// `HDF5Library` turns HDF5's own exit handler off, so nothing closes them at exit.
    public func abandon() {
        children.abandonAll()
        handle.abandon()
    }

    deinit {
        if isParallel {
            abandon()
        } else {
            try? children.closeAll(path: path)
        }
    }

    /// Throws when the file was already closed.
    func requireOpen(_ operation: String, object: String = "") throws {
        guard handle.isOpen else {
            throw HDF5Error(operation: operation, path: path, object: object, detail: "the file is closed")
        }
    }

    // MARK: Property lists and collective agreement

    /// A file-access property list: MPI-IO on `communicator` if given, file locking off
    /// if asked. The caller closes it.
    private static func accessList(path: String, communicator: Communicator?, disableLocking: Bool) throws -> hid_t {
        let fapl = try h5check(H5Pcreate(dyn_h5p_file_access()), "H5Pcreate", path: path)
        do {
            if let communicator {
                try h5check(H5Pset_fapl_mpio(fapl, communicator.handle, dyn_mpi_info_null()), "H5Pset_fapl_mpio", path: path)
            }
            if disableLocking {
                try h5check(H5Pset_file_locking(fapl, false, true), "H5Pset_file_locking", path: path)
            }
        } catch {
            H5Pclose(fapl)
            throw error
        }
        return fapl
    }

    /// A file-creation property list with link and attribute creation order tracked and
    /// indexed (as netCDF-4 files have). The caller closes it.
    private static func creationList(path: String) throws -> hid_t {
        let fcpl = try h5check(H5Pcreate(dyn_h5p_file_create()), "H5Pcreate", path: path)
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        do {
            try h5check(H5Pset_link_creation_order(fcpl, order), "H5Pset_link_creation_order", path: path)
            try h5check(H5Pset_attr_creation_order(fcpl, order), "H5Pset_attr_creation_order", path: path)
        } catch {
            H5Pclose(fcpl)
            throw error
        }
        return fcpl
    }

    /// One rank's attempt at H5Fcreate.
    private static func attemptCreate(path: String, communicator: Communicator, disableLocking: Bool) -> Result<hid_t, HDF5Error> {
        Result {
            let fapl = try accessList(path: path, communicator: communicator, disableLocking: disableLocking)
            defer { H5Pclose(fapl) }
            let fcpl = try creationList(path: path)
            defer { H5Pclose(fcpl) }
            return try h5check(H5Fcreate(path, dyn_h5f_acc_trunc(), fcpl, fapl), "H5Fcreate", path: path)
        }.mapError { $0 as? HDF5Error ?? HDF5Error(operation: "H5Fcreate", path: path, detail: "\($0)") }
    }

    private enum Agreement {
        case proceed
        case retryWithoutLocking(HDF5Error)
    }

    /// Makes every rank take the same decision after a collective create: proceed when
    /// all succeeded, retry without locking when all failed on locking, throw otherwise.
    /// (MPI_File_open is collective, so mixed outcomes are not expected; if they happen a
    /// rank that succeeded leaves its identifier unclosed rather than hang in a collective
    /// close the others never reach.)
    private static func agree(_ outcome: Result<hid_t, HDF5Error>, communicator: Communicator, path: String) throws -> Agreement {
        var flags: [Double] = [0, 0, 0]  // [someone succeeded, someone hit locking, someone failed otherwise]
        switch outcome {
        case .success: flags[0] = 1
        case .failure(let error) where error.isFileLockingUnsupported: flags[1] = 1
        case .failure: flags[2] = 1
        }
        try communicator.allreduceMax(&flags)
        switch outcome {
        case .success:
            if flags[1] == 0 && flags[2] == 0 { return .proceed }
            throw HDF5Error(operation: "H5Fcreate", path: path, detail: "another rank could not create the file")
        case .failure(let error):
            if flags[1] == 1 && flags[0] == 0 && flags[2] == 0 && error.isFileLockingUnsupported {
                return .retryWithoutLocking(error)
            }
            throw error
        }
    }
}
