import ArgumentParser
import Coordinator
import Foundation
import Plot
import ResultArchive
import SweepDataset

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
                  dynsweep plot out/g.h5 --observable envelope --x lag --log-x --log-y   # f(l) at the last epoch
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

        @Option(name: .customLong("x"), help: ArgumentHelp("The dimension on the x axis: time (default), or one of "
            + "the observable's own axes, e.g. lag for gated_rnn's envelope (then drawn at one record time, --time-index).",
            valueName: "dimension"))
        var xAxis: String?

        @Option(help: ArgumentHelp("With --x other than time: the record time to draw, as an index into the times "
            + "(-1, the default, is the last).", valueName: "n"))
        var timeIndex: Int = -1

        @Flag(help: "Logarithmic x axis (time 0, or values <= 0, are left out).")
        var logX = false

        @Flag(help: "Logarithmic y axis (values <= 0 are left out).")
        var logY = false

        @Flag(help: "Overwrite the output file if it exists.")
        var force = false

        func run() throws {
            do {
                try Self.checkReadableResult(file)
                let destination = output ?? Self.defaultOutput(for: file)
                try ResultDestination(path: destination).check(force: force, inputs: [file])
                try Self.checkOverwritable(destination)
                let options = SweepPlotOptions(observable: observable, index: try index.map(SweepPlotOptions.parseIndex),
                                               logX: logX, logY: logY, xAxis: xAxis, timeIndex: timeIndex)
                let reader = try ResultReader(path: file)
                defer { try? reader.close() }
                // Plot knows the variables a figure needs, the archive how to read them.
                let wanted = try options.dataVariables(among: try reader.summary().dataVariables.map(\.name), path: file)
                let data = try reader.readResult(dataVariables: wanted)
                let points = data.dimension(SweepResult.pointDimension)?.size ?? 1
                if points > SweepFigureBuilder.maxSeries {
                    FileHandle.standardError.write(Data(("dynsweep: warning: \(file) has \(points) sweep points; the "
                        + "figure draws \(SweepFigureBuilder.maxSeries) of them, evenly spaced (first and last included)\n").utf8))
                }
                let figure = try SweepFigureBuilder.figure(data, options: options, source: file)
                let svg = try SVGPlotRenderer().render(figure)
                try Data(svg.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
                print("wrote \(destination)")
            } catch let error as PlotError {
                ErrorReporting.fail(CoordinatorError(error.description))
            } catch {
                ErrorReporting.fail(error)
            }
        }

        /// Throws one line when `file` is not a finished result: missing, a directory, or
        /// a run that was interrupted (its `.partial` or `.journal` is there instead).
        static func checkReadableResult(_ file: String) throws {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw CoordinatorError("\(file) is a directory, not a result file") }
                return
            }
            for unfinished in [file + ".journal", file + ".partial"] where FileManager.default.fileExists(atPath: unfinished) {
                throw CoordinatorError("\(file) is not finished: the run was interrupted (\(unfinished) is there); "
                    + "continue it with dynsweep run CONFIG --output \(file) --resume, then plot it")
            }
            throw CoordinatorError("\(file) does not exist")
        }

        /// With --force, an existing output is replaced only if it is a figure this command
        /// wrote (it carries `SVGPlotRenderer.marker` near its start): a result file or any
        /// other document named by mistake is never overwritten.
        static func checkOverwritable(_ destination: String) throws {
            guard FileManager.default.fileExists(atPath: destination) else { return }
            let head = FileHandle(forReadingAtPath: destination).map { handle -> Data in
                defer { try? handle.close() }
                return (try? handle.read(upToCount: 1024)) ?? Data()
            } ?? Data()
            guard String(decoding: head, as: UTF8.self).contains(SVGPlotRenderer.marker) else {
                throw CoordinatorError("\(destination) exists and is not a figure written by dynsweep plot, so --force "
                    + "does not overwrite it; choose another --output or remove it yourself")
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
