import ArgumentParser
import Coordinator
import Foundation
import MPIShim
import ResultArchive
import Solvers
import SweepConfig

/// Turns any error into one line on standard error and an exit code: 2 for bad input
/// (config, parameters, output path), 1 for a failure while running.
enum ErrorReporting {
    static func exitCode(for error: Error) -> Int32 {
        if let failure = error as? CollectiveFailure { return failure.exitCode }
        return isInputError(error) ? 2 : 1
    }

    /// Whether the error is the user's to fix (config, parameters, output path).
    static func isInputError(_ error: Error) -> Bool {
        error is ConfigError || error is ModelError || error is CoordinatorError || error is OutputError
            || error is HDF5Error
    }

    static func message(for error: Error) -> String {
        switch error {
        case let e as CustomStringConvertible: return e.description
        default: return "\(error)"
        }
    }

    /// Prints the error (on rank 0 only, when `isRoot` is false it stays silent) and exits.
    static func fail(_ error: Error, isRoot: Bool = true) -> Never {
        if isRoot {
            FileHandle.standardError.write(Data("dynsweep: error: \(message(for: error))\n".utf8))
        }
        exit(exitCode(for: error))
    }
}
