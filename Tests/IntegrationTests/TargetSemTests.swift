import Foundation
import XCTest

/// `[run] target_sem`: realizations allocated in rounds until the SEM of one observable
/// meets the target (issue 15, item 2). A point with a closed-form variance stops near the
/// predicted count; the rounds and the file are the same on 1, 2 and 3 ranks and after a
/// killed rank and a resume on another rank count.
final class TargetSemTests: IntegrationTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import h5py"], timeout: 60)
        guard probe.status == 0 else { throw XCTSkip("python3 with h5py is not installed") }
    }

    /// Reads `realizations_used`, `target_met` and the largest SEM / (target_sem |mean|) of
    /// `observable` over the record times, per point.
    private func targetReport(_ file: String, observable: String, targetSem: Double) throws
        -> (used: [Int], met: [Int], worst: [Double]) {
        let script = """
            import h5py, json, numpy as np
            with h5py.File("\(file)", "r") as f:
                ratio = f["\(observable)_sem"][...] / (\(targetSem) * np.abs(f["\(observable)_mean"][...]))
                print(json.dumps({"used": f["realizations_used"][...].tolist(), "met": f["target_met"][...].tolist(),
                                  "worst": ratio.reshape(ratio.shape[0], -1).max(axis=1).tolist()}))
            """
        let r = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [Double]] ?? [:]
        return ((json["used"] ?? []).map { Int($0) }, (json["met"] ?? []).map { Int($0) }, json["worst"] ?? [])
    }

    /// Linear teacher and student, K = M = 1, init_scale s, eta so small that the two record
    /// times (0 and one SGD step) see the initial weights: eg = |w - w*|^2 / (2N) with
    /// w - w* ~ N(0, (1 + s^2) I_N), a scaled chi^2_N, so sd(eg) / mean(eg) = sqrt(2/N)
    /// exactly, and a relative target tau needs n* = 2 / (N tau^2) realizations: 400 at
    /// N = 50, tau = 0.01.
    ///
    /// Tolerances, derived before any run: the estimated squared coefficient of variation
    /// v^ has a relative sd of sqrt(2/(n-1) + kappa/n) with kappa = 12/N the excess
    /// kurtosis of chi^2_N, plus 2 cv/sqrt(n) from the mean: 0.11 at n = 200 (the smallest
    /// count a last round can start from, by doubling from below n*). A point stops at the
    /// first round end with v^ <= n tau^2, and a round adds n* v^/v - n, at least n/8: so
    /// at 4 sd each stop is within [0.56, 1.125 x 1.44 = 1.62] n*. The mean over 8 seeds
    /// has an sd of at most 0.15/sqrt(8) = 0.053 about a centre in [1, 1.125]: within
    /// [0.8, 1.35] n*. And every stop meets the target (largest ratio <= 1), exactly.
    func testAPointWithKnownVarianceStopsNearThePredictedCount() throws {
        let predicted = 2.0 / (50 * 0.01 * 0.01)
        var fractions: [Double] = []
        for seed in 1...8 {
            let config = try write("""
                [run]
                seed = \(seed)
                realizations = 50
                blocks = 10
                target_sem = 0.01
                max_realizations = 2000

                [model]
                kind = "teacher_student"
                N = 50
                M = 1
                K = 1
                activation = "linear"
                eta = 1e-6
                t_max = 0.02

                [record]
                points = 2

                [theory]
                enabled = false
                """, name: "known\(seed).toml")
            let output = path("known\(seed).h5")
            let r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let report = try targetReport(output, observable: "eg", targetSem: 0.01)
            XCTAssertEqual(report.met, [1], "seed \(seed)")
            XCTAssertLessThanOrEqual(report.worst.first ?? .infinity, 1, "seed \(seed): met, so SEM <= target")
            let fraction = Double(report.used.first ?? 0) / predicted
            XCTAssertTrue((0.56...1.62).contains(fraction), "seed \(seed): \(report.used) realizations, n* = \(predicted)")
            fractions.append(fraction)
        }
        let mean = fractions.reduce(0, +) / Double(fractions.count)
        XCTAssertTrue((0.8...1.35).contains(mean), "mean stop / n* = \(mean) over 8 seeds: \(fractions)")
    }

    /// A point that cannot meet its target stops at the cap and says so.
    func testTheCapStopsAPointAndTheFileSaysSo() throws {
        let config = try write("""
            [run]
            seed = 3
            realizations = 8
            target_sem = 1e-6
            max_realizations = 20

            [model]
            kind = "teacher_student"
            N = 30
            t_max = 2.0

            [record]
            points = 3
            """)
        let output = path("cap.h5")
        let r = try ProcessRunner.dynsweep(["run", config, "--output", output, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try targetReport(output, observable: "eg", targetSem: 1e-6)
        XCTAssertEqual(report.used, [20])
        XCTAssertEqual(report.met, [0])
    }

    /// Several points with rounds of their own, a few seconds of work on 2 ranks.
    static let roundsConfig = """
        [run]
        seed = 21
        realizations = 8
        blocks = 8
        target_sem = 0.02
        max_realizations = 160

        [model]
        kind = "teacher_student"
        N = 200
        M = 2
        t_max = 60.0

        [sweep]
        K = [1, 2, 3]

        [record]
        points = 8
        """

    func testRoundsAreTheSameOnOneTwoAndThreeRanksAndAfterAResume() throws {
        let config = try write(Self.roundsConfig)
        let runs = try runOnRanks(1...3, config: config, name: "rounds")
        try assertSameAsFirst(runs.map(\.output))
        let report = try targetReport(runs[0].output, observable: "eg", targetSem: 0.02)
        XCTAssertTrue(report.used.contains { $0 > 8 }, "some point should need more than the first round: \(report.used)")

        // One rank killed mid-run (after a few blocks, while rounds are still being decided)
        // on 2 ranks, resumed on 3: the same rounds, the same file.
        let output = path("killed.h5")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessRunner.mpirun ?? "/usr/bin/mpirun")
        process.arguments = ["--oversubscribe", "-np", "2", ProcessRunner.executable, "run", config,
                             "--output", output, "--quiet"]
        process.environment = ProcessRunner.childEnvironment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = output + ".journal"
        let deadline = Date().addingTimeInterval(90)
        func records() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).filter { $0.hasSuffix(".rec") }.count
        }
        while Date() < deadline, process.isRunning, records() < 12 { Thread.sleep(forTimeInterval: 0.02) }
        let ranks = ((try? String(contentsOfFile: "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children",
                                  encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int32($0) }
        if process.isRunning { kill(ranks.last ?? process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if FileManager.default.fileExists(atPath: journal) {
            let resumed = try ProcessRunner.mpirun(ranks: 3, ["run", config, "--output", output, "--quiet", "--resume"])
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
        } else {
            XCTFail("the run ended before a rank could be killed: make the config longer")
        }
        try assertSameDatasets(runs[0].output, output, "a rank killed on 2 ranks, resumed on 3")
    }

    func testTargetKeysAreCheckedInOneLine() throws {
        let config = try write(EndToEndTests.smallConfig)
        try assertRefusedInOneLine(config: config, [
            ("both targets", ["--set", "run.target_sem=0.1", "--set", "run.target_sem_abs=0.1"], "keep one"),
            ("negative target", ["--set", "run.target_sem=-0.1"], "run.target_sem must be a positive number"),
            ("cap below first round", ["--set", "run.target_sem=0.1", "--set", "run.max_realizations=1"],
             "is below run.realizations"),
            ("cap without target", ["--set", "run.max_realizations=100"], "has no effect without an error target"),
            ("unknown observable", ["--set", "run.target_sem=0.1", "--set", "run.target_observable=\"egg\""],
             "did you mean \"eg\""),
        ])
    }
}
