import Foundation

/// SIGTERM (what Slurm sends before a time-limit kill, and what mpirun forwards) and
/// SIGINT (Ctrl-C) ask a run to stop: ranks stop taking work and abandon the item in
/// flight; finished items are already durable in the journal, so `--resume` continues.
/// The handler only sets a flag, which `RunControl.poll()` and the scheduler's waits read.
package enum StopSignal {
    nonisolated(unsafe) private static var received: Int32 = 0

    /// Installs the handlers (idempotent).
    package static func install() {
        for sig in [SIGTERM, SIGINT] {
            signal(sig) { number in StopSignal.received = number }
        }
    }

    package static var requested: Bool { received != 0 }

    /// "SIGTERM" or "SIGINT", for messages.
    package static var name: String { received == SIGINT ? "SIGINT" : "SIGTERM" }
}

/// Thrown by `SweepRunner.run` when a signal stopped the run: `saved` items are in the
/// journal (as far as rank 0 can see), `total` in the plan.
package struct RunStopped: Error, Sendable, CustomStringConvertible {
    package let signal: String
    package let saved: Int
    package let total: Int
    package let journal: String

    package var description: String {
        "stopped by \(signal): \(saved) of \(total) work items are saved in \(journal); "
            + "run the same command with --resume to continue"
    }

    /// The exit status job scripts recognize (EX_TEMPFAIL).
    package static let exitCode: Int32 = 75
}
