import Foundation

/// Rank 0's view of how far the sweep is: realizations finished on all ranks (reported
/// with each work request), throughput and time to completion. On a terminal it redraws
/// one status line; otherwise (Slurm logs) it prints a plain line every `interval`
/// seconds.
final class ProgressReporter {
    /// Realizations to run in all (it grows with the rounds of a run with an error target).
    private var total: Int
    private let start: Date
    private var lastPrint: Date
    private let isTerminal: Bool
    private let interval: TimeInterval
    private let enabled: Bool
    private var lastDone = -1
    /// Realizations done before this run started (restored from a journal): they count
    /// towards the total but not towards the rate.
    private let alreadyDone: Int

    init(totalRealizations: Int, enabled: Bool, interval: TimeInterval? = nil, alreadyDone: Int = 0) {
        total = totalRealizations
        self.alreadyDone = alreadyDone
        start = Date()
        lastPrint = start
        isTerminal = isatty(STDERR_FILENO) != 0
        self.interval = interval ?? (isTerminal ? 0.5 : 30)
        self.enabled = enabled && totalRealizations > 0
    }

    /// Reports the ledger's state if the interval has passed (cheap otherwise).
    func update(_ ledger: WorkLedger, force: Bool = false) {
        pointsDone = ledger.pointsDone
        total = max(total, ledger.realizationsPlanned)
        pointsTotal = ledger.pointsTotal
        update(done: ledger.realizationsFinished, force: force)
    }

    private var pointsDone = 0
    private var pointsTotal = 0

    /// Reports `done` realizations if the interval has passed (cheap otherwise).
    func update(done: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastPrint) >= interval, done != lastDone else { return }
        lastPrint = now
        lastDone = done
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - alreadyDone) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        let text = String(format: "%d/%d realizations (%.0f%%), %d/%d points complete, %.2f/s, elapsed %@, ETA %@",
                          done, total, percent, pointsDone, pointsTotal, rate, Self.duration(elapsed),
                          Self.duration(remaining))
        if isTerminal {
            let width = 24
            let filled = min(width, Int(Double(width) * Double(done) / Double(max(total, 1))))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
        } else {
            RunLog.write("dynsweep: progress: " + text)
        }
    }

    /// Ends the terminal status line.
    func finish(_ ledger: WorkLedger) {
        guard enabled else { return }
        update(ledger, force: true)
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
