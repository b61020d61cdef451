import Foundation
@testable import Plot
import XCTest

/// `dynsweep plot --x DIM`: an observable against one of its own axes (gated_rnn's
/// envelope against its lag), at one record time, labelled by the axis's coordinate.
final class PlotAlongAxisTests: XCTestCase {
    /// Q[point, time, student_i, student_j] = p + 10 i + 100 j + t in the test result.
    func testSeriesRunsAlongTheChosenAxisAtTheChosenTimeAndElement() throws {
        let result = PlotTestSupport.sweepResult(points: 2, times: 8)
        let options = SweepPlotOptions(observable: "Q", index: [1], xAxis: "student_j", timeIndex: 2)
        let figure = try SweepFigureBuilder.figure(result, options: options, source: "test.h5")
        let means = figure.lines.filter { $0.role == "mean" }
        XCTAssertEqual(means.count, 2)
        for (p, line) in means.enumerated() {
            XCTAssertEqual(line.x, [0, 1], "the coordinate of student_j")
            XCTAssertEqual(line.y, [Double(p + 10 + 2), Double(p + 10 + 100 + 2)])
        }
        XCTAssertTrue(figure.yAxis.label.contains("student_i=1"), figure.yAxis.label)
        XCTAssertTrue(figure.yAxis.label.contains("at time 1"), "time index 2 is time 1.0: \(figure.yAxis.label)")
        let last = try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q", index: [0],
                                                                                  xAxis: "student_j"), source: "t")
        XCTAssertEqual(last.lines.first { $0.role == "mean" }?.y, [7, 107], "the default is the last record time")
    }

    func testUnknownAxisAndTimeIndexAreRefusedInOneLine() {
        let result = PlotTestSupport.sweepResult(points: 1, times: 4)
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "eg", xAxis: "lag"))) {
            XCTAssertTrue("\($0)".contains("no dimension lag"), "\($0)")
        }
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q", index: [0],
                                                                                             xAxis: "student_j", timeIndex: 4))) {
            XCTAssertTrue("\($0)".contains("--time-index 4 is out of range"), "\($0)")
        }
    }
}
