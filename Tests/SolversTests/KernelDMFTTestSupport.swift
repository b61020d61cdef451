import Foundation
import XCTest
import Solvers

/// Shared helpers of the kernel_dmft tests.
enum KernelDMFTTestSupport {
    static func setup(_ edit: (inout KernelDMFTSetup) -> Void) -> KernelDMFTSetup {
        var s = KernelDMFTSetup()
        edit(&s)
        return s
    }

    static func model(_ s: KernelDMFTSetup, theory: Bool = true) throws -> KernelDMFT {
        try KernelDMFT(setup: s, theoryEnabled: theory)
    }

    /// Theory trajectories (loss, delta_norm, ..., dmft_iterations, dmft_residual).
    static func theory(_ s: KernelDMFTSetup, times: [Double], reduction: SampleReduction = SingleParticipant())
        throws -> Trajectories {
        try model(s).pointTheory(times: times, control: UninterruptedRun(), reduction: reduction)
    }

    /// Mean over `realizations` simulated networks of every trajectory, and the SEM.
    static func simulate(_ s: KernelDMFTSetup, times: [Double], realizations: Int, runSeed: UInt64 = 7)
        throws -> (mean: Trajectories, sem: Trajectories) {
        let m = try model(s, theory: false)
        var sum: Trajectories = [], sq: Trajectories = []
        for r in 0..<realizations {
            let out = try m.simulate(seed: RealizationSeed(runSeed: runSeed, point: 0, realization: r), times: times,
                                     control: UninterruptedRun())
            if sum.isEmpty {
                sum = out.simulation.map { [Double](repeating: 0, count: $0.count) }
                sq = sum
            }
            for i in sum.indices {
                for j in sum[i].indices {
                    sum[i][j] += out.simulation[i][j]
                    sq[i][j] += out.simulation[i][j] * out.simulation[i][j]
                }
            }
        }
        let n = Double(realizations)
        let mean = sum.map { $0.map { $0 / n } }
        let sem = zip(sq, mean).map { q, mu in
            zip(q, mu).map { max($0 / n - $1 * $1, 0).squareRoot() / max(n - 1, 1).squareRoot() }
        }
        return (mean, sem)
    }

    /// Cosine similarity Tr(A B) / (|A| |B|) of two symmetric matrices (seed 002, section 4).
    static func alignment(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            ab += x * y
            aa += x * x
            bb += y * y
        }
        return ab / (aa * bb).squareRoot()
    }

    /// Observable indices in `KernelDMFT.observables` order.
    static let loss = 0, deltaNorm = 1, phiTrace = 2, phiTrace0 = 3, gTrace = 4, gTrace0 = 5, phiKernel = 6,
               gKernel = 7, hDensity = 8, iterations = 9, residual = 10
}
