import Foundation

/// Where a result goes: the final path, the `<path>.partial` it is written to first, and
/// the checks made before any rank touches the file system.
///
/// A crash leaves at most a `.partial` file: only a complete file is renamed to the
/// final path, so a file at `<path>` is always finished.
package struct ResultDestination: Sendable, Equatable {
    /// The path the finished file gets.
    package let path: String

    package init(path: String) {
        self.path = path
    }

    /// The file written while the result is incomplete: `<path>.partial`, in the same
    /// directory, so that the final rename stays on one file system (and is atomic).
    package var partialPath: String { path + ".partial" }

    /// The directory the file goes in ("." for a bare file name).
    package var directory: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Throws `OutputError.directoryMissing` when the directory does not exist (or is
    /// not a directory).
    package func checkDirectory() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError.directoryMissing(directory: directory)
        }
    }

    /// Throws when the directory is missing, or when the file exists and `force` is
    /// false (`OutputError.destinationExists`).
    package func check(force: Bool) throws {
        try checkDirectory()
        if !force && FileManager.default.fileExists(atPath: path) {
            throw OutputError.destinationExists(path: path)
        }
    }

    /// Renames the finished partial file to the final path, replacing a file there
    /// (POSIX rename: atomic within one file system).
    func commit() throws {
        guard rename(partialPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw OutputError.renameFailed(from: partialPath, to: path, reason: reason)
        }
    }
}

extension ResultWriter {
    /// The pre-flight check the CLI runs before a sweep starts (the overwrite policy is
    /// the caller's): throws "output <path> exists; pass --force to overwrite it or
    /// choose another --output" when the file exists and `force` is false, and
    /// "directory <dir> does not exist" when its directory is missing.
    package static func checkDestination(path: String, force: Bool) throws {
        try ResultDestination(path: path).check(force: force)
    }
}
