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
    package var directory: String { PathText.directory(of: path) }

    /// Every check that does not depend on what is already at the path: a non-empty file
    /// name (not a directory spelling such as "." or "x/"), no NUL, not "-", a directory
    /// that exists and is writable, and not one of `inputs` (the config file, the result
    /// being plotted). Throws one `OutputError` line naming the path; `dynsweep validate`
    /// runs this, and `check(force:inputs:)` runs it before any work.
    package func checkPath(inputs: [String] = []) throws {
        let name = PathText.lastComponent(of: path)
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw OutputError.unusablePath(path: path, reason: "it is empty; give a file name such as out/run.h5")
        }
        if path.contains("\0") {
            throw OutputError.unusablePath(path: path, reason: "it contains a NUL character")
        }
        if path == "-" {
            throw OutputError.unusablePath(path: path, reason: "dynsweep writes files, not standard output; "
                + "give a file name such as run.h5")
        }
        if name.isEmpty || name == "." || name == ".." || isDirectory(path) {
            throw OutputError.unusablePath(path: path, reason: "it is a directory; give a file name inside it, "
                + "e.g. \(name.isEmpty ? path : path + "/")run.h5")
        }
        guard isDirectory(directory) else { throw OutputError.directoryMissing(directory: directory) }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw OutputError.unusablePath(path: path, reason: "its directory \(directory) is not writable")
        }
        let resolved = Self.resolved(path)
        if let input = inputs.first(where: { Self.resolved($0) == resolved }) {
            throw OutputError.unusablePath(path: path, reason: "it is the input \(input); choose another output")
        }
    }

    /// `checkPath`, then: when a file is already at the path and `force` is false,
    /// `OutputError.destinationExists`.
    package func check(force: Bool, inputs: [String] = []) throws {
        try checkPath(inputs: inputs)
        if !force && FileManager.default.fileExists(atPath: path) {
            throw OutputError.destinationExists(path: path)
        }
    }

    private func isDirectory(_ candidate: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The absolute path with its directory's symbolic links resolved, for comparing two
    /// spellings of one file (the file itself need not exist).
    private static func resolved(_ path: String) -> String {
        let directory = PathText.directory(of: path), name = PathText.lastComponent(of: path)
        guard let real = realpath(directory, nil) else { return path }
        defer { free(real) }
        let base = String(cString: real)
        return (base == "/" ? "" : base) + "/" + name
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
    package static func checkDestination(path: String, force: Bool, inputs: [String] = []) throws {
        try ResultDestination(path: path).check(force: force, inputs: inputs)
    }
}
