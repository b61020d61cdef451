import CHDF5
import Foundation

/// Process-wide HDF5 set-up: silences HDF5's automatic error printing (errors become
/// `HDF5Error`s with one line each) and remembers whether file locking had to be turned
/// off, so that the warning about it is printed once per process and later opens skip the
/// failing attempt.
public enum HDF5Library {
    /// Silences automatic error printing; idempotent, called by every file entry point.
    static func prepare() {
        state.withLock { s in
            guard !s.prepared else { return }
            _ = H5open()
            dyn_h5_silence_errors()
            s.prepared = true
        }
    }

    /// Whether file locking is disabled for files this process opens from now on
    /// (after a file system refused locks once).
    public static var fileLockingDisabled: Bool { state.withLock { $0.lockingDisabled } }

    /// Records that the file system refused file locks on `path` and prints a one-line
    /// warning to standard error the first time.
    static func disableFileLocking(after error: HDF5Error) {
        let first = state.withLock { s -> Bool in
            defer { s.lockingDisabled = true }
            return !s.lockingDisabled
        }
        guard first else { return }
        let line = "dynsweep: warning: the file system refused HDF5 file locks on \(error.path) "
            + "(\(error.detail)); continuing with file locking disabled, as with HDF5_USE_FILE_LOCKING=FALSE\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Mutable process-wide state behind a lock (HDF5 itself is used from one thread).
    private struct State {
        var prepared = false
        var lockingDisabled = false
    }

    private final class Locked: @unchecked Sendable {
        private let lock = NSLock()
        private var value = State()
        func withLock<R>(_ body: (inout State) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }

    private static let state = Locked()
}
