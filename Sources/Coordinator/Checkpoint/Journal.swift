import Foundation
import ResultArchive

/// The journal of a run in progress, `<output>.journal/`: a `manifest` (what the run
/// is: resolved config, code version, work plan size), the owner's `lock`, and record
/// files of finished work items, each written durably by the rank that ran them: one item
/// (`p<point>-b<block>.rec`, `p<point>-theory.rec`) or a batch of `n` items committed
/// together, named after its first (`p<point>-b<block>-n<n>.rec`). An interruption loses
/// only the items in flight and those still queued for the disk (a bound: `JournalWriter`);
/// `dynsweep run --resume` loads the records, skips those items and merges the restored
/// accumulators exactly, so the final file equals that of an uninterrupted run.
struct Journal {
    let directory: String

    init(outputPath: String) {
        directory = outputPath + ".journal"
    }

    var manifestPath: String { directory + "/manifest" }

    var exists: Bool { FileManager.default.fileExists(atPath: directory) }

    var lockPath: String { directory + "/lock" }

    /// Record files present (each one item or a batch).
    func recordNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".rec") && !$0.hasPrefix(".") }.sorted()
    }

    /// Finished items in the journal, counted from the record files' names.
    func itemCount() -> Int {
        recordNames().reduce(0) { $0 + Self.itemCount(ofRecordNamed: $1) }
    }

    static func recordName(point: Int, block: Int?) -> String {
        block.map { "p\(point)-b\($0).rec" } ?? "p\(point)-theory.rec"
    }

    /// The name of a file holding `count` items, the first of them `first`: unique in the
    /// journal because every item is finished once, and a restored item is not run again.
    static func recordName(first: ItemKey, count: Int) -> String {
        let single = recordName(point: first.point, block: first.block)
        return count == 1 ? single : String(single.dropLast(4)) + "-n\(count).rec"
    }

    /// How many items a record file's name says it holds (1 without an `-n<count>` part).
    static func itemCount(ofRecordNamed name: String) -> Int {
        guard let dash = name.lastIndex(of: "-"), name[name.index(after: dash)...].hasPrefix("n"),
              let count = Int(name[name.index(dash, offsetBy: 2)...].dropLast(4)) else { return 1 }
        return count
    }

    /// Starts a fresh journal (rank 0): the directory and its manifest.
    func create(_ identity: RunIdentity) throws {
        guard mkdir(directory, 0o755) == 0 else {
            if errno == EEXIST {
                throw CoordinatorError("another run created \(directory) while this one was starting: two runs "
                    + "cannot write one output; wait for it to end, or choose another --output")
            }
            throw CoordinatorError("cannot create the journal \(directory): \(String(cString: strerror(errno)))")
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
        var seen: Set<ItemKey> = []
        for name in recordNames() {
            let path = directory + "/" + name
            let bytes = [UInt8](fm.contents(atPath: path) ?? Data())
            let file: [BlockOutcome]
            switch JournalBatch.decode(bytes) {
            case .success(let o): file = o
            case .failure(let damage):
                throw CoordinatorError("journal record \(path) \(damage.phrase); delete it to recompute its "
                    + "work items, or pass --force to start over")
            }
            if let problem = Self.problem(with: file, named: name, plan: plan, seen: &seen) {
                throw CoordinatorError("journal record \(path) \(problem); delete it to recompute its work items, "
                    + "or pass --force to start over")
            }
            outcomes += file
        }
        return outcomes
    }

    /// Why the items of record file `name` do not fit the plan (or its name, or repeat an
    /// item of a file already read, whose keys are `seen`), or nil.
    static func problem(with file: [BlockOutcome], named name: String, plan: SweepPlan,
                        seen: inout Set<ItemKey>) -> String? {
        guard let first = file.first, name == recordName(first: first.key, count: file.count) else {
            return "holds other items than its name says"
        }
        for outcome in file {
            if let problem = problem(with: outcome, plan: plan) { return problem }
            guard seen.insert(outcome.key).inserted else { return "holds an item that another record holds too" }
        }
        return nil
    }

    /// Why a decoded record does not fit the plan, or nil.
    static func problem(with outcome: BlockOutcome, plan: SweepPlan) -> String? {
        let key = outcome.key
        guard key.point < plan.contexts.count else { return "names point \(key.point), but the sweep has \(plan.contexts.count)" }
        let c = plan.contexts[key.point]
        switch outcome {
        case .realizations(let o):
            let range: Range<Int>
            if o.block < plan.work.blocksPerPoint {
                range = blockRange(block: o.block, blocks: plan.work.blocksPerPoint, realizations: plan.config.realizations)
            } else if let target = plan.config.target {
                // A block of a later round: its realizations follow the first round's and stay
                // within the cap; the round allocator checks the exact range when it issues it.
                let count = o.simulation.count + o.diverged
                guard o.firstRealization >= plan.config.realizations, count > 0,
                      o.firstRealization <= target.maxRealizations - count else {
                    return "does not match this run's block layout"
                }
                range = o.firstRealization..<(o.firstRealization + count)
            } else {
                return "names block \(o.block) of \(plan.work.blocksPerPoint)"
            }
            guard o.firstRealization == range.lowerBound,
                  o.simulation.count + o.diverged == range.count,
                  o.simulation.length == c.simulation.length,
                  o.theory.length == c.realizationTheory.length,
                  o.rows.isEmpty || (o.rows.count == range.count
                      && o.rows.allSatisfy { $0.count == c.simulation.length + c.realizationTheory.length })
            else { return "does not match this run's block layout" }
        case .pointTheory(let o):
            guard c.theoryMode == .perPoint || c.theoryMode == .perPointCollective,
                  o.trajectories.count == c.pointTheory.length * plan.replicas.valuesPerNumber else {
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
        return JournalSummary(directory: journal.directory, finishedItems: journal.itemCount(),
                              totalItems: identity.items, config: identity.config, commit: identity.commit)
    }
}
