import Foundation
@testable import Plot
import XCTest

/// `dynsweep plot`'s figure of a sweep: per point one band, one mean line and one
/// theory line in the same color, a legend entry with the swept parameters, the axis
/// labels from the file's attributes, and the element of an observable with extra
/// dimensions that --index picks.
final class PlotSweepFigureTests: XCTestCase {
    func testOneBandMeanAndTheoryPerPointWithSweptLabels() throws {
        let svg = try PlotTestSupport.render(PlotTestSupport.sweepResult(points: 3))
        let (root, _) = try SVGParser.parse(svg)

        let bands = root.find("path", classes: ["band"])
        let means = root.find("path", classes: ["mean"])
        let theories = root.find("path", classes: ["theory"])
        XCTAssertEqual(bands.count, 3)
        XCTAssertEqual(means.count, 3)
        XCTAssertEqual(theories.count, 3)
        XCTAssertEqual(theories.map { $0.attributes["stroke-dasharray"] != nil }, [true, true, true], "theory is dashed")
        XCTAssertEqual(means.map { $0.attributes["stroke-dasharray"] }, [nil, nil, nil], "the mean is solid")
        for i in 0..<3 {
            XCTAssertEqual(bands[i].attributes["fill"], means[i].attributes["stroke"], "point \(i): band and mean share a color")
            XCTAssertEqual(theories[i].attributes["stroke"], means[i].attributes["stroke"], "point \(i): theory in the same color")
            XCTAssertEqual(theories[i].tooltip, "K=\(i + 1): theory")
        }
        XCTAssertEqual(Set(means.compactMap { $0.attributes["stroke"] }).count, 3, "every point has its own color")

        let legend = root.find("text", classes: ["legend-label"]).map(\.text)
        XCTAssertEqual(Array(legend.prefix(3)), ["K=1", "K=2", "K=3"])
        XCTAssertTrue(legend.contains("dashed: theory"), "\(legend)")
        XCTAssertTrue(legend.contains { $0.hasPrefix("solid") && $0.contains("1 SEM") }, "\(legend)")

        XCTAssertEqual(root.find("text", classes: ["axis-label", "x"]).first?.text, "alpha = SGD steps / N")
        XCTAssertEqual(root.find("text", classes: ["axis-label", "y"]).first?.text, "eg (generalization error)")
        XCTAssertEqual(root.find("text", classes: ["title"]).first?.text, "dynsweep teacher_student sweep \"plot-test\"")
        XCTAssertEqual(root.find("text", classes: ["subtitle"]).first?.text, "8 realizations per point")
    }

    func testBandIsMeanPlusSemThenMeanMinusSemReversed() throws {
        let times = 8
        let svg = try PlotTestSupport.render(PlotTestSupport.sweepResult(points: 1, times: times))
        let (root, _) = try SVGParser.parse(svg)
        let band = try XCTUnwrap(root.find("path", classes: ["band"]).first?.attributes["d"])
        let mean = try XCTUnwrap(root.find("path", classes: ["mean"]).first?.attributes["d"])
        XCTAssertTrue(band.hasSuffix("Z"), band)
        let polygon = try XCTUnwrap(PlotTestSupport.subpaths(band).first)
        let line = try XCTUnwrap(PlotTestSupport.subpaths(mean).first)
        XCTAssertEqual(polygon.count, 2 * times)
        XCTAssertEqual(line.count, times)
        for t in 0..<times {
            let upper = polygon[t], lower = polygon[2 * times - 1 - t]
            XCTAssertEqual(upper.x, line[t].x, accuracy: 0.011)
            XCTAssertEqual(lower.x, line[t].x, accuracy: 0.011)
            // Pixels grow downwards: mean + sem is above the mean, mean - sem below, symmetric.
            XCTAssertLessThan(upper.y, line[t].y)
            XCTAssertGreaterThan(lower.y, line[t].y)
            XCTAssertEqual(line[t].y - upper.y, lower.y - line[t].y, accuracy: 0.03)
        }
    }

