import CHDF5

/// A failed HDF5 operation: the C routine (or a short description of what was being
/// done), the file it concerned, the object inside the file if any, and the most
/// specific message on HDF5's error stack. HDF5's automatic stack printing is silenced
/// (see `HDF5Library`), so this one line is all the user sees.
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    /// The HDF5 routine or the operation that failed, e.g. `H5Dwrite`.
    public let operation: String
    /// The file the operation concerned.
    public let path: String
    /// The object inside the file (dataset or attribute name), or empty.
    public let object: String
    /// The innermost message on HDF5's error stack (or our own explanation).
    public let detail: String

    public init(operation: String, path: String, object: String = "", detail: String) {
        self.operation = operation
        self.path = path
        self.object = object
        self.detail = detail
    }

    public var description: String {
        let target = object.isEmpty ? path : "\(path) (\(object))"
        return "HDF5 \(operation) failed for \(target): \(detail)"
    }

    /// Whether the failure came from the file system refusing file locks (Lustre and
    /// some NFS mounts return ENOSYS 38, EOPNOTSUPP 95 or ENOTSUPP 524). A lock held by
    /// another process (EAGAIN/EWOULDBLOCK 11) is a real conflict and is not matched.
    public var isFileLockingUnsupported: Bool { HDF5Error.isFileLockingUnsupported(message: detail) }

    /// Classifies an HDF5 error-stack message as "file locking unsupported" (see
    /// `isFileLockingUnsupported`).
    public static func isFileLockingUnsupported(message: String) -> Bool {
        let text = message.lowercased()
        guard text.contains("lock") else { return false }
        return ["errno = 38,", "errno = 95,", "errno = 524,"].contains { text.contains($0) }
            || text.contains("function not implemented") || text.contains("not supported")
    }

    /// Builds an error from HDF5's current error stack (then clears the stack).
    static func fromStack(operation: String, path: String, object: String = "") -> HDF5Error {
        HDF5Error(operation: operation, path: path, object: object, detail: HDF5ErrorStack.takeMessage())
    }
}

/// Reads and clears HDF5's default error stack.
enum HDF5ErrorStack {
    /// The error-stack messages, innermost (most specific) first, joined by "; " after
    /// the innermost when the outer ones add locking information. Clears the stack.
    static func takeMessage() -> String {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let walker: H5E_walk2_t = { _, entry, data in
            guard let entry, let data else { return 0 }
            let box = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
            if let desc = entry.pointee.desc {
                box.messages.append(String(cString: desc))
            }
            return 0
        }
        withExtendedLifetime(collector) {
            _ = H5Ewalk2(hid_t(H5E_DEFAULT), H5E_WALK_UPWARD, walker, Unmanaged.passUnretained(collector).toOpaque())
        }
        H5Eclear2(hid_t(H5E_DEFAULT))
        guard let innermost = collector.messages.first(where: { !$0.isEmpty }) else {
            return "no message on the HDF5 error stack"
        }
        // A locking failure is often reported below a generic "unable to open file":
        // keep the lock message visible, since the caller decides on a retry from it.
        if !innermost.lowercased().contains("lock"),
           let lock = collector.messages.first(where: { $0.lowercased().contains("lock") }) {
            return "\(innermost); \(lock)"
        }
        return innermost
    }
}

/// Throws an `HDF5Error` built from the error stack when `status` is negative (herr_t,
/// hid_t and htri_t all signal failure that way); returns `status` otherwise.
@discardableResult
func h5check<T: BinaryInteger>(_ status: T, _ operation: String, path: String, object: String = "") throws -> T {
    if status < 0 { throw HDF5Error.fromStack(operation: operation, path: path, object: object) }
    return status
}
