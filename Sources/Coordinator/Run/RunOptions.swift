/// How `dynsweep run` was asked to run, beyond the config.
public struct RunOptions: Sendable {
    /// Where the HDF5 file goes.
    public var outputPath: String
    /// Overwrite an existing output.
    public var force: Bool
    /// Also store every realization's trajectories.
    public var keepRealizations: Bool
    /// No progress or informational messages.
    public var quiet: Bool
    /// Continue from the journal of an interrupted run of the same config.
    public var resume: Bool
    /// Root attributes describing the build (version, git commit), from the CLI.
    public var provenance: [(String, String)]

    public init(outputPath: String, force: Bool = false, keepRealizations: Bool = false, quiet: Bool = false,
                resume: Bool = false, provenance: [(String, String)] = []) {
        self.resume = resume
        self.outputPath = outputPath
        self.force = force
        self.keepRealizations = keepRealizations
        self.quiet = quiet
        self.provenance = provenance
    }
}

/// What a finished run reports.
public struct RunSummary: Sendable {
    public let outputPath: String
    public let points: Int
    public let realizations: Int
    public let diverged: Int
    public let seconds: Double
    /// Work items restored from the journal rather than computed.
    public let resumedItems: Int
}
