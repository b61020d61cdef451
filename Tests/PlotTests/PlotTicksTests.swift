import Foundation
@testable import Plot
import XCTest

/// Nice ticks: 1-2-5 steps on linear axes that cover the data, decades (or 1-2-5, or
/// linear ticks inside a decade) on log axes, and labels that say the tick's value.
final class PlotTicksTests: XCTestCase {
    /// The step between consecutive ticks, which must be the same everywhere.
    private func step(_ range: PlotAxisRange, file: StaticString = #filePath, line: UInt = #line) -> Double {
        let values = range.ticks.map(\.value)
        let steps = zip(values.dropFirst(), values).map { $0 - $1 }
        for s in steps { XCTAssertEqual(s, steps[0], accuracy: abs(steps[0]) * 1e-9, file: file, line: line) }
        return steps.first ?? 0
    }

    /// Whether `step` is 1, 2 or 5 times a power of ten.
    private func isNice(_ step: Double) -> Bool {
        let mantissa = step / pow(10, floor(log10(step) + 1e-9))
        return [1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 }
    }

    func testLinearTicksAreOneTwoFiveStepsCoveringTheData() {
        for (low, high) in [(0.013, 0.7), (0.0, 300.0), (-3.2, 7.9), (1e-6, 3e-6), (12345.0, 98765.0), (-1.0, -0.2)] {
            let range = AxisTicks.linear(low: low, high: high)
            XCTAssertLessThanOrEqual(range.lower, low)
            XCTAssertGreaterThanOrEqual(range.upper, high)
            XCTAssertEqual(range.ticks.first?.value, range.lower, "the axis ends on a tick")
            XCTAssertEqual(range.ticks.last?.value ?? 0, range.upper, accuracy: abs(range.upper) * 1e-12)
            XCTAssertTrue((4...12).contains(range.ticks.count), "\(low)...\(high): \(range.ticks.map(\.label))")
            let s = step(range)
            XCTAssertTrue(isNice(s), "step \(s) for \(low)...\(high)")
            for tick in range.ticks {
                let shown = Double(tick.label.replacingOccurrences(of: AxisTicks.minus, with: "-"))
                XCTAssertEqual(shown ?? .nan, tick.value, accuracy: s * 1e-6, "label \(tick.label) of \(tick.value)")
            }
        }
        XCTAssertEqual(AxisTicks.linear(low: 0, high: 0.8).ticks.map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8"])
        XCTAssertEqual(AxisTicks.linear(low: -1, high: 1).ticks.map(\.label), ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        XCTAssertEqual(AxisTicks.linear(low: 2, high: 2).ticks.count, 5, "a single value gets a range around it")
    }

    func testLogTicksAreDecadesOrOneTwoFive() {
        let wide = AxisTicks.log(low: 0.3, high: 300)
        XCTAssertEqual(wide.ticks.map(\.value), [1, 10, 100])
        XCTAssertEqual(wide.ticks.map(\.label), ["1", "10", "100"])
        XCTAssertLessThanOrEqual(wide.lower, 0.3)
        XCTAssertGreaterThanOrEqual(wide.upper, 300)
        XCTAssertTrue(wide.minorTicks.contains { abs($0 - 0.5) < 1e-12 } && wide.minorTicks.contains { abs($0 - 200) < 1e-9 })

        let tiny = AxisTicks.log(low: 1e-9, high: 1e-2)
        XCTAssertEqual(tiny.ticks.map(\.plainLabel), ["10^\u{2212}9", "10^\u{2212}8", "10^\u{2212}7", "10^\u{2212}6",
                                                       "10^\u{2212}5", "10^\u{2212}4", "10^\u{2212}3", "10^\u{2212}2"])
        let many = AxisTicks.log(low: 1e-30, high: 1e10)
        XCTAssertLessThanOrEqual(many.ticks.count, 9, "\(many.ticks.map(\.plainLabel))")
        XCTAssertTrue(many.minorTicks.isEmpty)

        let narrow = AxisTicks.log(low: 0.013, high: 0.7)
        XCTAssertEqual(narrow.ticks.map(\.label), ["0.02", "0.05", "0.1", "0.2", "0.5"])

        let inside = AxisTicks.log(low: 0.31, high: 0.42)
        XCTAssertGreaterThanOrEqual(inside.ticks.count, 2, "\(inside.ticks.map(\.label))")
        XCTAssertTrue(inside.ticks.allSatisfy { $0.value >= inside.lower && $0.value <= inside.upper })
    }
}
