import Foundation
import MPIShim

extension ResultWriter {
    /// Runs one step of the write on every rank and makes every rank take the same way
    /// out of it. HDF5's parallel calls must be made by all ranks in the same order, and
    /// a failure (a full disk, a read-only remount) often shows on one rank only (HDF5
    /// 1.10 writes fill values and much metadata from rank 0), so every call that can
    /// fail is agreed on before the next one. If the step failed anywhere:
    /// - every rank learns the lowest failing rank's message (a full disk said as such);
    /// - every rank gives the file up without closing it (`giveUp()`: H5Fclose is
    ///   collective and flushes, so after a failure it can wait forever for a rank on
    ///   another path, or crash on a file HDF5 half-destroyed);
    /// - rank 0 removes the `.partial`;
    /// - every rank throws: the failing rank its error, the others `failedOnAnotherRank`.
    /// A check that touches no HDF5 state (rows refused before their dataset exists)
    /// passes `givingUp: false`: the ranks agree, and the writer stays usable.
    /// Collective.
    @discardableResult
    func agree<T>(givingUp: Bool = true, _ step: () throws -> T) throws -> T {
        var value: T?
        var localError: Error?
        do { value = try step() } catch { localError = diagnose(error) }
        // The lowest failing rank has the largest (size - rank).
        var flag = [localError == nil ? 0 : Double(communicator.size - communicator.rank)]
        try communicator.allreduceMax(&flag)
        if flag[0] == 0, let value { return value }
        let failingRank = communicator.size - Int(flag[0])
        let message = try communicator.broadcast(localError.map { "\($0)" } ?? "", root: failingRank)
        if givingUp { giveUp() }
        if let localError { throw localError }
        throw OutputError.failedOnAnotherRank(path: destination.path, rank: failingRank, reason: message)
    }

    /// Runs `body` on rank 0 only (the serial phase: text variables and the rename) and
    /// shares the outcome as `agree` does. Collective.
    func onRootThenShare(_ body: () throws -> Void) throws {
        try agree { if communicator.isRoot { try body() } }
    }

    /// The error a failed step reports: a full disk as `OutputError.diskFull` with the
    /// amounts (HDF5 itself only says "file write failed"), anything else unchanged.
    func diagnose(_ error: Error) -> Error {
        if error is OutputError { return error }
        let available = DiskSpace.available(in: destination.directory)
        guard DiskSpace.looksFull(available: available, needed: plannedBytes) else { return error }
        return OutputError.diskFull(path: destination.path, directory: destination.directory,
                                    needed: plannedBytes, available: available ?? 0)
    }

    /// After an agreed failure, on every rank: forgets the open file and its datasets
    /// without a collective close, and on rank 0 empties and removes the `.partial`
    /// (emptying returns its blocks to the file system at once, even while the ranks
    /// still hold it open). A file at the final path is never touched.
    func giveUp() {
        file?.abandon()
        file = nil
        scales.removeAll()
        if communicator.isRoot {
            let partial = destination.partialPath
            _ = truncate(partial, 0)
            _ = unlink(partial)
        }
    }

    /// The root's check that the planned file fits in the free space of its directory,
    /// before the file is created. `DYNSWEEP_SKIP_SPACE_CHECK=1` skips it: a test hook
    /// to make a disk fill up during the write, as when another process fills it.
    func checkSpace() throws {
        guard communicator.isRoot, ProcessInfo.processInfo.environment["DYNSWEEP_SKIP_SPACE_CHECK"] != "1" else {
            return
        }
        try DiskSpace.check(needed: plannedBytes, available: DiskSpace.available(in: destination.directory),
                            path: destination.path, directory: destination.directory)
    }
}
