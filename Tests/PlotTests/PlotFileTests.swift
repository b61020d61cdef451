import Foundation
import MPIShim
@testable import Plot
import ResultArchive
import XCTest

/// The figure of a file written by the archive and read back as `dynsweep plot` reads it
/// (the variables `SweepPlotOptions.dataVariables` names, through
/// `ResultReader.readResult(dataVariables:)`): the same figure as from the result in
/// memory. The only Plot test that needs MPI (for the writer).
final class PlotFileTests: XCTestCase {
    func testFigureOfAWrittenFileMatchesTheResultInMemory() throws {
        let world = try MPIEnvironment.initialize()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dynsweep-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        let result = PlotTestSupport.sweepResult(points: 3, times: 6, firstTime: 0)
        try ResultWriter.write(result, to: path, communicator: world)

        let options = SweepPlotOptions(logX: true, logY: true)
        let reader = try ResultReader(path: path)
        defer { try? reader.close() }
        let wanted = try options.dataVariables(among: try reader.summary().dataVariables.map(\.name), path: path)
        XCTAssertEqual(wanted, ["eg_mean", "eg_sem", "eg_theory", "diverged"])
        let subset = try reader.readResult(dataVariables: wanted)
        XCTAssertEqual(subset.data.map(\.name).sorted(), ["diverged", "eg_mean", "eg_sem", "eg_theory"],
                       "only what the figure needs is read")
        let fromFile = try SweepFigureBuilder.figure(subset, options: options, source: path)
        let inMemory = try SweepFigureBuilder.figure(result, options: options, source: path)
        XCTAssertEqual(fromFile, inMemory)

        let svg = try SVGPlotRenderer().render(fromFile)
        let (root, comments) = try SVGParser.parse(svg)
        XCTAssertEqual(root.find("path", classes: ["theory"]).count, 3)
        XCTAssertEqual(root.find("path", classes: ["band"]).count, 3)
        // time = 0 cannot be on a log axis: one of the 6 points of each of 3 means, 3 theories, 3 bands.
        XCTAssertTrue(comments.contains { $0.contains("log x axis: dropped 9 of 54 points with x <= 0") }, "\(comments)")
        let mean = try XCTUnwrap(root.find("path", classes: ["mean"]).first?.attributes["d"])
        XCTAssertEqual(PlotTestSupport.subpaths(mean).map(\.count), [5])
    }
}
