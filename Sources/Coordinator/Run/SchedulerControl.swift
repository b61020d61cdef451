import Solvers

/// The `RunControl` a model sees while it computes: each poll lets rank 0 answer other
/// ranks' requests for work and refresh the progress line.
final class SchedulerControl: RunControl {
    private let source: WorkSource
    private let progress: ProgressReporter?
    /// Realizations restored from the journal, counted as done.
    private let offset: Int

    init(source: WorkSource, progress: ProgressReporter?, offset: Int = 0) {
        self.source = source
        self.progress = progress
        self.offset = offset
    }

    func poll() throws {
        if StopSignal.requested { throw RunCancelled() }
        try source.serve()
        progress?.update(done: offset + source.realizationsFinished)
    }
}
