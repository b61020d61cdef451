import Foundation
import XCTest

/// `theory.replicas` through the executable (issue 15, item 4): kernel_dmft's Monte Carlo
/// theory solved R times inside one point. Its standard error over replicas must be the
/// spread of independent theory_seed runs; replica 0 must be the run without replicas; the
/// file must not depend on the rank count.
final class TheoryReplicaRunTests: IntegrationTestCase {
    private static func config(realizations: Int, sweep: String = "") -> String {
        """
        [run]
        name = "rep"
        seed = 5
        realizations = \(realizations)

        [model]
        kind = "kernel_dmft"
        L = 1
        phi = "tanh"
        P = 3
        D = 5
        N = 16
        T = 0.4
        samples = 64

        \(sweep)
        [record]
        points = 5
        """
    }

    /// Values of `dataset` in `file`, flattened, through h5py.
    private func values(_ file: String, _ dataset: String) throws -> [Double] {
        let script = """
            import h5py
            with h5py.File("\(file)", "r") as f:
                print(" ".join(repr(float(x)) for x in f["\(dataset)"][...].ravel()))
            """
        let r = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script], timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
    }

    private func requireH5py() throws {
        let probe = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import h5py"], timeout: 60)
        guard probe.status == 0 else { throw XCTSkip("python3 with h5py is not installed") }
    }

    private func run(_ config: String, _ output: String, _ extra: [String] = []) throws {
        let r = try ProcessRunner.dynsweep(["run", config, "--output", path(output), "--quiet"] + extra, timeout: 300)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// R = 128 replicas (theory_seed 1) against 128 runs with theory_seed 1001...1128, at
    /// the last record time of the loss. Both spreads are standard deviations of 128
    /// independent estimates, each with relative error 1/sqrt(2 * 127) = 0.063, so
    /// ln(SEM sqrt(R) / std) has standard deviation sqrt(2) 0.063 = 0.089: the test allows
    /// 4 of them, 0.355. A replica index that did not reach the streams gives SEM = 0, a
    /// wrong normalization a factor sqrt(R) = 11.
    func testReplicaSpreadMatchesTheSpreadOfIndependentTheorySeeds() throws {
        try requireH5py()
        let R = 128
        let config = try write(Self.config(realizations: 0), name: "replicas.toml")
        try run(config, "replicas.h5", ["--set", "theory.replicas=\(R)"])
        let sem = try XCTUnwrap(try values(path("replicas.h5"), "loss_theory_sem").last)
        let seeds = (1001...(1000 + R)).map(String.init).joined(separator: ", ")
        let swept = try write(Self.config(realizations: 0, sweep: "[sweep]\ntheory_seed = [\(seeds)]\n"),
                              name: "seeds.toml")
        try run(swept, "seeds.h5")
        let perSeed = try values(path("seeds.h5"), "loss_theory")
        XCTAssertEqual(perSeed.count, R * 5)
        let last = stride(from: 4, to: perSeed.count, by: 5).map { perSeed[$0] }
        let mean = last.reduce(0, +) / Double(R)
        let std = (last.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(R - 1)).squareRoot()
        XCTAssertGreaterThan(sem, 0)
        XCTAssertLessThan(abs(log(sem * Double(R).squareRoot() / std)), 0.355,
                          "replica spread \(sem * Double(R).squareRoot()) vs theory_seed spread \(std)")
    }

    /// With two replicas the mean is (x0 + x1)/2 and the SEM |x0 - x1|/2, so the run without
    /// replicas (x0) lies exactly one SEM from the mean; and that run has no X_theory_sem.
    func testReplicaZeroIsTheRunWithoutReplicas() throws {
        try requireH5py()
        let config = try write(Self.config(realizations: 0))
        try run(config, "one.h5")
        try run(config, "two.h5", ["--set", "theory.replicas=2"])
        XCTAssertFalse(try datasets(in: path("one.h5")).contains("/loss_theory_sem"))
        let x0 = try values(path("one.h5"), "loss_theory")
        let mean = try values(path("two.h5"), "loss_theory"), sem = try values(path("two.h5"), "loss_theory_sem")
        XCTAssertEqual(x0.count, 5)
        for i in x0.indices {
            XCTAssertEqual(abs(x0[i] - mean[i]), sem[i], accuracy: 1e-12 * max(abs(mean[i]), 1e-300), "time \(i)")
        }
        XCTAssertGreaterThan(sem.last ?? 0, 0)
    }

    /// The replicas of a collective theory are solved by all ranks together, replica after
    /// replica: 1 and 2 ranks write identical files, simulation included.
    func testReplicasAreTheSameOnOneAndTwoRanks() throws {
        let config = try write(Self.config(realizations: 2, sweep: "[sweep]\ngamma0 = [0.5, 1.0]\n") + "\n[theory]\nreplicas = 3\n")
        let runs = try runOnRanks(1...2, config: config, name: "rep")
        XCTAssertTrue(Set(try datasets(in: runs[0].output)).contains("/loss_theory_sem"))
        try assertSameAsFirst(runs.map(\.output))
    }

    /// A deterministic theory refuses replicas in one line (linear kernel_dmft: eq. (11)).
    func testDeterministicTheoryRefusesReplicas() throws {
        let config = try write(Self.config(realizations: 1))
        try assertRefusedInOneLine(config: config, [
            ("deterministic", ["--set", "model.phi=\"linear\"", "--set", "theory.replicas=4"], "deterministic"),
            ("zero", ["--set", "theory.replicas=0"], "theory.replicas"),
            ("disabled", ["--set", "theory.enabled=false", "--set", "theory.replicas=2"], "theory.enabled = false"),
        ])
    }
}
