import Foundation

/// Version and source revision of this build, recorded in every output file.
enum BuildInfo {
    static let version = "0.1.0"

    /// `git describe --always --dirty` of the source tree this binary was built from,
    /// found through the compile-time path of this file; "unknown" when the tree or git
    /// is not there (e.g. a binary copied to another machine).
    static let gitCommit: String = {
        let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", sourceDirectory, "describe", "--always", "--dirty", "--abbrev=12"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "unknown"
        }
        guard process.terminationStatus == 0 else { return "unknown" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "unknown" : text
    }()

    static var provenance: [(String, String)] {
        [("dynsweep_version", version), ("git_commit", gitCommit)]
    }
}
