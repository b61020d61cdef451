import Analysis
import ArgumentParser
import Coordinator
import Foundation
import ResultArchive
import SweepDataset

extension Dynsweep {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the simulation agrees with the theory, point by point, within a number of standard errors.",
            discussion: """
                For every sweep point and every observable X with a theory (X_theory beside X_mean and X_sem): \
                the largest z = |X_mean - X_theory| / sqrt(X_sem^2 + X_theory_sem^2) over the record times and \
                X's elements, where it is, and the fraction of values beyond the threshold. Exit status 0 when \
                every point is within the threshold, 1 when one is not, 2 for a file that cannot be compared: \
                a physics project's CI can run it on its sweeps. A finite-size gap shows up here as a z that \
                grows with the number of realizations; sweep the size to tell it from a wrong theory.

                Examples:
                  dynsweep compare out/quickstart.h5
                  dynsweep compare out/quickstart.h5 --observable eg --threshold 3
                  dynsweep compare out/quickstart.h5 --json > verdicts.json
                """)

        @Argument(help: ArgumentHelp("An HDF5 file written by dynsweep run with the theory on.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("Standard errors beyond which simulation and theory disagree.", valueName: "z"))
        var threshold: Double = 4

        @Option(help: ArgumentHelp("Compare only this observable (default: every observable with a theory).",
                                   valueName: "name"))
        var observable: String?

        @Flag(help: "Print the verdicts as JSON (one object per point and observable) instead of text.")
        var json = false

        func run() throws {
            let verdicts: [TheoryVerdict]
            let result: SweepResult
            do {
                try Plot.checkReadableResult(file)
                let reader = try ResultReader(path: file)
                defer { try? reader.close() }
                let names = try reader.summary().dataVariables.map(\.name)
                let comparable = TheoryComparison.comparableObservables(among: names)
                let chosen: [String]
                if let observable {
                    guard comparable.contains(observable) else {
                        throw CoordinatorError("\(file) has no theory for \(observable) to compare (observables with one: "
                            + "\(comparable.isEmpty ? "none" : comparable.joined(separator: ", ")))")
                    }
                    chosen = [observable]
                } else {
                    guard !comparable.isEmpty else {
                        throw CoordinatorError("\(file) has no observable with a theory (X_theory beside X_mean and X_sem); "
                            + "run the sweep with the theory on ([theory] enabled = true)")
                    }
                    chosen = comparable
                }
                result = try reader.readResult(dataVariables: TheoryComparison.variables(for: chosen, among: names))
                verdicts = try TheoryComparison.verdicts(result, observables: chosen, threshold: threshold)
            } catch let failure as TheoryComparison.Failure {
                ErrorReporting.fail(CoordinatorError("\(file): \(failure.description)"))
            } catch {
                ErrorReporting.fail(error)
            }
            print(json ? try VerdictReport.json(verdicts, result: result) : VerdictReport.text(verdicts, result: result))
            if !verdicts.allSatisfy(\.isWithin) { throw ExitCode(1) }
        }
    }
}
