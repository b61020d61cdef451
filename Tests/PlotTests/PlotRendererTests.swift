import Foundation
@testable import Plot
import XCTest

/// The SVG renderer on figures built in memory: well-formed output, monotone tick
/// labels, lines that break at NaN and infinities (which never reach the document),
/// log axes that drop non-positive values and say so, clipping, and escaping.
final class PlotRendererTests: XCTestCase {
    private func figure(x: [Double], y: [Double], xScale: PlotScale = .linear, yScale: PlotScale = .linear,
                        band: (lower: [Double], upper: [Double])? = nil) -> PlotFigure {
        PlotFigure(
            title: "test", xAxis: PlotAxisSpec(label: "x label", scale: xScale),
            yAxis: PlotAxisSpec(label: "y label", scale: yScale),
            bands: band.map { [PlotBand(x: x, lower: $0.lower, upper: $0.upper, color: .cycle(0))] } ?? [],
            lines: [PlotLine(x: x, y: y, color: .cycle(0), role: "mean")],
            legend: [PlotLegendEntry(label: "only", color: .cycle(0), band: band != nil)])
    }

    func testTickLabelsAreMonotoneOnLinearAndLogAxes() throws {
        let x = (0..<50).map { 0.3 * pow(1000, Double($0) / 49) }  // 0.3 ... 300
        let y = x.map { 0.7 * exp(-$0 / 40) + 1e-3 }
        for (xs, ys) in [(PlotScale.linear, PlotScale.linear), (.log, .log), (.log, .linear), (.linear, .log)] {
            let (root, _) = try SVGParser.parse(try SVGPlotRenderer().render(figure(x: x, y: y, xScale: xs, yScale: ys)))
            for axis in ["x", "y"] {
                let labels = root.find("text", classes: ["tick-label", axis])
                XCTAssertGreaterThanOrEqual(labels.count, 3, "\(axis) axis (\(xs), \(ys))")
                let values = labels.compactMap(PlotTestSupport.tickValue)
                XCTAssertEqual(values.count, labels.count, "every \(axis) label parses: \(labels.map(\.text))")
                XCTAssertEqual(values, values.sorted(), "\(axis) labels increase: \(labels.map(\.text))")
                XCTAssertEqual(Set(values).count, values.count, "\(axis) labels differ: \(labels.map(\.text))")
                let positions = labels.compactMap { Double($0.attributes[axis] ?? "") }
                let ordered = axis == "x" ? positions.sorted() : positions.sorted(by: >)
                XCTAssertEqual(positions, ordered, "\(axis) labels move along the axis (\(xs), \(ys))")
            }
        }
    }

    func testNaNAndInfinityBreakLinesAndNeverReachTheDocument() throws {
        let x = (0..<10).map(Double.init)
        var y = x.map { $0 * $0 }
        y[3] = .nan
        y[6] = .infinity
        var upper = y.map { $0 + 1 }, lower = y.map { $0 - 1 }
        upper[8] = .nan
        lower[1] = -.infinity
        let svg = try SVGPlotRenderer().render(figure(x: x, y: y, band: (lower, upper)))
        XCTAssertFalse(svg.lowercased().contains("nan"), "no NaN in the SVG")
        XCTAssertFalse(svg.lowercased().contains("inf"), "no infinity in the SVG")
        let (root, comments) = try SVGParser.parse(svg)
        let d = try XCTUnwrap(root.find("path", classes: ["mean"]).first?.attributes["d"])
        XCTAssertEqual(PlotTestSupport.subpaths(d).map(\.count), [3, 2, 3], "runs 0-2, 4-5, 7-9")
        let band = try XCTUnwrap(root.find("path", classes: ["band"]).first?.attributes["d"])
        XCTAssertEqual(PlotTestSupport.subpaths(band).map(\.count), [4], "only the run 4-5 has an area; lone points have none")
        XCTAssertTrue(comments.contains { $0.contains("dropped 5 of 20 points that are not finite") }, "\(comments)")
    }

