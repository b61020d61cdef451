@testable import Coordinator
import Foundation
import MPIShim
import SweepConfig
import SweepStatistics
import XCTest

/// Shared pieces of the runner's unit tests: small plans of real models built from
/// config text (so the tests follow the models' own layouts), synthetic block outcomes
/// whose numbers make the merge order visible, the MPI singleton and scratch directories.
enum CoordinatorTestSupport {
    /// The world communicator: a singleton of size 1 under `swift test` (MPI is
    /// initialized once per process and cannot be re-initialized).
    static func world() throws -> Communicator { try MPIEnvironment.initialize() }

    /// A new empty directory under the system's temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dynsweep-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A teacher_student config (N = 20, M = 2, theory per realization) with the given
    /// `[sweep]` line, realizations and blocks, recording `points` times.
    static func teacherStudent(sweep: String, realizations: Int, blocks: Int? = nil, points: Int = 3,
                               seed: Int = 7) -> String {
        """
        [run]
        name = "unit"
        seed = \(seed)
        realizations = \(realizations)
        \(blocks.map { "blocks = \($0)" } ?? "")

        [model]
        kind = "teacher_student"
        N = 20
        M = 2
        t_max = 1.0

        [sweep]
        \(sweep)

        [record]
        points = \(points)
        """
    }

    /// A deep_linear config: its DMFT is a per-point theory, a work item of its own.
    static func deepLinear(sweep: String, realizations: Int, blocks: Int? = nil) -> String {
        """
        [run]
        name = "unit-dl"
        realizations = \(realizations)
        \(blocks.map { "blocks = \($0)" } ?? "")

        [model]
        kind = "deep_linear"
        D = 20
        L = 2
        T = 4

        [sweep]
        \(sweep)

        [record]
        points = 3
        """
    }

    static func plan(_ toml: String) throws -> SweepPlan {
        try SweepPlan(config: try RunConfig(toml: toml))
    }

    /// `count` vectors of `length` numbers near 1e6, from a fixed linear congruential
    /// sequence keyed by `key`: the large offset makes the last bits of a merged mean
    /// depend on the order of the merges.
    static func samples(_ count: Int, length: Int, key: UInt64) -> [[Double]] {
        var state = 0x9E37_79B9_7F4A_7C15 &+ key &* 0xD1B5_4A32_D192_ED03
        return (0..<count).map { _ in
            (0..<length).map { j in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return 1e6 + Double(j) + Double(state >> 11) * 0x1p-53 * 1e3
            }
        }
    }

    /// Block `block` of `point` as a finished item of `plan` would report it: every
    /// realization of the block's range accumulated (synthetic values), `diverged` of
    /// them left out, and with `rows` one row per realization.
    static func block(_ plan: SweepPlan, point: Int, block: Int, diverged: Int = 0,
                      rows: Bool = false) -> RealizationBlockOutcome {
        let context = plan.contexts[point]
        let range = blockRange(block: block, blocks: plan.work.blocksPerPoint, realizations: plan.config.realizations)
        let key = UInt64(point * 1000 + block)
        var simulation = MomentAccumulator(length: context.simulation.length)
        var theory = MomentAccumulator(length: context.realizationTheory.length)
        let sim = samples(range.count, length: context.simulation.length, key: key)
        let th = samples(range.count, length: context.realizationTheory.length, key: key + 500)
        for i in 0..<(range.count - diverged) {
            simulation.add(sim[i])
            theory.add(th[i])
        }
        return RealizationBlockOutcome(point: point, block: block, firstRealization: range.lowerBound,
                                       simulation: simulation, theory: theory, diverged: diverged,
                                       rows: rows ? (0..<range.count).map { sim[$0] + th[$0] } : [])
    }

    /// Every block of every point of `plan`, in plan order.
    static func allBlocks(_ plan: SweepPlan) -> [BlockOutcome] {
        (0..<plan.contexts.count).flatMap { point in
            (0..<plan.work.blocksPerPoint).map { BlockOutcome.realizations(block(plan, point: point, block: $0)) }
        }
    }

    /// The bit patterns of an accumulator (count, then mean, then M2), to compare exactly
    /// (NaN and -0 included).
    static func bits(_ accumulator: MomentAccumulator) -> [UInt64] {
        [UInt64(accumulator.count)] + accumulator.mean.map(\.bitPattern) + accumulator.m2.map(\.bitPattern)
    }
}

/// A subnormal number (below the smallest normal Double), for bit-exactness checks.
let subnormal = Double.leastNormalMagnitude / 8
