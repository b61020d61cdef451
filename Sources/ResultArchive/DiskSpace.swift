import Foundation

/// Free space on the file system of the output directory, and the one-line refusals
/// built from it: before a write that would not fit, and after a write the disk cut
/// short. A full disk is the user's environment, so both name the amounts, the
/// directory, and what to do.
package enum DiskSpace {
    /// Bytes an unprivileged process may still write in `directory` (statvfs
    /// `f_bavail * f_frsize`), or nil when the file system does not say.
    package static func available(in directory: String) -> Int? {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        let bytes = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        return Int(clamping: bytes)
    }

    /// Throws `OutputError.insufficientSpace` when `needed` bytes do not fit in
    /// `directory` (`available` is the free space, measured by the caller).
    package static func check(needed: Int, available: Int?, path: String, directory: String) throws {
        guard let available, available < needed else { return }
        throw OutputError.insufficientSpace(path: path, directory: directory, needed: needed, available: available)
    }

    /// Whether a failed write looks like a full disk: less free space than the larger of
    /// 1 MiB and 1% of what the file needs (what is left after a write failed for lack
    /// of space is at most about one block).
    package static func looksFull(available: Int?, needed: Int) -> Bool {
        guard let available else { return false }
        return available < max(1 << 20, needed / 100)
    }

    /// Bytes in megabytes (10^6) with one decimal, as `df -H` counts them.
    package static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
