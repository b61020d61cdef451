import MPIShim

/// The journal's life during one run, on every rank: it is opened collectively (fresh,
/// or with --resume the interrupted run's, checked and loaded by rank 0), locked by rank 0
/// for this run, hands each work phase a writer, and is removed by rank 0 once the output
/// file is complete, or when a deterministic error makes it worthless.
struct JournalSession {
    private let journal: Journal
    private let lock: JournalLock
    private let plan: SweepPlan
    private let communicator: Communicator
    private let options: RunOptions
    private let log: RunLog

    init(plan: SweepPlan, communicator: Communicator, options: RunOptions, log: RunLog) {
        self.plan = plan
        self.communicator = communicator
        self.options = options
        self.log = log
        journal = Journal(outputPath: options.outputPath)
        lock = JournalLock(journal: journal, outputPath: options.outputPath)
    }

    /// What the journal must match to be resumed.
    var identity: RunIdentity {
        let provenance = Dictionary(options.provenance, uniquingKeysWith: { a, _ in a })
        return RunIdentity(config: plan.config.resolvedTOML, version: provenance["dynsweep_version"] ?? "unknown",
                           commit: provenance["git_commit"] ?? "unknown", keepRealizations: options.keepRealizations,
                           items: plan.work.itemCount)
    }

    /// Opens the journal, collectively: a fresh one, or (with --resume) the existing one,
    /// checked and loaded by rank 0. Every rank learns which items are done; rank 0 holds
    /// their outcomes. Refusals reach every rank as a `CollectiveFailure`.
    func open() throws -> RestoredWork {
        let restored: [BlockOutcome] = try communicator.collectively(inputError: { $0 is CoordinatorError }) {
            guard communicator.isRoot else { return [] }
            if journal.exists {
                // A live owner refuses here, whatever the flags: --force must not delete the
                // journal of a run that is still writing it.
                try lock.acquire(log: log)
                do {
                    if options.resume {
                        return try journal.load(for: identity, plan: plan)
                    }
                    guard options.force else {
                        throw CoordinatorError("\(journal.directory) holds \(journal.itemCount()) finished work "
                            + "item(s) of an interrupted run: pass --resume to continue it, or --force to discard it")
                    }
                } catch {
                    lock.release()
                    throw error
                }
                lock.release()
                journal.remove()
            } else if options.resume {
                log.info("no journal at \(journal.directory): starting the run from the beginning")
            }
            try journal.create(identity)
            try lock.acquire(log: log)
            return []
        }
        // Every rank needs the set of finished items to leave them out of the plan.
        var keys = restored.flatMap { [Double($0.key.point), Double($0.key.block ?? -1)] }
        try communicator.broadcast(&keys)
        var finished: Set<ItemKey> = []
        for i in stride(from: 0, to: keys.count - 1, by: 2) {
            finished.insert(ItemKey(point: Int(keys[i]), block: keys[i + 1] < 0 ? nil : Int(keys[i + 1])))
        }
        return RestoredWork(finished: finished, outcomes: restored)
    }

    /// A writer for one work phase's finished items (failing as a test asks, if it does).
    func makeWriter() -> JournalWriter {
        JournalWriter(journal: journal, fault: JournalFaultInjection.forRank(communicator.rank))
    }

    /// The journal's directory, `<output>.journal`.
    var directory: String { journal.directory }

    /// Records in the journal, as far as this rank's file system shows.
    var savedCount: Int { journal.itemCount() }

    /// Removes the journal (rank 0; the ranks share one directory), and with it the lock.
    func remove() {
        guard communicator.isRoot else { return }
        lock.release()
        journal.remove()
    }

    /// Gives up the lock (rank 0) when the run ends without completing the file (a stop, an
    /// error), so that the next run need not judge whether this one is gone.
    func releaseLock() {
        if communicator.isRoot { lock.release() }
    }
}

/// What an interrupted run had finished: every rank knows the items' keys, rank 0 alone
/// holds their outcomes, so that each enters the reduction once.
struct RestoredWork {
    let finished: Set<ItemKey>
    /// Rank 0's restored outcomes (empty on the other ranks).
    let outcomes: [BlockOutcome]

    /// Realizations the restored items ran (rank 0's count, for its progress line).
    var realizationsDone: Int { outcomes.reduce(0) { $0 + $1.realizationCount } }
}
