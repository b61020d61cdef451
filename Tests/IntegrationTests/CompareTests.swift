import Foundation
import XCTest

/// `dynsweep compare` on a real run's file whose theory is set, with h5py, to the
/// simulation mean (exit 0) or to 10 SEM beside it (exit 1, the point named); a file
/// without theory is refused with exit 2 (issue 15, item 3).
final class CompareTests: IntegrationTestCase {
    private func editTheory(_ file: String, shiftInSEMs: Double) throws {
        let script = """
            import h5py
            with h5py.File("\(file)", "r+") as f:
                f["eg_theory"][...] = f["eg_mean"][...] + \(shiftInSEMs) * f["eg_sem"][...]
                f["eg_theory_sem"][...] = 0.0
            """
        let r = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testExitStatusSaysWhetherTheTheoryIsWithinTheThreshold() throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import h5py"], timeout: 60)
        guard probe.status == 0 else { throw XCTSkip("python3 with h5py is not installed") }
        let config = try write(EndToEndTests.smallConfig)
        let output = path("c.h5")
        let run = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)

        try editTheory(output, shiftInSEMs: 0)
        let same = try ProcessRunner.dynsweep(["compare", output, "--observable", "eg"], timeout: 60)
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("all 2 comparisons within 4 standard errors"), same.stdout)

        try editTheory(output, shiftInSEMs: 10)
        let shifted = try ProcessRunner.dynsweep(["compare", output, "--observable", "eg", "--json"], timeout: 60)
        XCTAssertEqual(shifted.status, 1, shifted.stdout + shifted.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shifted.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects.compactMap { ($0["parameters"] as? [String: String])?["K"] }, ["1", "2"])
        XCTAssertEqual(objects.compactMap { $0["within"] as? Bool }, [false, false])
        XCTAssertEqual(objects.compactMap { $0["observable"] as? String }, ["eg", "eg"])

        let noTheory = try ProcessRunner.dynsweep(["run", config, "--output", path("n.h5"), "--quiet",
                                                   "--set", "theory.enabled=false"])
        XCTAssertEqual(noTheory.status, 0, noTheory.stderr)
        let refused = try ProcessRunner.dynsweep(["compare", path("n.h5")], timeout: 60)
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("no observable with a theory"), refused.stderr)
    }
}
