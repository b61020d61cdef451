import Solvers

/// The `RunControl` a model sees while it computes: each poll lets rank 0 answer other
/// ranks' requests for work and refresh the progress line.
final class SchedulerControl: RunControl {
    private let source: WorkSource
    private let progress: ProgressReporter?

    init(source: WorkSource, progress: ProgressReporter?) {
        self.source = source
        self.progress = progress
    }

    func poll() throws {
        if StopSignal.requested { throw RunCancelled() }
        try source.serve()
        if let ledger = source.ledger { progress?.update(ledger) }
    }
}
