/// Version and source revision of this build, recorded in every output file and in the
/// journal that `--resume` compares. Both are constants compiled into the binary: a run
/// starts no process to find them (forking after `MPI_Init` is unsupported on some
/// interconnects), and they describe the build, not whatever tree is checked out now.
enum BuildInfo {
    static let version = "0.1.0"

    /// `git describe --always --dirty --abbrev=12` of the package directory when this
    /// binary was built, written by the BuildStamp plugin (Plugins/BuildStamp); "unknown"
    /// when that was not a git checkout or git was not installed.
    static let gitCommit = BuildStamp.gitDescribe

    /// What `dynsweep --version` prints: the version and the stamp.
    static var versionLine: String { "\(version) (\(gitCommit))" }

    static var provenance: [(String, String)] {
        [("dynsweep_version", version), ("git_commit", gitCommit)]
    }
}
