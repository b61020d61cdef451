import MPIShim
import SweepDataset

/// Writes a `SweepResult` from all ranks into one netCDF-4-compatible HDF5 file that
/// `xarray.open_dataset(path, engine="h5netcdf")` opens with real labels (see
/// `ResultLayout` for the conventions).
///
/// Life of a write, collective on `communicator` (every rank makes the same calls with
/// the same `SweepResult`):
/// 1. `init` checks the result and the directory, creates `<path>.partial` with the
///    MPI-IO driver, writes attributes, dimension scales and every numeric variable,
///    each rank its own block of rows along `point` (one collective write per variable).
/// 2. `writeRealizations` (optional, repeatable) adds a per-realization variable in
///    which each rank writes its own rows.
/// 3. `finish` closes the file on all ranks; rank 0 then writes the text variables
///    (HDF5 1.10 cannot write variable-length strings through MPI-IO) through a serial
///    open and renames `<path>.partial` to `<path>`. Only a complete file gets the name.
///
/// Errors that depend on one rank's data are agreed on before the next collective
/// call, so every rank throws instead of some waiting forever. A failure leaves the
/// `.partial` file behind, never a file at `<path>`.
package final class ResultWriter {
    /// The dimension along which ranks split the writing of variables.
    package static let pointDimension = SweepResult.pointDimension

    /// Where the file goes (`destination.partialPath` while it is being written).
    package let destination: ResultDestination
    let communicator: Communicator
    let layout: ResultLayout
    var file: HDF5File?
    /// Open dimension-scale datasets by dimension name (attached to later variables).
    var scales: [String: HDF5Dataset] = [:]
    /// Names of the datasets written so far (result variables, then realizations).
    var writtenNames: Set<String> = []

    /// Writes `result` (and optional per-realization variables, each rank passing its own
    /// rows) to `path` and renames it into place; see the type's documentation.
    package static func write(_ result: SweepResult, to path: String, communicator: Communicator,
                             realizations: [RealizationVariable] = []) throws {
        let writer = try ResultWriter(result: result, path: path, communicator: communicator)
        for variable in realizations {
            try writer.writeRealizations(variable)
        }
        try writer.finish()
    }

    /// Creates `<path>.partial` and writes everything of `result` except text
    /// variables (written by `finish`). Collective.
    package init(result: SweepResult, path: String, communicator: Communicator) throws {
        destination = ResultDestination(path: path)
        self.communicator = communicator
        layout = try ResultLayout(result, path: path)
        try agree { try destination.checkPath() }
        let file = try HDF5File.create(path: destination.partialPath, communicator: communicator)
        self.file = file
        try writeStructure(of: result, into: file)
    }

    /// Closes the file on every rank, lets rank 0 write the text variables and rename
    /// the file into place; every rank returns once the file is at `destination.path`.
    /// Collective. Calling it again does nothing.
    package func finish() throws {
        guard let file else { return }
        self.file = nil
        let scales = self.scales.values
        self.scales.removeAll()
        // Closing is collective; agree on its outcome so that no rank goes on to the
        // rename while another is stuck with an error.
        try agree {
            for scale in scales { try scale.close() }
            try file.close()
        }
        let texts = (layout.result.coordinates + layout.result.data).filter { $0.values.isString }
        let destination = destination
        try onRootThenShare {
            if !texts.isEmpty {
                let serial = try HDF5File.openForUpdate(path: destination.partialPath)
                for variable in texts {
                    guard case .string(let strings) = variable.values else { continue }
                    try serial.openDataset(variable.name).write(strings: strings)
                }
                try serial.close()
            }
            try destination.commit()
        }
    }

    /// The open file, or an error once `finish` ran.
    func openFile() throws -> HDF5File {
        guard let file else {
            throw OutputError.invalidResult(path: destination.path, reason: "the writer has already finished")
        }
        return file
    }

    // MARK: Agreement between ranks

    /// Runs a check on every rank; if it failed anywhere, every rank throws (its own
    /// error, or `failedOnAnotherRank`). Collective.
    func agree(_ check: () throws -> Void) throws {
        var localError: Error?
        do { try check() } catch { localError = error }
        var failed = [localError == nil ? 0.0 : 1.0]
        try communicator.allreduceMax(&failed)
        if let localError { throw localError }
        if failed[0] > 0 {
            throw OutputError.failedOnAnotherRank(path: destination.path, reason: "a rank's check failed; see its message")
        }
    }

    /// Runs `body` on rank 0 only and shares the outcome: rank 0 rethrows its error, the
    /// others throw `failedOnAnotherRank` with its message. Collective.
    func onRootThenShare(_ body: () throws -> Void) throws {
        var localError: Error?
        if communicator.isRoot {
            do { try body() } catch { localError = error }
        }
        let message = try communicator.broadcast(localError.map { "\($0)" } ?? "")
        if let localError { throw localError }
        if !message.isEmpty { throw OutputError.failedOnAnotherRank(path: destination.path, reason: message) }
    }
}
