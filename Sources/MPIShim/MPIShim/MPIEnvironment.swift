import CMPI
import Foundation

/// Process-wide MPI state: initialized once, finalized once at exit. A process started
/// without mpirun/srun is an MPI singleton of size 1, so the same binary runs on a
/// laptop with no set-up.
public enum MPIEnvironment {
    nonisolated(unsafe) private static var world: Communicator?

    /// Initializes MPI on first use and returns the world communicator.
    public static func initialize() throws -> Communicator {
        if let world { return world }
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            let code = MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
            if code != 0 { throw MPIError(routine: "MPI_Init_thread", code: code, message: "MPI could not start") }
            atexit { MPIEnvironment.finalize() }
        }
        let comm = try Communicator(handle: dyn_mpi_comm_world())
        world = comm
        return comm
    }

    /// Finalizes MPI if it was initialized and not yet finalized (registered with atexit).
    public static func finalize() {
        var initialized: Int32 = 0, finalized: Int32 = 0
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        if initialized != 0 && finalized == 0 { MPI_Finalize() }
    }

    /// Ends every rank of the job with `code` (used when one rank hits an error that the
    /// others cannot learn of collectively).
    public static func abort(code: Int32) -> Never {
        MPI_Abort(dyn_mpi_comm_world(), code)
        exit(code)
    }

    /// Wall-clock seconds (MPI_Wtime).
    public static func wallTime() -> Double { MPI_Wtime() }
}
