/// A problem with a run configuration, in one line: where it is (file and line, or the
/// `--set` that caused it), which key, and how to fix it. Every check of the config
/// layer throws this type, so the command line can print `description` and exit
/// without a stack trace.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it, naming the key (e.g. `unknown key model.eat;
    /// did you mean model.eta?`). Never contains a line break.
    package let message: String
    /// Where the problem is, when known: `"quickstart.toml:9"`, `"line 9"` (a config
    /// given as a string) or `"--set model.K=two"`.
    package let location: String?

    package init(_ message: String, location: String? = nil) {
        self.message = ConfigError.oneLine(message)
        self.location = location.map(ConfigError.oneLine)
    }

    /// `location: message`, or the message alone.
    package var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }

    /// Replaces line breaks so a message from any input stays on one line.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
