import Foundation
import XCTest

/// kernel_dmft (seed 002) through the executable: the alternating Monte Carlo is a
/// collective theory, its samples split over the ranks and summed exactly, so 1, 2 and 3
/// ranks write identical files (theory and simulation).
final class KernelDMFTRunTests: IntegrationTestCase {
    static let config = """
        [run]
        name = "kd"
        seed = 5
        realizations = 3

        [model]
        kind = "kernel_dmft"
        L = 2
        phi = "tanh"
        P = 6
        D = 20
        T = 1.0
        dt = 0.1
        N = 200
        samples = 512

        [sweep]
        gamma0 = [0.5, 1.0]

        [record]
        points = 6
        """

    func testCollectiveTheoryIsTheSameOnOneTwoAndThreeRanks() throws {
        let config = try write(Self.config)
        let runs = try runOnRanks(1...3, config: config, name: "kd", arguments: [])
        for (ranks, run) in zip(1..., runs) {
            XCTAssertTrue(run.run.stderr.contains("solved by all \(ranks) rank(s)"), run.run.stderr)
        }
        let outputs = runs.map(\.output)
        let names = Set(try datasets(in: outputs[0]))
        for name in ["/loss_mean", "/loss_theory", "/delta_norm_theory", "/phi_kernel_theory", "/dmft_residual_theory"] {
            XCTAssertTrue(names.contains(name), "missing \(name) in \(names.sorted())")
        }
        try assertSameAsFirst(outputs)
    }
}
