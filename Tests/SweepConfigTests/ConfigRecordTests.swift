import Solvers
@testable import SweepConfig
import XCTest

/// The record time grids: linear, log, and rounded to whole steps for discrete models.
final class ConfigRecordTests: XCTestCase {
    func testLinearGridIsEvenOnZeroToEnd() {
        let times = RecordSpec(points: 5, spacing: .linear, tMin: nil).times(endTime: 2, discrete: false)
        XCTAssertEqual(times, [0, 0.5, 1, 1.5, 2])
        XCTAssertEqual(RecordSpec(points: 1, spacing: .linear, tMin: nil).times(endTime: 3, discrete: false), [3])
    }

    func testLogGridIsGeometricOnTMinToEndWithExactEnds() {
        let times = RecordSpec(points: 7, spacing: .log, tMin: 0.003).times(endTime: 3000, discrete: false)
        XCTAssertEqual(times.count, 7)
        XCTAssertEqual(times.first, 0.003)
        XCTAssertEqual(times.last, 3000)
        for (a, b) in zip(times, times.dropFirst()) { XCTAssertEqual(b / a, 10, accuracy: 1e-9) }
    }

    func testLogGridDefaultsTMinToAThousandthOfTheEnd() throws {
        let c = try config(minimal("t_max = 50.0\n[record]\nspacing = \"log\"\npoints = 4"))
        XCTAssertEqual(c.record.tMin, 0.05)
        XCTAssertEqual(c.times.first, 0.05)
        XCTAssertEqual(c.times.last, 50)
    }

    func testConfigTimesFollowTheModelEndTime() throws {
        let c = try config(minimal("t_max = 8.0\n[record]\npoints = 5"))
        XCTAssertEqual(c.endTime, 8)
        XCTAssertEqual(c.times, [0, 2, 4, 6, 8])
    }

    func testDiscreteGridsAreRoundedToWholeSteps() throws {
        let linear = try config("[model]\nkind = \"fake_discrete\"\nsteps = 10\n[record]\npoints = 4")
        XCTAssertEqual(linear.times, [0, 3, 7, 10])
        let log = try config("[model]\nkind = \"fake_discrete\"\nsteps = 1000\n[record]\npoints = 4\nspacing = \"log\"")
        XCTAssertEqual(log.record.tMin, 1)
        XCTAssertEqual(log.times, [1, 10, 100, 1000])
        let exact = try config("[model]\nkind = \"fake_discrete\"\nsteps = 10\n[record]\npoints = 11")
        XCTAssertEqual(exact.times, (0...10).map(Double.init), "one time per step fits exactly")
    }

    func testDiscreteLinearGridWithMoreTimesThanStepsIsAnError() {
        let message = configError("[model]\nkind = \"fake_discrete\"\nsteps = 10\n[record]\npoints = 12")
        assertContains(message, "test.toml:5:", "record.points = 12", "duplicate times", "at most 11 distinct")
    }

    func testDiscreteLogGridThatRoundsToDuplicatesIsAnError() throws {
        let message = configError("[model]\nkind = \"fake_discrete\"\nsteps = 100\n[record]\npoints = 50\nspacing = \"log\"")
        assertContains(message, "record.points = 50", "duplicate times", "log-spaced", "spacing = \"linear\"")
        // The count the message offers really fits.
        let fit = try XCTUnwrap(message.components(separatedBy: "at most ").last?.split(separator: " ").first.flatMap { Int($0) })
        XCTAssertLessThan(fit, 50)
        let ok = try config("[model]\nkind = \"fake_discrete\"\nsteps = 100\n[record]\npoints = \(fit)\nspacing = \"log\"")
        XCTAssertEqual(Set(ok.times).count, fit)
    }

    func testTMinErrors() {
        assertContains(configError(minimal("[record]\nt_min = 0.5")), "record.t_min applies only to spacing = \"log\"")
        assertContains(configError(minimal("[record]\nspacing = \"log\"\nt_min = 10.0")),
                       "record.t_min must be > 0 and below the end time 10.0 (t_max), got 10.0")
        assertContains(configError(minimal("[record]\nspacing = \"log\"\nt_min = -1")), "record.t_min must be > 0")
    }

    func testEndTimeMustBeSharedByEveryPoint() {
        let message = configError("[model]\nkind = \"fake_discrete\"\n[sweep]\nscale = [1, 2]")
        assertContains(message, "end time differs between sweep points", "200.0 at scale=1", "400.0 at scale=2",
                       "one time axis")
    }

    func testEndTimeMustBePositive() {
        assertContains(configError(minimal("t_max = 0.0")), "end time is 0.0", "t_max must make it positive")
    }
}
