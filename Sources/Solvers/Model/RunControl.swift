/// What a running realization may ask of the code that scheduled it, without knowing
/// anything about MPI: models call `poll()` every few milliseconds of work. The
/// Coordinator uses it to answer other ranks' requests for work while this rank
/// computes, to report progress, and to stop a run on SIGTERM (then `poll` throws
/// `RunCancelled`, and the realization is abandoned).
public protocol RunControl: AnyObject {
    func poll() throws
}

/// Thrown by `RunControl.poll()` when the run is being stopped.
public struct RunCancelled: Error, Sendable {
    public init() {}
}

/// A `RunControl` that never interrupts: for tests and single-process tools.
public final class UninterruptedRun: RunControl {
    public init() {}
    public func poll() throws {}
}
