import ArgumentParser
import Foundation

/// The `dynsweep` command: subcommands run, plan, validate, inspect, plot, compare, models.
@main
struct Dynsweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynsweep",
        abstract: "Disorder-averaged simulations and theory of learning dynamics, as parameter sweeps on MPI clusters.",
        discussion: """
            A TOML config names a model and a sweep. Every sweep point runs many realizations of \
            the disorder (teacher, initial weights, data); their statistics and the theory are \
            written side by side to one HDF5 file that xarray opens as a labelled dataset.

            Typical session:
              dynsweep models                     # model kinds and parameters
              dynsweep validate examples/quickstart.toml
              dynsweep plan examples/quickstart.toml --ranks 2
              mpirun -np 2 dynsweep run examples/quickstart.toml -o out/q.h5
              dynsweep inspect out/q.h5
              dynsweep plot out/q.h5 --log-x --log-y   # writes out/q.svg
              dynsweep compare out/q.h5                # theory within 4 SEM? (exit 0/1)
              dynsweep extrapolate out/d.h5 --size D   # fit a + b/D to D -> infinity
              mpirun -np 4 dynsweep run ... --resume   # after an interruption

            The same config gives the same file, bit for bit, on any number of ranks.
            Without mpirun, dynsweep runs as a single process.
            """,
        version: BuildInfo.versionLine,
        subcommands: [Run.self, Plan.self, Validate.self, Inspect.self, Plot.self, Compare.self, Extrapolate.self, Models.self]
    )

    /// Parses and runs the command like ArgumentParser's own `main`, except that under a
    /// launcher only the first rank prints a usage error (every rank still exits with its
    /// status, so the job fails as a whole). The other ranks wait a moment before they
    /// exit: mpirun kills the whole job when the first process exits non-zero, and a
    /// secondary rank that exited at once could take the first rank down before its
    /// message was out.
    /// Only a usage error waits: a command's own failures (a run stopped by a signal)
    /// exit at once.
    static func main() {
        var parsed = false
        do {
            var command = try parseAsRoot()
            parsed = true
            try command.run()
        } catch {
            if LaunchRank.isSecondary {
                if !parsed { Thread.sleep(forTimeInterval: secondaryExitDelay) }
                Foundation.exit(exitCode(for: error).rawValue)
            }
            exit(withError: error)
        }
    }

    /// Seconds a secondary rank waits before exiting with a usage error: far longer than
    /// the first rank needs to print one line, and short on a path that only ends a job.
    static let secondaryExitDelay: TimeInterval = 3
}
