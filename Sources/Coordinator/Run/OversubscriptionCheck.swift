import Foundation
import MPIShim

/// A warning when more ranks share rank 0's node than it has cores (issue 17: on 2
/// cores, 6 ranks finish 4000 tiny items later than 2). Ranks beyond the cores take
/// turns on them, and every extra process adds its start-up, finalize and its share of
/// the collective write's agreements, which no scheduling inside dynsweep can win back;
/// the user can, by asking for fewer ranks.
enum OversubscriptionCheck {
    /// Collective: every rank must call it.
    static func warnIfOversubscribed(_ communicator: Communicator, log: RunLog) {
        guard communicator.size > 1, let local = try? communicator.ranksOnThisNode() else { return }
        let cores = ProcessInfo.processInfo.processorCount
        guard let message = message(ranksOnNode: local, cores: cores) else { return }
        log.warning(message)
    }

    /// The warning for `ranksOnNode` ranks on a node of `cores` cores, or nil when they fit.
    static func message(ranksOnNode: Int, cores: Int) -> String? {
        guard cores > 0, ranksOnNode > cores else { return nil }
        return "\(ranksOnNode) ranks share this node's \(cores) core(s): the extra ranks only take turns on them "
            + "and make the run slower, most of all for many small work items; mpirun -np \(cores) is as fast"
    }
}
