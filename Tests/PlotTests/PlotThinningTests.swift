@testable import Plot
import XCTest

/// A figure of a sweep with more points than anyone can read draws an evenly spaced
/// subset, so a million-point file does not become a 500 MB SVG (issue 17, item 11).
final class PlotThinningTests: XCTestCase {
    func testSmallSweepsDrawEveryPoint() {
        XCTAssertEqual(SweepFigureBuilder.shownPoints(count: 3), [0, 1, 2])
        let limit = SweepFigureBuilder.maxSeries
        XCTAssertEqual(SweepFigureBuilder.shownPoints(count: limit), Array(0..<limit))
    }

    func testLargeSweepsDrawAnEvenlySpacedSubsetWithBothEnds() {
        let shown = SweepFigureBuilder.shownPoints(count: 1_000_000)
        XCTAssertEqual(shown.count, SweepFigureBuilder.maxSeries)
        XCTAssertEqual(shown.first, 0)
        XCTAssertEqual(shown.last, 999_999)
        XCTAssertEqual(Set(shown).count, shown.count, "no point twice")
        let gaps = zip(shown.dropFirst(), shown).map { $0 - $1 }
        XCTAssertLessThanOrEqual((gaps.max() ?? 0) - (gaps.min() ?? 0), 1, "evenly spaced: \(gaps)")
    }
}
