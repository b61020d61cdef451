import ArgumentParser
import Coordinator
import Foundation
import LinearAlgebra
import MPIShim
import ResultArchive
import Solvers
import SweepConfig

extension Dynsweep {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a sweep (under mpirun/srun, or as one process) and write its HDF5 file.",
            discussion: """
                Rank 0 hands out blocks of realizations to all ranks as they become free; every \
                realization draws from its own random stream keyed by (run.seed, point, realization), \
                so the output is the same bit for bit on any number of ranks. The file is written \
                to <output>.partial and renamed when complete.

                Every finished block of realizations is saved in <output>.journal/ as it completes. \
                SIGTERM or Ctrl-C stops the run (exit status 75, the blocks in flight are abandoned); \
                run the same command with --resume to continue, on any number of ranks. Kills, \
                crashes and full disks also leave a journal that --resume continues.

                Examples:
                  dynsweep run examples/quickstart.toml
                  mpirun -np 4 dynsweep run sweep.toml --output out/sweep.h5 --set run.realizations=256
                  srun --mpi=pmix dynsweep run sweep.toml --set model.N=784 --force
                  srun --mpi=pmix dynsweep run sweep.toml --resume      # after a time limit or preemption
                """)

        @OptionGroup var config: ConfigOptions

        @Option(name: [.short, .long], help: ArgumentHelp(
            "Output HDF5 file (default: run.output, else <run.name>.h5).", valueName: "path"))
        var output: String?

        @Flag(help: "Overwrite the output file if it exists, and discard the journal of an interrupted run.")
        var force = false

        @Flag(help: ArgumentHelp("Continue an interrupted run from its journal (<output>.journal/); the config and "
            + "the dynsweep build must be the same. Without a journal the run starts from the beginning, so job "
            + "scripts can always pass it."))
        var resume = false

        @Flag(help: "Also store every realization's trajectories (dimension `realization`).")
        var keepRealizations = false

        @Flag(name: [.short, .long], help: "No progress or informational messages (errors and warnings still print).")
        var quiet = false

        func run() throws {
            let communicator: Communicator
            do {
                communicator = try MPIEnvironment.initialize()
            } catch {
                ErrorReporting.fail(error)
            }
            // One BLAS thread per rank: ranks already fill the cores.
            BLAS.setThreads(1)
            StopSignal.install()
            do {
                let (prepared, outputPath) = try communicator.collectively(inputError: ErrorReporting.isInputError) {
                    () -> (SweepPlan?, String) in
                    let runConfig = try config.load()
                    let path = output ?? runConfig.output ?? "\(runConfig.name).h5"
                    if resume && !force, try Self.isAlreadyComplete(path: path, config: runConfig) { return (nil, path) }
                    if communicator.isRoot {
                        try ResultWriter.checkDestination(path: path, force: force, inputs: [config.config])
                    }
                    let plan = try SweepPlan(config: runConfig)
                    try plan.checkMemory(ranks: communicator.size, keepRealizations: keepRealizations)
                    if communicator.isRoot {
                        try plan.checkDiskSpace(outputPath: path, keepRealizations: keepRealizations)
                    }
                    return (plan, path)
                }
                guard let plan = prepared else {
                    if communicator.isRoot { print("\(outputPath) is already complete for this config: nothing to resume") }
                    return
                }
                let options = RunOptions(outputPath: outputPath, force: force, keepRealizations: keepRealizations,
                                         quiet: quiet, resume: resume, provenance: BuildInfo.provenance)
                let summary = try SweepRunner(plan: plan, communicator: communicator, options: options).run()
                if communicator.isRoot {
                    var divergedNote = summary.diverged > 0 ? ", \(summary.diverged) diverged" : ""
                    if summary.resumedItems > 0 { divergedNote += ", \(summary.resumedItems) work items resumed" }
                    print(String(format: "wrote %@ (%d points, %d realizations%@) in %.1f s on %d rank(s)",
                                 summary.outputPath, summary.points, summary.realizations, divergedNote,
                                 summary.seconds, communicator.size))
                }
            } catch let stopped as RunStopped {
                if communicator.isRoot {
                    FileHandle.standardError.write(Data("dynsweep: \(stopped)\n".utf8))
                }
                Foundation.exit(RunStopped.exitCode)
            } catch let failure as CollectiveFailure {
                if communicator.isRoot {
                    FileHandle.standardError.write(Data("dynsweep: error: \(failure.message)\n".utf8))
                }
                Foundation.exit(failure.exitCode)
            } catch {
                // Only this rank knows: print and take the whole job down rather than hang.
                FileHandle.standardError.write(Data("dynsweep: error (rank \(communicator.rank)): \(error)\n".utf8))
                if communicator.size > 1 { MPIEnvironment.abort(code: ErrorReporting.exitCode(for: error)) }
                Foundation.exit(ErrorReporting.exitCode(for: error))
            }
        }

        /// With --resume, an output already at `path` with no journal beside it is a run
        /// that finished: true when it holds this very config (nothing to do), an error
        /// when it holds another (so a finished result is never taken for this run's).
        static func isAlreadyComplete(path: String, config: RunConfig) throws -> Bool {
            let fm = FileManager.default
            guard fm.fileExists(atPath: path), !fm.fileExists(atPath: path + ".journal") else { return false }
            let summary = try ResultReader.summary(path: path)
            guard case .string(let stored)? = summary.attributes.first(where: { $0.0 == "config" })?.1,
                  stored == config.resolvedTOML else {
                throw CoordinatorError("\(path) exists and was not written from this config; pass --force to "
                    + "overwrite it or choose another --output")
            }
            return true
        }
    }
}
