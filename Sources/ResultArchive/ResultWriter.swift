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
/// Every HDF5 call that can fail is agreed on by all ranks before the next collective
/// call (`agree`, in ResultWriter+Agreement.swift), so that every rank throws the same
/// failure instead of some waiting forever. A failure gives the file up without a
/// collective close and removes `<path>.partial`; a file at `<path>` is never touched.
/// Before the file is created, rank 0 checks that the planned size (`PlannedSize`) fits
/// in the directory's free space.
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
    /// Bytes the whole file is planned to take (for the space check and a full disk's message).
    let plannedBytes: Int

    /// Writes `result` (and optional per-realization variables, each rank passing its own
    /// rows) to `path` and renames it into place; see the type's documentation.
    package static func write(_ result: SweepResult, to path: String, communicator: Communicator,
                             realizations: [RealizationVariable] = []) throws {
        let planned = PlannedSize.bytes(of: result, realizations: realizations.map { ($0.name, $0.dimensions) })
        let writer = try ResultWriter(result: result, path: path, communicator: communicator, plannedBytes: planned)
        for variable in realizations {
            try writer.writeRealizations(variable)
        }
        try writer.finish()
    }

    /// Checks the path and the free space (for `plannedBytes`, by default the size of
    /// `result` alone), creates `<path>.partial` and writes everything of `result` except
    /// text variables (written by `finish`). Collective.
    package init(result: SweepResult, path: String, communicator: Communicator, plannedBytes: Int? = nil) throws {
        destination = ResultDestination(path: path)
        self.communicator = communicator
        layout = try ResultLayout(result, path: path)
        self.plannedBytes = plannedBytes ?? PlannedSize.bytes(of: result)
        let partialPath = destination.partialPath
        try agree(givingUp: false) { try ResultDestination(path: path).checkPath() }
        try agree(givingUp: false) { try checkSpace() }
        let file = try agree { try HDF5File.create(path: partialPath, communicator: communicator) }
        self.file = file
        try writeStructure(of: result, into: file)
    }

    /// Closes the file on every rank, lets rank 0 write the text variables and rename
    /// the file into place; every rank returns once the file is at `destination.path`.
    /// Collective. Calling it again does nothing.
    package func finish() throws {
        guard let file else { return }
        // Closing is collective. The scales first, then a flush (where a full disk shows,
        // as the metadata goes out) agreed before H5Fclose, so that H5Fclose itself has
        // little left to fail on: a failed H5Fclose leaves HDF5 a half-closed file.
        for name in scales.keys.sorted() {
            guard let scale = scales[name] else { continue }
            try agree { try scale.close() }
        }
        try agree { try file.flush() }
        try agree { try file.close() }
        self.file = nil
        scales.removeAll()
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
}
