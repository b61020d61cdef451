import ArgumentParser
import Coordinator
import Foundation
import Plot
import ResultArchive

extension Dynsweep {
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw an observable of a result file against time, simulation and theory, as an SVG figure.",
            discussion: """
                For every sweep point: the simulation mean (solid line) with a band of +/- 1 standard \
                error, and the theory (dashed line) in the same color, labelled with the point's swept \
                parameters. Log axes leave out values <= 0 (e.g. time 0); the SVG says how many in a comment.

                Examples:
                  dynsweep plot out/q.h5 --log-x --log-y        # writes out/q.svg
                  dynsweep plot out/q.h5 --observable Q --index 0,1 --output Q01.svg
                """)

        @Argument(help: ArgumentHelp("An HDF5 file written by dynsweep run.", valueName: "file"))
        var file: String

        @Option(name: [.short, .long], help: ArgumentHelp(
            "Output SVG file (default: <file> with .svg instead of .h5).", valueName: "path"))
        var output: String?

        @Option(help: ArgumentHelp("The observable X to draw (from X_mean, X_sem, X_theory; default: eg, else the "
            + "first in the file).", valueName: "name"))
        var observable: String?

        @Option(help: ArgumentHelp("The element of an observable with extra dimensions, e.g. 0,1 for Q[student_i=0, "
            + "student_j=1] (default: all zeros).", valueName: "i,j,..."))
        var index: String?

        @Flag(help: "Logarithmic time axis (time 0 is left out).")
        var logX = false

        @Flag(help: "Logarithmic y axis (values <= 0 are left out).")
        var logY = false

        @Flag(help: "Overwrite the output file if it exists.")
        var force = false

        func run() throws {
            do {
                guard FileManager.default.fileExists(atPath: file) else {
                    throw CoordinatorError("\(file) does not exist")
                }
                let destination = output ?? Self.defaultOutput(for: file)
                try ResultDestination(path: destination).check(force: force)
                let options = SweepPlotOptions(observable: observable, index: try index.map(SweepPlotOptions.parseIndex),
                                               logX: logX, logY: logY)
                let reader = try ResultReader(path: file)
                defer { try? reader.close() }
                // Plot knows the variables a figure needs, the archive how to read them.
                let wanted = try options.dataVariables(among: try reader.summary().dataVariables.map(\.name), path: file)
                let figure = try SweepFigureBuilder.figure(try reader.readResult(dataVariables: wanted), options: options,
                                                           source: file)
                let svg = try SVGPlotRenderer().render(figure)
                try Data(svg.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
                print("wrote \(destination)")
            } catch let error as PlotError {
                ErrorReporting.fail(CoordinatorError(error.description))
            } catch {
                ErrorReporting.fail(error)
            }
        }

        /// `file` with `.svg` instead of its `.h5`/`.nc`/`.hdf5` extension (appended otherwise).
        static func defaultOutput(for file: String) -> String {
            let url = URL(fileURLWithPath: file)
            let base = ["h5", "nc", "hdf5", "he5"].contains(url.pathExtension.lowercased())
                ? String(file.dropLast(url.pathExtension.count + 1)) : file
            return base + ".svg"
        }
    }
}
