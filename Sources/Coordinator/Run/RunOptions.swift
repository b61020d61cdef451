/// How `dynsweep run` was asked to run, beyond the config.
package struct RunOptions: Sendable {
    /// Where the HDF5 file goes.
    package var outputPath: String
    /// Overwrite an existing output.
    package var force: Bool
    /// Also store every realization's trajectories.
    package var keepRealizations: Bool
    /// No progress or informational messages.
    package var quiet: Bool
    /// Continue from the journal of an interrupted run of the same config.
    package var resume: Bool
    /// Root attributes describing the build (version, git commit), from the CLI.
    package var provenance: [(String, String)]

    package init(outputPath: String, force: Bool = false, keepRealizations: Bool = false, quiet: Bool = false,
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
package struct RunSummary: Sendable {
    package let outputPath: String
    package let points: Int
    package let realizations: Int
    package let diverged: Int
    package let seconds: Double
    /// Work items restored from the journal rather than computed.
    package let resumedItems: Int
}
