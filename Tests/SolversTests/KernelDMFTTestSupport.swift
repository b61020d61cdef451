import Foundation
import XCTest
import Solvers

/// Shared helpers of the kernel_dmft tests.
enum KernelDMFTTestSupport {
    /// The declared defaults, edited.
    static func setup(_ edit: (inout KernelDMFTSetup) -> Void) throws -> KernelDMFTSetup {
        var s = try KernelDMFTSetup.defaults
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
        var sum: [String: [Double]] = [:], sq: [String: [Double]] = [:]
        for r in 0..<realizations {
            let out = try m.simulate(seed: RealizationSeed(runSeed: runSeed, point: 0, realization: r), times: times,
                                     control: UninterruptedRun())
            for name in out.simulation.names {
                let values = out.simulation[name] ?? []
                var total = sum[name] ?? [Double](repeating: 0, count: values.count)
                var squares = sq[name] ?? total
                for j in values.indices {
                    total[j] += values[j]
                    squares[j] += values[j] * values[j]
                }
                sum[name] = total
                sq[name] = squares
            }
        }
        let n = Double(realizations)
        var mean = Trajectories(), sem = Trajectories()
        for (name, total) in sum {
            let mu = total.map { $0 / n }
            mean[name] = mu
            sem[name] = zip(sq[name] ?? [], mu).map { max($0 / n - $1 * $1, 0).squareRoot() / max(n - 1, 1).squareRoot() }
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

    /// The observables of `KernelDMFT`, by name.
    static let loss = ObservableName.loss, deltaNorm = ObservableName.deltaNorm, phiTrace = ObservableName.phiTrace,
               phiTrace0 = ObservableName.phiTrace0, gTrace = ObservableName.gTrace, gTrace0 = ObservableName.gTrace0,
               phiKernel = ObservableName.phiKernel, gKernel = ObservableName.gKernel,
               hDensity = ObservableName.hDensity, iterations = ObservableName.iterations,
               residual = ObservableName.residual
}
