import Foundation

/// A test-only fault: with `DYNSWEEP_TEST_JOURNAL_FAILURE=RANK:AFTER` in the environment,
/// the journal writes of rank RANK fail once it has written AFTER batch files, as on a full
/// disk, while the other ranks' go on. A real file-system fault reaches every rank of a
/// node at once, so this is how the tests make one rank's journal fail alone: the case the
/// ranks' agreement after the work phase exists for. Unset in a real run; a malformed
/// value is ignored.
struct JournalFaultInjection: Sendable, Equatable {
    static let variable = "DYNSWEEP_TEST_JOURNAL_FAILURE"

    /// Batch files the rank writes before its writes fail.
    let failingAfter: Int

    /// The fault for `rank` in `environment`, or nil (the variable unset, malformed or
    /// naming another rank).
    static func forRank(_ rank: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> Self? {
        guard let value = environment[variable] else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let failingRank = Int(parts[0]), let after = Int(parts[1]), after >= 0,
              failingRank == rank else { return nil }
        return Self(failingAfter: after)
    }

    /// The error of the batch write number `written` (0-based) to `path`, or nil when it
    /// is not to fail: a real write error's form, naming the variable.
    func error(batch written: Int, path: String) -> CoordinatorError? {
        written >= failingAfter ? CoordinatorError("cannot write \(path): failure injected by \(Self.variable)") : nil
    }
}
