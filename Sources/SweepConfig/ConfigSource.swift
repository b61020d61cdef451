/// Where the keys of a config came from (a file's lines or a `--set`), so every error
/// can say where to look: `quickstart.toml:9`, `line 9` or `--set model.K=two`.
struct ConfigSource: Sendable {
    /// The config file's name as given, or nil for a config passed as a string.
    let fileName: String?
    let locator: SourceLocator
    /// The `--set` argument that last wrote each key (`model.K`, `sweep.zip`).
    var overrides: [String: String] = [:]

    init(fileName: String?, text: String) {
        self.fileName = fileName
        self.locator = SourceLocator(text: text)
    }

    /// An error about the key at `path` (e.g. `["model", "eta"]`,
    /// `["sweep", "zip", "2", "eta"]` for the second zip group), located by the `--set`
    /// that wrote it or by the nearest line the locator finds.
    func error(_ message: String, at path: [String]) -> ConfigError {
        ConfigError(message, location: location(of: path))
    }

    /// The location text for a line reported by the TOML parser.
    func location(line: Int) -> String {
        fileName.map { "\($0):\(line)" } ?? "line \(line)"
    }

    private func location(of path: [String]) -> String? {
        for length in stride(from: path.count, through: 1, by: -1) {
            if let setting = overrides[path.prefix(length).joined(separator: ".")] { return "--set \(setting)" }
        }
        for length in stride(from: path.count, through: 1, by: -1) {
            if let line = locator.line(Array(path.prefix(length))) { return location(line: line) }
        }
        return fileName
    }

    /// The name of a key as messages show it: `model.eta`, `sweep.zip[2].eta`.
    static func display(_ path: [String]) -> String {
        if path.count >= 3, path[0] == "sweep", path[1] == "zip" {
            return (["sweep.zip[\(path[2])]"] + path.dropFirst(3)).joined(separator: ".")
        }
        return path.joined(separator: ".")
    }
}
