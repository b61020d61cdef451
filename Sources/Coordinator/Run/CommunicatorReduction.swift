import MPIShim
import Solvers

/// The `SampleReduction` of a collective per-point theory: every rank of the
/// communicator is a participant, and `sum` is one MPI_Allreduce on 64-bit integers
/// (exact, so the total cannot depend on the rank count).
///
/// Stopping is agreed here too. A rank that has seen SIGTERM cannot simply throw: the
/// others would wait in the next Allreduce for ever. So every sum carries one more
/// integer, this rank's stop flag, and all ranks throw `RunCancelled` together when any
/// flag is set. The collective phase's `RunControl` never throws on its own.
final class CommunicatorReduction: SampleReduction {
    let communicator: Communicator

    init(communicator: Communicator) {
        self.communicator = communicator
    }

    var participantCount: Int { communicator.size }
    var participantIndex: Int { communicator.rank }

    func sum(_ values: [Int64]) throws -> [Int64] {
        var buffer = values + [StopSignal.requested ? 1 : 0]
        try communicator.allreduceSum(&buffer)
        if let stop = buffer.last, stop > 0 { throw RunCancelled() }
        return Array(buffer.dropLast())
    }
}

/// The `RunControl` of the collective phase: it never stops a rank on its own (see
/// `CommunicatorReduction`), so all ranks leave a collective solve together.
final class CollectivePhaseControl: RunControl {
    func poll() throws {}
}
