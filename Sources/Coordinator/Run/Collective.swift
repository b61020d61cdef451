import MPIShim

/// An error that every rank learned of together, so every rank can exit cleanly
/// (no MPI_Abort, no hang): the message of the lowest failing rank.
package struct CollectiveFailure: Error, Sendable, CustomStringConvertible {
    package let message: String
    /// 2 for bad input, 1 for a failure while running.
    package let exitCode: Int32
    package var description: String { message }
}

extension Communicator {
    /// Runs `body` on every rank. If it throws on any rank, it throws a
    /// `CollectiveFailure` on every rank, carrying the lowest failing rank's message, so
    /// that no rank goes on into a collective call the others will never make.
    package func collectively<T>(inputError: (Error) -> Bool, _ body: () throws -> T) throws -> T {
        var value: T?
        var failure: Error?
        do { value = try body() } catch { failure = error }
        // The lowest failing rank has the largest (size - rank).
        var flag = [failure == nil ? 0 : Double(size - rank)]
        try allreduceMax(&flag)
        if flag[0] == 0, let value { return value }
        let failingRank = size - Int(flag[0])
        var words = [failure.map { inputError($0) ? 2.0 : 1.0 } ?? 0]
        try broadcast(&words, root: failingRank)
        let message = try broadcast(failure.map { "\($0)" } ?? "", root: failingRank)
        throw CollectiveFailure(message: message, exitCode: Int32(words.first ?? 1))
    }
}
