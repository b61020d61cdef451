import Foundation
import XCTest

/// The built executable under mpirun, end to end: it runs, writes a complete file,
/// gives identical statistics on 1, 2 and 3 ranks, and refuses bad input cleanly.
/// Every spawned process has a timeout; the suite runs serialized (`--no-parallel`).
final class EndToEndTests: IntegrationTestCase {
    static let smallConfig = """
        [run]
        name = "e2e"
        seed = 7
        realizations = 6
        blocks = 3

        [model]
        kind = "teacher_student"
        N = 100
        M = 2
        eta = 0.5
        t_max = 4.0

        [sweep]
        K = [1, 2]

        [record]
        points = 9
        """

    func testTwoRanksWriteACompleteLabelledFile() throws {
        let config = try write(Self.smallConfig)
        let output = path("two.h5")
        let r = try ProcessRunner.mpirun(ranks: 2, ["run", config, "--output", output, "--quiet"])
        XCTAssertFalse(r.timedOut)
        XCTAssertEqual(r.status, 0, "stderr: \(r.stderr)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".partial"))
        let names = Set(try datasets(in: output))
        for name in ["/point", "/time", "/K", "/eg_mean", "/eg_std", "/eg_sem", "/eg_theory", "/count", "/diverged",
                     "/Q_mean", "/R_mean"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        XCTAssertTrue(r.stdout.contains("wrote \(output)"), r.stdout)
    }

    func testSameFileOnOneTwoAndThreeRanks() throws {
        let config = try write(Self.smallConfig)
        let outputs = try runOnRanks(1...3, config: config, name: "ranks",
                                     arguments: ["--quiet", "--keep-realizations"]).map(\.output)
        let names = try datasets(in: outputs[0])
        // Every rank wrote its own rows of the per-realization variables.
        XCTAssertTrue(names.contains("/eg_realizations") && names.contains("/Q_theory_realizations"), "\(names)")
        try assertSameAsFirst(outputs)
    }

    /// The file of a real run, opened the way users will: xarray with the h5netcdf engine.
    func testXarrayOpensTheRunWithLabels() throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import xarray, h5netcdf"], timeout: 60)
        guard probe.status == 0 else { throw XCTSkip("python3 with xarray and h5netcdf is not installed") }
        let config = try write(Self.smallConfig)
        let output = path("xr.h5")
        let r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--keep-realizations"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let script = """
            import xarray as xr, numpy as np
            ds = xr.open_dataset("\(output)", engine="h5netcdf")
            assert ds.eg_mean.dims == ("point", "time"), ds.eg_mean.dims
            assert ds.Q_mean.dims == ("point", "time", "student_i", "student_j"), ds.Q_mean.dims
            assert list(ds.K.values) == [1, 2] and "K" in ds.eg_mean.coords, ds
            assert ds.time.values[-1] == 4.0 and len(ds.time) == 9
            assert list(ds["count"].values) == [6, 6]
            assert "[model]" in ds.attrs["config"] and ds.attrs["seed"] == 7
            # The per-realization rows average to the stored means.
            assert np.allclose(ds.eg_realizations.mean("realization"), ds.eg_mean, rtol=1e-12, atol=0)
            # K = 1 has a 1 x 1 Q, padded with NaN to the K = 2 shape.
            assert np.isnan(ds.Q_mean.sel(point=0).values[:, 1, 1]).all()
            assert np.isfinite(ds.Q_mean.sel(point=1).values).all()
            print("ok")
            """
        let check = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], timeout: 120)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("ok"))
    }

    /// Each bad input: exit status 2, one line on stderr naming the problem, no output.
    func testBadInputIsRefusedWithOneClearLine() throws {
        let cases: [(String, [String], String)] = [
            ("unknown kind", ["--set", "model.kind=\"teacher_studnet\""], "teacher_student"),
            ("unknown key", ["--set", "model.eat=0.5"], "eta"),
            ("wrong type", ["--set", "model.N=\"many\""], "model.N"),
            ("K < 1", ["--set", "sweep.K=[0, 1]"], "K"),
            ("eta <= 0", ["--set", "model.eta=-0.1"], "eta"),
            ("empty sweep", ["--set", "sweep.K=[]"], "K"),
            ("missing directory", ["--output", path("no/such/dir/out.h5")], "does not exist"),
        ]
        let config = try write(Self.smallConfig)
        for (label, extra, expected) in cases {
            let output = path("bad-\(label.replacingOccurrences(of: " ", with: "-")).h5")
            var args = ["run", config, "--quiet"]
            if !extra.contains("--output") { args += ["--output", output] }
            let r = try ProcessRunner.dynsweep(args + extra, timeout: 60)
            XCTAssertFalse(r.timedOut, label)
            XCTAssertEqual(r.status, 2, "\(label): status \(r.status), stderr: \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(label): expected one line, got: \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(label): \(r.stderr) should mention \(expected)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), label)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output + ".partial"), label)
        }
    }

    func testExistingOutputNeedsForce() throws {
        let config = try write(Self.smallConfig)
        let output = path("exists.h5")
        try "precious".write(toFile: output, atomically: true, encoding: .utf8)
        let r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--force"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "precious")
        let forced = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }

    func testTooMuchMemoryIsRefusedWithTheAmount() throws {
        let config = try write(Self.smallConfig)
        let output = path("huge.h5")
        // (K + M) x N weights: 18 x 4e8 doubles = 54 GiB, more than any test machine has.
        let r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet",
                                            "--set", "model.N=400000000", "--set", "sweep.K=[16]"], timeout: 60)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("GiB") || r.stderr.contains("TiB"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func testValidateAndPlanRunNothing() throws {
        let config = try write(Self.smallConfig)
        let v = try ProcessRunner.dynsweep(["validate", config])
        XCTAssertEqual(v.status, 0, v.stderr)
        XCTAssertTrue(v.stdout.contains("valid"), v.stdout)
        let p = try ProcessRunner.dynsweep(["plan", config, "--ranks", "3"])
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertTrue(p.stdout.contains("2 point(s) x 6 realization(s)"), p.stdout)
        XCTAssertTrue(p.stdout.contains("memory"), p.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("e2e.h5")))
    }

    /// Every example config in examples/ validates and plans (nothing runs), so an
    /// example cannot fall behind a renamed parameter or a new limit.
    func testEveryExampleValidatesAndPlans() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let configs = try FileManager.default.contentsOfDirectory(atPath: examples.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertGreaterThan(configs.count, 5)
        for name in configs {
            let config = examples.appendingPathComponent(name).path
            let v = try ProcessRunner.dynsweep(["validate", config])
            XCTAssertEqual(v.status, 0, "\(name): \(v.stderr)")
            let p = try ProcessRunner.dynsweep(["plan", config, "--ranks", "2"])
            XCTAssertEqual(p.status, 0, "\(name): \(p.stderr)")
        }
    }

    func testModelsListsTeacherStudentParameters() throws {
        let r = try ProcessRunner.dynsweep(["models"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["teacher_student", "eta", "sigma", "activation", "train_second_layer", "init_scale", "t_max"] {
            XCTAssertTrue(r.stdout.contains(name), "models output lacks \(name)")
        }
    }
}