    func testIndexPicksTheElementAndSaysSoInTheLabel() throws {
        let result = PlotTestSupport.sweepResult(points: 2, times: 4)
        let figure = try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q", index: [1, 0]))
        XCTAssertEqual(figure.yAxis.label, "Q[student_i=1, student_j=0] (student overlaps)")
        // Q[i][j] = point + 10 i + 100 j + time index.
        XCTAssertEqual(figure.lines.map(\.role), ["mean", "mean"], "Q has no theory in this file")
        XCTAssertEqual(figure.lines[0].y, [10, 11, 12, 13])
        XCTAssertEqual(figure.lines[1].y, [11, 12, 13, 14])
        XCTAssertTrue(figure.bands.isEmpty, "no Q_sem, no band")
        XCTAssertEqual(figure.legend.last?.label, "solid: simulation mean")

        let defaults = try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q"))
        XCTAssertEqual(defaults.yAxis.label, "Q[student_i=0, student_j=0] (student overlaps)")
        XCTAssertEqual(defaults.lines[0].y, [0, 1, 2, 3])

        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q", index: [0]))) {
            XCTAssertTrue("\($0)".contains("student_i, student_j"), "\($0)")
        }
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "Q", index: [0, 2]))) {
            XCTAssertTrue("\($0)".contains("student_j = 2 is out of range 0..<2"), "\($0)")
        }
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(index: [0])))
    }

    func testObservableChoiceAndIndexParsing() throws {
        var result = PlotTestSupport.sweepResult(points: 1, times: 3)
        XCTAssertEqual(try SweepFigureBuilder.figure(result, options: SweepPlotOptions()).yAxis.label,
                       "eg (generalization error)", "eg by default")
        result.data.removeAll { $0.name.hasPrefix("eg_") }
        XCTAssertTrue(try SweepFigureBuilder.figure(result, options: SweepPlotOptions()).yAxis.label.hasPrefix("Q["),
                      "without eg, the first observable")
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(observable: "R"))) {
            XCTAssertEqual($0 as? PlotError, .unknownObservable(name: "R", available: ["Q"]))
        }
        result.data.removeAll { $0.name.hasPrefix("Q_") }
        XCTAssertThrowsError(try SweepFigureBuilder.figure(result, options: SweepPlotOptions(), source: "x.h5")) {
            XCTAssertEqual($0 as? PlotError, .noObservables(path: "x.h5"))
        }

        XCTAssertEqual(try SweepPlotOptions.parseIndex("0,1"), [0, 1])
        XCTAssertEqual(try SweepPlotOptions.parseIndex(" 2 , 0 "), [2, 0])
        for bad in ["", "0,,1", "a", "-1", "1.5"] {
            XCTAssertThrowsError(try SweepPlotOptions.parseIndex(bad), "\"\(bad)\"") {
                XCTAssertEqual($0 as? PlotError, .unreadableIndex(text: bad))
            }
        }
    }

    func testEverySweptParameterIsInTheLabel() throws {
        var result = PlotTestSupport.sweepResult(points: 2, times: 3)
        result.coordinates.append(.init(name: "eta", dimensions: ["point"], values: .double([0.5, 0.05])))
        result.coordinates.append(.init(name: "activation", dimensions: ["point"], values: .string(["erf", "relu"])))
        let figure = try SweepFigureBuilder.figure(result, options: SweepPlotOptions())
        XCTAssertEqual(figure.legend.prefix(2).map(\.label), ["K=1, eta=0.5, activation=erf", "K=2, eta=0.05, activation=relu"])
        XCTAssertEqual(figure.lines.filter { $0.role == "theory" }.map(\.label),
                       ["K=1, eta=0.5, activation=erf: theory", "K=2, eta=0.05, activation=relu: theory"])
    }

    func testLongNamesAreCutToTheirLeadingWords() throws {
        var result = PlotTestSupport.sweepResult(points: 1, times: 3)
        let mean = try XCTUnwrap(result.data.firstIndex { $0.name == "eg_mean" })
        func label(_ longName: String) throws -> String {
            result.data[mean].attributes = [("long_name", .string(longName))]
            return try SweepFigureBuilder.figure(result, options: SweepPlotOptions()).yAxis.label
        }
        XCTAssertEqual(try label("mean over realizations of generalization error 1/2 <(yhat - y_clean)^2> from Q, R, "
                                 + "T, v via I2 (seed 001, eqs. (32)/(43)), without the noise floor sigma^2/2"),
                       "eg (generalization error)")
        XCTAssertEqual(try label("mean over realizations of student-teacher overlaps R_in = W_i . W*_n / N (seed 001)"),
                       "eg (student-teacher overlaps)")
        XCTAssertEqual(try label("a short name, with (marks)"), "eg (a short name, with (marks))")
        XCTAssertEqual(try label("1/2 <(yhat - y_clean)^2> from Q, R, T, v via I2 (seed 001, eqs. (32)/(43))"), "eg")
    }

    func testPointsWithoutDataAreLabelledAndDivergedAreCounted() throws {
        var result = PlotTestSupport.sweepResult(points: 2, times: 3)
        let nan = Double.nan
        for name in ["eg_mean", "eg_sem", "eg_theory"] {
            let i = try XCTUnwrap(result.data.firstIndex { $0.name == name })
            guard case .double(var values) = result.data[i].values else { return XCTFail("\(name) is not double") }
            for t in 3..<6 { values[t] = nan }
            result.data[i].values = .double(values)
        }
        let d = try XCTUnwrap(result.data.firstIndex { $0.name == "diverged" })
        result.data[d].values = .int([2, 0])
        let svg = try PlotTestSupport.render(result)
        let (root, _) = try SVGParser.parse(svg)
        let legend = root.find("text", classes: ["legend-label"]).map(\.text)
        XCTAssertEqual(Array(legend.prefix(2)), ["K=1 (2 diverged)", "K=2 (no data)"])
        XCTAssertEqual(root.find("path", classes: ["theory"]).count, 1, "nothing is drawn for a point without data")
        XCTAssertFalse(svg.lowercased().contains("nan"))
    }
}
