import Foundation
import ResultArchive

/// Writes that survive a crash or a SIGKILL at any moment: the bytes go to a temporary
/// name in the same directory, are fsynced, renamed over the final name (atomic on POSIX
/// file systems), and the directory is fsynced so the rename itself is durable. A reader
/// sees either the old state or the whole new file, never a part of it.
enum DurableFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = PathText.directory(of: path)
        let temporary = directory + "/." + PathText.lastComponent(of: path) + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("create", temporary) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("write", temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync", temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename", path)
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Makes a directory's entries (creations, renames) durable.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    private static func failure(_ operation: String, _ path: String) -> CoordinatorError {
        let reason = String(cString: strerror(errno))
        return CoordinatorError("cannot \(operation) \(path): \(reason)"
            + (errno == ENOSPC ? " (the disk is full; free space and run again with --resume)" : ""))
    }
}
