import Foundation
import XCTest

/// `dynsweep extrapolate` on a real small deep_linear run over (D, eta), then `compare` on
/// its file; refusals are one line, exit 2, nothing written (issue 15, item 1).
final class ExtrapolateTests: IntegrationTestCase {
    static let config = """
        [run]
        name = "fs"
        seed = 3
        realizations = 8
        [model]
        kind = "deep_linear"
        L = 1
        T = 10
        two_time = false
        [sweep]
        D = [20, 40, 80]
        eta = [0.05, 0.1]
        [record]
        points = 6
        """

    func testExtrapolatesARunAndCompareReadsIt() throws {
        let config = try write(Self.config)
        let source = path("fs.h5")
        let run = try ProcessRunner.dynsweep(["run", config, "--output", source, "--quiet"], timeout: 120)
        XCTAssertEqual(run.status, 0, run.stderr)
        let r = try ProcessRunner.dynsweep(["extrapolate", source, "--size", "D"], timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        let output = path("fs_extrapolated.h5")
        XCTAssertTrue(r.stdout.contains("wrote \(output)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("at 2 point(s), X(D) = a + b/D over D = 20, 40, 80"), r.stdout)
        let names = try datasets(in: output).map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        for name in ["test_loss_extrapolated", "test_loss_extrapolated_sem", "test_loss_extrapolated_chi2dof",
                     "test_loss_theory", "eta", "point", "time"] {
            XCTAssertTrue(names.contains(name), "\(name) in \(names)")
        }
        XCTAssertFalse(names.contains("D"), "\(names)")
        let inspect = try ProcessRunner.dynsweep(["inspect", output], timeout: 60)
        XCTAssertTrue(inspect.stdout.contains("format:   dynsweep-extrapolation/1\n"), inspect.stdout)
        XCTAssertTrue(inspect.stdout.contains("extrapolated_size: D"), inspect.stdout)
        let compare = try ProcessRunner.dynsweep(["compare", output, "--observable", "test_loss"], timeout: 60)
        XCTAssertTrue([0, 1].contains(compare.status), compare.stderr)
        XCTAssertEqual(compare.stdout.split(separator: "\n").count, 3, compare.stdout)
        // Again without --force: refused; with --force over the extrapolation: replaced.
        let again = try ProcessRunner.dynsweep(["extrapolate", source, "--size", "D"], timeout: 60)
        XCTAssertEqual(again.status, 2, again.stderr)
        XCTAssertEqual(try ProcessRunner.dynsweep(["extrapolate", source, "--size", "D", "--force"], timeout: 60).status, 0)

        for (label, arguments, expected) in [
            ("order 3", ["--size", "D", "--order", "3"], "--order must be 1"),
            ("not swept", ["--size", "N"], "N is not swept in this file (swept: D, eta)"),
            ("too few", ["--size", "eta", "--order", "2"], "needs at least 3 values of eta; the file has 2"),
            ("over the source", ["--size", "D", "-o", source, "--force"], "it is the input"),
        ] {
            let bad = path("bad.h5")
            let out = arguments.contains("-o") ? [String]() : ["-o", bad]
            let refused = try ProcessRunner.dynsweep(["extrapolate", source] + arguments + out, timeout: 60)
            XCTAssertEqual(refused.status, 2, "\(label): \(refused.stderr)")
            XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, "\(label): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains(expected), "\(label): \(refused.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: bad), label)
        }
        let extrapolatedAgain = try ProcessRunner.dynsweep(["extrapolate", output, "--size", "D", "-o", path("x.h5")], timeout: 60)
        XCTAssertEqual(extrapolatedAgain.status, 2)
        XCTAssertTrue(extrapolatedAgain.stderr.contains("not a sweep"), extrapolatedAgain.stderr)
        let notHDF5 = try write("not a result", name: "plain.h5")
        let plain = try ProcessRunner.dynsweep(["extrapolate", notHDF5, "--size", "D", "-o", path("y.h5")], timeout: 60)
        XCTAssertEqual(plain.status, 2, plain.stderr)
        XCTAssertEqual(plain.stderr.split(separator: "\n").count, 1, plain.stderr)
    }
}