    func testLogAxesDropNonPositiveValuesAndSaySoInAComment() throws {
        let x = [0, 1, 2, 3, 4, 5, 6].map(Double.init)
        let y = [1, 0.5, 0, -0.1, 0.2, 0.1, 0.05]
        let svg = try SVGPlotRenderer().render(figure(x: x, y: y, xScale: .log, yScale: .log))
        let (root, comments) = try SVGParser.parse(svg)
        XCTAssertTrue(comments.contains { $0.contains("log x axis: dropped 1 of 7 points with x <= 0") }, "\(comments)")
        XCTAssertTrue(comments.contains { $0.contains("log y axis: dropped 2 of 7 points with y <= 0") }, "\(comments)")
        let d = try XCTUnwrap(root.find("path", classes: ["mean"]).first?.attributes["d"])
        XCTAssertEqual(PlotTestSupport.subpaths(d).map(\.count), [1, 3], "x = 0 dropped; y = 0, -0.1 break the line")
        let yTicks = root.find("text", classes: ["tick-label", "y"]).compactMap(PlotTestSupport.tickValue)
        XCTAssertTrue(yTicks.allSatisfy { $0 > 0 }, "\(yTicks)")

        let linear = try SVGPlotRenderer().render(figure(x: x, y: y))
        XCTAssertEqual(try SVGParser.parse(linear).comments.map { $0.trimmingCharacters(in: .whitespaces) },
                       [SVGPlotRenderer.marker], "nothing is dropped on linear axes")
    }

    func testLogBandBelowZeroIsPinnedToTheBottomOfTheAxis() throws {
        let x = [1, 2, 3, 4].map(Double.init)
        let y = [1, 0.5, 0.2, 0.1]
        let svg = try SVGPlotRenderer().render(figure(x: x, y: y, yScale: .log,
                                                      band: (y.map { $0 - 0.25 }, y.map { $0 + 0.25 })))
        let (root, comments) = try SVGParser.parse(svg)
        XCTAssertTrue(comments.contains { $0.contains("2 band points have a lower edge <= 0") }, "\(comments)")
        let frame = try XCTUnwrap(root.find("rect", classes: ["frame"]).first)
        let bottom = try XCTUnwrap(Double(frame.attributes["y"] ?? "")) + XCTUnwrap(Double(frame.attributes["height"] ?? ""))
        let polygon = try XCTUnwrap(PlotTestSupport.subpaths(root.find("path", classes: ["band"]).first?.attributes["d"] ?? "").first)
        XCTAssertEqual(polygon.count, 8)
        // Upper edge x = 1...4, then the lower edge back: x = 4 (-0.15), 3 (-0.05), 2 (0.25), 1 (0.75).
        XCTAssertEqual(polygon[4].y, bottom, accuracy: 0.01, "lower edge -0.15 runs along the bottom")
        XCTAssertEqual(polygon[5].y, bottom, accuracy: 0.01, "lower edge -0.05 runs along the bottom")
        XCTAssertLessThan(polygon[6].y, bottom - 1, "lower edge 0.25 is drawn where it is")
    }

    func testEverythingDroppedIsAnError() {
        let x = [0, 1, 2].map(Double.init)
        XCTAssertThrowsError(try SVGPlotRenderer().render(figure(x: x, y: [0, -1, -2], yScale: .log))) { error in
            guard case .nothingToDraw(let reason)? = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("y <= 0 on the log y axis"), reason)
        }
        XCTAssertThrowsError(try SVGPlotRenderer().render(figure(x: x, y: [.nan, .nan, .nan])))
        XCTAssertThrowsError(try SVGPlotRenderer().render(figure(x: [0], y: [1], xScale: .log)))
    }

    func testDataIsClippedToThePlotArea() throws {
        let (root, _) = try SVGParser.parse(try SVGPlotRenderer().render(figure(x: [0, 1, 2], y: [1, 2, 3])))
        let clip = try XCTUnwrap(root.find("clipPath").first?.attributes["id"])
        let data = try XCTUnwrap(root.find("g", classes: ["data"]).first)
        XCTAssertEqual(data.attributes["clip-path"], "url(#\(clip))")
        XCTAssertEqual(data.find("path", classes: ["mean"]).count, 1, "the lines are inside the clipped group")
        let area = try XCTUnwrap(root.find("clipPath").first?.children.first)
        XCTAssertEqual(area.attributes["width"], root.find("rect", classes: ["frame"]).first?.attributes["width"])
    }

    func testTextIsEscapedAndCommentsStayClosed() throws {
        var f = figure(x: [1, 2, 3], y: [0, 1, -1], yScale: .log)
        f.title = "a <b> & \"c\" 'd' -- e"
        f.legend = [PlotLegendEntry(label: "K=<1> & --", color: .cycle(3))]
        f.xAxis.label = "x\u{1}y"
        let svg = try SVGPlotRenderer().render(f)
        let (root, comments) = try SVGParser.parse(svg)
        XCTAssertEqual(root.find("text", classes: ["title"]).first?.text, "a <b> & \"c\" 'd' -- e")
        XCTAssertEqual(root.find("text", classes: ["legend-label"]).first?.text, "K=<1> & --")
        XCTAssertEqual(root.find("text", classes: ["axis-label", "x"]).first?.text, "x y")
        XCTAssertFalse(comments.isEmpty)
        XCTAssertFalse(comments.contains { $0.contains("--") })
    }
}
