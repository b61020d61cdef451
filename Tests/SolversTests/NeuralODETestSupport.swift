@testable import Solvers

/// Small helpers of the neural_ode tests: a setup from overrides, a system for one
/// realization, points on the sphere and overlaps.
enum NeuralODETesting {
    static func setup(_ values: [String: ParameterValue]) throws -> NeuralODESetup {
        let setup = try NeuralODESetup(ParameterSet(values))
        try setup.validate()
        return setup
    }

    static func system(_ setup: NeuralODESetup, realization: Int = 0, seed: UInt64 = 11) -> NeuralODESystem {
        NeuralODESystem(setup: setup, seed: RealizationSeed(runSeed: seed, point: 0, realization: realization))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// M(w) of `system`'s field.
    static func matrix(_ system: NeuralODESystem, control w: [Double]) -> [Double] {
        var M = [Double](repeating: 0, count: system.N * system.N)
        M.withUnsafeMutableBufferPointer { system.field.couplingMatrix(for: w, into: $0.baseAddress!) }
        return M
    }

    /// The loss of one sample and, when asked, its gradient with respect to the control
    /// (discrete adjoint), for a fixed input and fixed noise.
    static func lossAndGradient(_ system: NeuralODESystem, control w: [Double], input: [Double],
                                noise: (teacher: [Double], student: [Double], adjoint: [Double])? = nil,
                                gradient: Bool) -> (loss: Double, gradient: [Double]) {
        let N = system.N
        let M = matrix(system, control: w)
        var A = [Double](repeating: 0, count: N * N)
        let loss = A.withUnsafeMutableBufferPointer { a in
            system.sampleLoss(studentMatrix: M, input: input, outerProducts: gradient ? a.baseAddress! : nil,
                              fixedNoise: noise)
        }
        var g = [Double](repeating: 0, count: N)
        if gradient { g.withUnsafeMutableBufferPointer { system.field.gradient(outerProducts: A, into: $0.baseAddress!) } }
        return (loss, g)
    }
}
