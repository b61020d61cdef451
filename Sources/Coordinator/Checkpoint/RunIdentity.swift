/// What a journal must match to be resumed: the resolved config (after overrides, with
/// every default written out), the code that ran, and the shape of the work. Stored as the
/// journal's manifest.
///
/// The code is the build: `version` and `commit` are the constants stamped into the binary
/// when it was built (`git describe` of the tree it was built from), so an edit to the
/// checked-out tree that was not built does not stop a resume, and a rebuild from another
/// tree does. The manifest's fields are those of format 1, which held the same strings.
struct RunIdentity: Equatable {
    /// The manifest layout; bump it (and refuse older manifests with a reason) when a field
    /// is added, removed or changes meaning.
    static let format = 1
    var config: String
    var version: String
    var commit: String
    var keepRealizations: Bool
    var items: Int

    /// The manifest text: `key = value` lines, then the config after a marker line.
    var manifest: String {
        """
        format = \(Self.format)
        dynsweep_version = \(version)
        git_commit = \(commit)
        keep_realizations = \(keepRealizations)
        items = \(items)
        --- config ---
        \(config)
        """
    }

    init(config: String, version: String, commit: String, keepRealizations: Bool, items: Int) {
        self.config = config
        self.version = version
        self.commit = commit
        self.keepRealizations = keepRealizations
        self.items = items
    }

    /// Parses a manifest; nil if it is not one.
    init?(manifest text: String) {
        guard let marker = text.range(of: "--- config ---\n") else { return nil }
        var fields: [String: String] = [:]
        for line in text[..<marker.lowerBound].split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard fields["format"] == String(Self.format), let version = fields["dynsweep_version"],
              let commit = fields["git_commit"], let keep = fields["keep_realizations"],
              let items = fields["items"].flatMap(Int.init) else { return nil }
        self.init(config: String(text[marker.upperBound...]), version: version, commit: commit,
                  keepRealizations: keep == "true", items: items)
    }

    /// Why `self` (the journal) cannot be resumed by `current`, in one phrase; nil if it can.
    func mismatch(with current: RunIdentity) -> String? {
        if config != current.config {
            let a = config.split(separator: "\n", omittingEmptySubsequences: false)
            let b = current.config.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let was = line < a.count ? String(a[line]) : "(end)", now = line < b.count ? String(b[line]) : "(end)"
            return "it was started with a different config (resolved config line \(line + 1): "
                + "journal has `\(was)`, this run has `\(now)`)"
        }
        if version != current.version || commit != current.commit {
            return "it was written by dynsweep \(version) (\(commit)) and this is dynsweep \(current.version) "
                + "(\(current.commit)); results of two code versions must not be mixed"
        }
        if keepRealizations != current.keepRealizations {
            return keepRealizations ? "it was started with --keep-realizations; pass it again"
                : "it was started without --keep-realizations; drop that flag"
        }
        if items != current.items { return "its work plan has \(items) items and this run's has \(current.items)" }
        return nil
    }
}

import Foundation
