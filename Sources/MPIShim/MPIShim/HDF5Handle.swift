import CHDF5

/// One open HDF5 identifier (file, group, dataset) and the routine that closes it.
/// Closing is explicit (`close()`, which reports errors); `deinit` closes a handle that
/// was forgotten, as a safety net, and a file closes the handles of its objects before
/// itself, so no identifier outlives its file.
final class HDF5Handle {
    enum Kind {
        case file, group, dataset

        var routine: String {
            switch self {
            case .file: return "H5Fclose"
            case .group: return "H5Gclose"
            case .dataset: return "H5Dclose"
            }
        }

        func close(_ id: hid_t) -> herr_t {
            switch self {
            case .file: return H5Fclose(id)
            case .group: return H5Gclose(id)
            case .dataset: return H5Dclose(id)
            }
        }
    }

    let kind: Kind
    private(set) var id: hid_t
    var isOpen: Bool { id >= 0 }

    init(_ id: hid_t, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// Closes the identifier once; later calls do nothing.
    func close(path: String, object: String = "") throws {
        guard isOpen else { return }
        let status = kind.close(id)
        id = -1
        try h5check(status, kind.routine, path: path, object: object)
    }

    /// Forgets the identifier without closing it. For a parallel file after a failure:
    /// H5Dclose and H5Fclose may flush metadata collectively, and a rank that calls them
    /// while another took a different path waits forever (or, after a failed flush,
    /// leaves HDF5 a half-destroyed file that its exit handler then crashes on). The
    /// identifier stays open until the process ends.
    func abandon() {
        id = -1
    }

    deinit {
        if isOpen {
            _ = kind.close(id)
            H5Eclear2(hid_t(H5E_DEFAULT))
        }
    }
}

/// Weak references to the objects opened in one file, closed before the file itself
/// (the MPI-IO driver refuses to close a file whose objects are still open).
final class HDF5ChildRegistry {
    private struct Entry { weak var handle: HDF5Handle? }
    private var entries: [Entry] = []

    func add(_ handle: HDF5Handle) {
        entries.removeAll { $0.handle == nil || $0.handle?.isOpen == false }
        entries.append(Entry(handle: handle))
    }

    /// Closes every still-open child; returns the first error after trying them all.
    func closeAll(path: String) throws {
        var firstError: Error?
        for entry in entries {
            guard let handle = entry.handle else { continue }
            do { try handle.close(path: path) } catch { firstError = firstError ?? error }
        }
        entries.removeAll()
        if let firstError { throw firstError }
    }

    /// Forgets every child without closing it (see `HDF5Handle.abandon()`).
    func abandonAll() {
        for entry in entries { entry.handle?.abandon() }
        entries.removeAll()
    }
}
