import Analysis
import ArgumentParser
import Coordinator
import Foundation
import MPIShim
import ResultArchive
import SweepDataset

extension Dynsweep {
    struct Extrapolate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extrapolate a sweep over a size parameter (N, D, width) to infinite size, with error bars.",
            discussion: """
                For every other sweep coordinate, observable element and record time, fits X(size) = a + b/size \
                (--order 2: + c/size^2) by weighted least squares with the SEMs and writes a new file over the \
                sweep grid without the size axis: X_extrapolated (a), X_extrapolated_sem (from the fit's \
                covariance), X_extrapolated_chi2dof, and X_theory / X_theory_sem beside them (the theory's value \
                when it is the same at every size, else the theory at the largest size). dynsweep compare reads \
                the file, comparing X_extrapolated with X_theory. A NaN mean or SEM at a size gives NaN at that \
                cell. Details: docs/analysis.md.

                Examples:
                  dynsweep extrapolate out/dl.h5 --size D                  # writes out/dl_extrapolated.h5
                  dynsweep extrapolate out/dl.h5 --size D --order 2 -o dl_inf.h5
                  dynsweep compare out/dl_extrapolated.h5 --observable test_loss
                """)

        @Argument(help: ArgumentHelp("An HDF5 file written by dynsweep run, with the size swept.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("The swept size parameter to extrapolate to infinity (e.g. N, D).", valueName: "name"))
        var size: String

        @Option(help: ArgumentHelp("1: a + b/size; 2: a + b/size + c/size^2 (needs 3 sizes).", valueName: "1|2"))
        var order: Int = 1

        @Option(name: [.short, .long], help: ArgumentHelp(
            "Output HDF5 file (default: <file> with _extrapolated before its extension).", valueName: "path"))
        var output: String?

        @Flag(help: "Overwrite the output if it is an extrapolation file (a sweep's result is never overwritten).")
        var force = false

        func run() throws {
            let destination = output ?? Self.defaultOutput(for: file)
            let extrapolated: SweepResult
            let summary: FiniteSizeExtrapolation.Summary
            do {
                guard order == 1 || order == 2 else {
                    throw CoordinatorError("--order must be 1 (a + b/size) or 2 (a + b/size + c/size^2), not \(order)")
                }
                try Plot.checkReadableResult(file)
                try ResultDestination(path: destination).check(force: force, inputs: [file])
                try Self.checkOverwritable(destination)
                let reader = try ResultReader(path: file)
                defer { try? reader.close() }
                let contents = try reader.summary()
                guard let format = contents.format else {
                    throw CoordinatorError("\(file) is not a dynsweep result (it has no \(ResultFormat.attribute) attribute)")
                }
                guard format == ResultFormat.current else {
                    throw CoordinatorError("\(file) is a \(format) file, not a sweep (\(ResultFormat.current)); "
                        + "extrapolate the sweep's own result")
                }
                let names = contents.dataVariables.map(\.name)
                let observables = FiniteSizeExtrapolation.observables(among: names)
                let source = try reader.readResult(dataVariables: FiniteSizeExtrapolation.variables(for: observables, among: names))
                (extrapolated, summary) = try FiniteSizeExtrapolation.extrapolate(source, size: size, order: order,
                                                                                 observables: observables)
                var result = extrapolated
                result.attributes = Self.attributes(source: source, file: file) + result.attributes
                let communicator = try MPIEnvironment.initialize()
                try ResultWriter.write(result, to: destination, communicator: communicator)
            } catch let failure as FiniteSizeExtrapolation.Failure {
                ErrorReporting.fail(CoordinatorError("\(file): \(failure.description)"))
            } catch {
                ErrorReporting.fail(error)
            }
            let nan = summary.nanCells > 0 ? "; \(summary.nanCells) values NaN (a NaN mean or SEM at some \(size))" : ""
            print("wrote \(destination): \(summary.observables.joined(separator: ", ")) extrapolated to \(size) -> infinity "
                + "at \(summary.points) point(s), \(FiniteSizeExtrapolation.model(size: size, order: order)) over "
                + "\(size) = \(summary.sizes.map { $0 == $0.rounded() ? String(Int64($0)) : "\($0)" }.joined(separator: ", "))\(nan)")
        }

        /// The source's attributes (config, model, seed...) kept, its build and times renamed
        /// `source_*`, and this build's format, version and commit.
        static func attributes(source: SweepResult, file: String) -> [(String, SweepResult.Attribute)] {
            let renamed: Set<String> = ["dynsweep_version", "git_commit", "ranks", "start_time", "end_time", "status"]
            var out: [(String, SweepResult.Attribute)] = [(ResultFormat.attribute, .string(ResultFormat.extrapolation))]
            out += BuildInfo.provenance.map { ($0.0, .string($0.1)) }
            out.append(("status", .string("complete")))
            out.append(("extrapolation_source", .string(file)))
            for (name, value) in source.attributes where name != ResultFormat.attribute && name != "coordinates" {
                out.append((renamed.contains(name) ? "source_" + name : name, value))
            }
            return out
        }

        /// With --force, only a file this command wrote is replaced (never a sweep's result).
        static func checkOverwritable(_ destination: String) throws {
            guard FileManager.default.fileExists(atPath: destination) else { return }
            let format = (try? ResultReader.summary(path: destination))?.format
            guard format == ResultFormat.extrapolation else {
                throw CoordinatorError("\(destination) exists and is not a file written by dynsweep extrapolate, so "
                    + "--force does not overwrite it; choose another --output or remove it yourself")
            }
        }

        /// `file` with `_extrapolated` before its `.h5`/`.nc` extension (appended otherwise).
        static func defaultOutput(for file: String) -> String {
            let url = URL(fileURLWithPath: file)
            let ext = url.pathExtension
            guard ["h5", "nc", "hdf5", "he5"].contains(ext.lowercased()) else { return file + "_extrapolated.h5" }
            return String(file.dropLast(ext.count + 1)) + "_extrapolated." + ext
        }
    }
}
