import Foundation

/// Messages of a run, written by rank 0 only, to standard error so that standard output
/// stays clean for results. `quiet` keeps warnings and errors only.
package struct RunLog: Sendable {
    package let isRoot: Bool
    package let quiet: Bool

    package init(isRoot: Bool, quiet: Bool) {
        self.isRoot = isRoot
        self.quiet = quiet
    }

    package func info(_ message: @autoclosure () -> String) {
        guard isRoot, !quiet else { return }
        RunLog.write("dynsweep: " + message())
    }

    package func warning(_ message: @autoclosure () -> String) {
        guard isRoot else { return }
        RunLog.write("dynsweep: warning: " + message())
    }

    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
