import Foundation

/// Messages of a run, written by rank 0 only, to standard error so that standard output
/// stays clean for results. `quiet` keeps warnings and errors only.
public struct RunLog: Sendable {
    public let isRoot: Bool
    public let quiet: Bool

    public init(isRoot: Bool, quiet: Bool) {
        self.isRoot = isRoot
        self.quiet = quiet
    }

    public func info(_ message: @autoclosure () -> String) {
        guard isRoot, !quiet else { return }
        RunLog.write("dynsweep: " + message())
    }

    public func warning(_ message: @autoclosure () -> String) {
        guard isRoot else { return }
        RunLog.write("dynsweep: warning: " + message())
    }

    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
