import Foundation
import ResultArchive

/// The journal of a run in progress, `<output>.journal/`: a `manifest` (what the run
/// is: resolved config, code version, work plan size) and one record file per finished
/// work item (`p<point>-b<block>.rec`, `p<point>-theory.rec`), each written durably by
/// the rank that ran it. An interruption of any kind loses only the items in flight;
/// `dynsweep run --resume` loads the records, skips those items and merges the restored
/// accumulators exactly, so the final file equals that of an uninterrupted run.
struct Journal {
    let directory: String

    init(outputPath: String) {
        directory = outputPath + ".journal"
    }

    var manifestPath: String { directory + "/manifest" }

    var exists: Bool { FileManager.default.fileExists(atPath: directory) }

    /// Record files present (finished items).
    func recordNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".rec") && !$0.hasPrefix(".") }.sorted()
    }

    static func recordName(point: Int, block: Int?) -> String {
        block.map { "p\(point)-b\($0).rec" } ?? "p\(point)-theory.rec"
    }

    /// Starts a fresh journal (rank 0): the directory and its manifest.
    func create(_ identity: RunIdentity) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        } catch {
            throw CoordinatorError("cannot create the journal \(directory): \(error.localizedDescription)")
        }
        DurableFile.syncDirectory(PathText.directory(of: directory))
        try DurableFile.write(Array(identity.manifest.utf8), to: manifestPath)
    }

    /// The identity stored in the manifest.
    func identity() throws -> RunIdentity {
        guard let data = FileManager.default.contents(atPath: manifestPath),
              let identity = RunIdentity(manifest: String(decoding: data, as: UTF8.self)) else {
            throw CoordinatorError("\(directory) has no readable manifest: it is not a dynsweep journal, or it was "
                + "damaged; pass --force to discard it and start over")
        }
        return identity
    }

    /// Loads every record after checking that the journal belongs to this run, that each
    /// record is intact and that it fits the run's layout. Leftover temporary files of a
    /// write that was interrupted are removed.
    func load(for identity: RunIdentity, plan: SweepPlan) throws -> [BlockOutcome] {
        if let mismatch = try self.identity().mismatch(with: identity) {
            throw CoordinatorError("cannot resume from \(directory): \(mismatch); pass --force to discard the "
                + "journal and start over, or choose another --output")
        }
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(".") {
            try? fm.removeItem(atPath: directory + "/" + name)
        }
        var outcomes: [BlockOutcome] = []
        for name in recordNames() {
            let path = directory + "/" + name
            let bytes = [UInt8](fm.contents(atPath: path) ?? Data())
            let outcome: BlockOutcome
            switch JournalRecord.decode(bytes) {
            case .success(let o): outcome = o
            case .failure(let damage):
                throw CoordinatorError("journal record \(path) \(damage.phrase); delete it to recompute that block, "
                    + "or pass --force to start over")
            }
            if let problem = Self.problem(with: outcome, named: name, plan: plan) {
                throw CoordinatorError("journal record \(path) \(problem); delete it to recompute that block, "
                    + "or pass --force to start over")
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Why a decoded record does not fit the plan, or nil.
    static func problem(with outcome: BlockOutcome, named name: String, plan: SweepPlan) -> String? {
        let key = outcome.key
        guard name == recordName(point: key.point, block: key.block) else { return "holds another item than its name says" }
        guard key.point < plan.contexts.count else { return "names point \(key.point), but the sweep has \(plan.contexts.count)" }
        let c = plan.contexts[key.point]
        switch outcome {
        case .realizations(let o):
            guard o.block < plan.work.blocksPerPoint else { return "names block \(o.block) of \(plan.work.blocksPerPoint)" }
            let range = blockRange(block: o.block, blocks: plan.work.blocksPerPoint, realizations: plan.config.realizations)
            guard o.firstRealization == range.lowerBound,
                  o.simulation.count + o.diverged == range.count,
                  o.simulation.length == c.simulation.length,
                  o.theory.length == c.realizationTheory.length,
                  o.rows.isEmpty || (o.rows.count == range.count
                      && o.rows.allSatisfy { $0.count == c.simulation.length + c.realizationTheory.length })
            else { return "does not match this run's block layout" }
        case .pointTheory(let o):
            guard c.model.theoryMode == .perPoint || c.model.theoryMode == .perPointCollective,
                  o.trajectories.count == c.pointTheory.length else {
                return "does not match this run's theory layout"
            }
        }
        return nil
    }

    /// Removes the journal (after the output file is complete).
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// How far an interrupted run got, read from its journal (for `dynsweep inspect`).
package struct JournalSummary: Sendable {
    package let directory: String
    package let finishedItems: Int
    package let totalItems: Int
    /// The resolved config the run was started with.
    package let config: String
    package let commit: String

    /// The journal next to `outputPath`, if there is a readable one.
    package static func read(outputPath: String) -> JournalSummary? {
        let journal = Journal(outputPath: outputPath)
        guard journal.exists, let identity = try? journal.identity() else { return nil }
        return JournalSummary(directory: journal.directory, finishedItems: journal.recordNames().count,
                              totalItems: identity.items, config: identity.config, commit: identity.commit)
    }
}
