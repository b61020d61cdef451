import Foundation
import ResultArchive

/// The journal's owner, `<output>.journal/lock`: the host, pid and process start time of
/// rank 0 of the run writing that output, so that two live runs on one output (a job
/// started twice, a requeue while the first attempt still runs) cannot both proceed. The
/// second refuses in one line naming the owner.
///
/// The lock is created complete or not at all (written to a temporary name, then
/// `link`ed to `lock`, which fails if it exists). A lock whose owner is gone is stale and
/// is taken over with an info line: on the same host when no process has that pid (or
/// the pid now belongs to a process started at another time); from another host when it
/// has not been refreshed for `staleAfter` seconds (the owner touches it every
/// `refreshInterval` seconds). The owner removes it when it stops; a SIGKILL leaves it,
/// stale.
final class JournalLock: @unchecked Sendable {
    /// Who holds a lock.
    struct Owner: Equatable, CustomStringConvertible {
        var host: String
        var pid: Int32
        /// The process's start time in clock ticks after boot (`/proc/<pid>/stat`), or ""
        /// where there is no /proc: tells a live owner from a later process with its pid.
        var started: String

        var text: String { "host = \(host)\npid = \(pid)\nstarted = \(started)\n" }

        var description: String { "pid \(pid) on host \(host)" }

        init(host: String, pid: Int32, started: String) {
            self.host = host
            self.pid = pid
            self.started = started
        }

        /// Parses a lock file's text; nil if it is not one.
        init?(text: String) {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            guard let host = fields["host"], let pid = fields["pid"].flatMap(Int32.init) else { return nil }
            self.init(host: host, pid: pid, started: fields["started"] ?? "")
        }

        /// This process.
        static func current() -> Owner {
            Owner(host: hostName(), pid: getpid(), started: startTime(of: getpid()) ?? "")
        }
    }

    /// How often the owner refreshes the lock's modification time.
    static let refreshInterval = 30
    /// A lock of another host not refreshed for this long belongs to a run that is gone.
    static let staleAfter: TimeInterval = 120

    private let path: String
    private let outputPath: String
    private let me = Owner.current()
    private let stateLock = NSLock()
    private var held = false
    private var heartbeat: DispatchSourceTimer?

    init(journal: Journal, outputPath: String) {
        path = journal.lockPath
        self.outputPath = outputPath
    }

    /// Takes the lock for this process: refuses (one line naming the owner) when another
    /// live run holds it; takes over a stale one with an info line.
    func acquire(log: RunLog) throws {
        let directory = PathText.directory(of: path)
        let temporary = directory + "/.lock-\(me.pid)"
        try DurableFile.write(Array(me.text.utf8), to: temporary)
        defer { unlink(temporary) }
        for _ in 0..<5 {
            if link(temporary, path) == 0 {
                DurableFile.syncDirectory(directory)
                startHeartbeat()
                return
            }
            guard errno == EEXIST else {
                throw CoordinatorError("cannot create the lock \(path): \(String(cString: strerror(errno)))")
            }
            let owner = Self.read(path)
            if let owner, owner == me { return startHeartbeat() }
            if let owner, isLive(owner) { throw refusal(owner) }
            // Stale (or unreadable): move it aside, and give it back if it changed meanwhile
            // (another run took it over between our reading and our rename).
            let aside = directory + "/.lock-stale-\(me.pid)"
            guard rename(path, aside) == 0 else { continue }
            let moved = Self.read(aside)
            if moved != owner, let moved {
                _ = link(aside, path)
                unlink(aside)
                throw refusal(moved)
            }
            unlink(aside)
            log.info("taking over \(PathText.directory(of: path)) from a run that is gone ("
                + (owner.map(\.description) ?? "unreadable lock") + ")")
        }
        throw CoordinatorError("cannot take the lock \(path): other runs keep taking it")
    }

    /// Removes the lock if this process holds it, and stops refreshing it.
    func release() {
        stateLock.withLock {
            heartbeat?.cancel()
            heartbeat = nil
            if held, Self.read(path) == me { unlink(path) }
            held = false
        }
    }

    private func refusal(_ owner: Owner) -> CoordinatorError {
        CoordinatorError("\(outputPath) is being written by another run (\(owner.description), lock \(path)); "
            + "wait for it to end or stop it, or choose another --output")
    }

    /// Whether the run that wrote `owner` may still be running.
    private func isLive(_ owner: Owner) -> Bool {
        guard owner.host == me.host else {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            return Date().timeIntervalSince(modified ?? .distantPast) < Self.staleAfter
        }
        guard kill(owner.pid, 0) == 0 || errno == EPERM else { return false }
        if !owner.started.isEmpty, let started = Self.startTime(of: owner.pid), started != owner.started {
            return false
        }
        // An exited process its parent has not reaped yet (a zombie) still answers kill(pid, 0).
        return Self.state(of: owner.pid) != "Z"
    }

    /// Refreshes the lock's modification time, so that other hosts see it is alive.
    private func startHeartbeat() {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + .seconds(Self.refreshInterval), repeating: .seconds(Self.refreshInterval))
        let path = path
        timer.setEventHandler { _ = utimes(path, nil) }
        stateLock.withLock {
            heartbeat?.cancel()
            heartbeat = timer
            held = true
        }
        timer.resume()
    }

    private static func read(_ path: String) -> Owner? {
        FileManager.default.contents(atPath: path).flatMap { Owner(text: String(decoding: $0, as: UTF8.self)) }
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Field 3 of `/proc/<pid>/stat` (R, S, D, Z...), nil without /proc.
    private static func state(of pid: Int32) -> Substring? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").first
    }

    /// Field 22 of `/proc/<pid>/stat` (start time after boot), nil without /proc.
    private static func startTime(of pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
