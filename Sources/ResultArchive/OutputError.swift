/// Why a result file could not be written or read. Each case prints as one line that
/// names the file (and the option to change, where the user can fix it).
package enum OutputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The output file exists and the caller did not pass --force.
    case destinationExists(path: String)
    /// The directory the output file would go in does not exist.
    case directoryMissing(directory: String)
    /// The path cannot name an output file (empty, a directory, an input, not writable).
    case unusablePath(path: String, reason: String)
    /// The `SweepResult` (or realization rows) cannot be laid out as a netCDF dataset.
    case invalidResult(path: String, reason: String)
    /// Another rank failed (`rank`, with its message); this rank stopped at the same
    /// point so that no rank waits in a collective call the others never reach.
    case failedOnAnotherRank(path: String, rank: Int, reason: String)
    /// The file would not fit: `needed` bytes planned, `available` free in `directory`.
    /// Checked before the file is created.
    case insufficientSpace(path: String, directory: String, needed: Int, available: Int)
    /// A write failed and the file system of `directory` has (almost) no space left.
    case diskFull(path: String, directory: String, needed: Int, available: Int)
    /// The finished `<path>.partial` could not be renamed to `<path>`.
    case renameFailed(from: String, to: String, reason: String)
    /// A variable asked of a reader is not in the file.
    case variableNotFound(name: String, path: String)

    package var description: String {
        switch self {
        case .destinationExists(let path):
            return "output \(path) exists; pass --force to overwrite it or choose another --output"
        case .directoryMissing(let directory):
            return "directory \(directory) does not exist"
        case .unusablePath(let path, let reason):
            return "cannot use \"\(path)\" as the output: \(reason)"
        case .invalidResult(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .failedOnAnotherRank(_, let rank, let reason):
            return "\(reason) (on rank \(rank))"
        case .insufficientSpace(let path, let directory, let needed, let available):
            return "cannot write \(path): it needs about \(DiskSpace.megabytes(needed)) in \(directory), "
                + "\(DiskSpace.megabytes(available)) free; free space (or choose another --output) and run again with --resume"
        case .diskFull(let path, let directory, let needed, let available):
            return "cannot write \(path): the disk is full (\(DiskSpace.megabytes(available)) free in \(directory), "
                + "the file needs about \(DiskSpace.megabytes(needed))); free space and run again with --resume"
        case .renameFailed(let from, let to, let reason):
            return "could not rename \(from) to \(to): \(reason)"
        case .variableNotFound(let name, let path):
            return "\(path) has no variable \(name)"
        }
    }
}
