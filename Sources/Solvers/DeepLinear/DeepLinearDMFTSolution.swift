/// What a deep-linear DMFT solve produces on t = 0..T (seed 004, eq. (68) and the
/// decomposition of eq. (13)); NaN from the step at which the solution blew up.
public struct DeepLinearDMFTSolution: Sendable {
    /// Number of time points, T + 1.
    public let n: Int
    /// Test loss C_v(t, t) + σ² and train loss C_Δ(t, t) (online: C_v(t, t) + σ²).
    public let testLoss: [Double]
    public let trainLoss: [Double]
    /// C_h^ℓ(t, s) for ℓ = 0...L and C_g^ℓ(t, s) for ℓ = 1...L, each n × n row-major.
    public let ch: [[Double]]
    public let cg: [[Double]]
    /// The eq. (13) terms of the test loss: bias S*(Q1)_t², width variance and data
    /// variance (online SGD: the batch-noise variance); with σ² they add up to `testLoss`.
    public let bias: [Double]
    public let widthVariance: [Double]
    public let dataVariance: [Double]
    public let convergence: DeepLinearDMFT.Convergence

    public init(n: Int, testLoss: [Double], trainLoss: [Double], ch: [[Double]], cg: [[Double]],
                bias: [Double], widthVariance: [Double], dataVariance: [Double],
                convergence: DeepLinearDMFT.Convergence) {
        let cut = convergence.divergedAt ?? n
        func masked(_ v: [Double]) -> [Double] { v.enumerated().map { $0.offset < cut ? $0.element : .nan } }
        func maskedMatrix(_ m: [Double]) -> [Double] {
            m.enumerated().map { $0.offset / n < cut && $0.offset % n < cut ? $0.element : .nan }
        }
        self.n = n
        self.testLoss = masked(testLoss)
        self.trainLoss = masked(trainLoss)
        self.ch = ch.map(maskedMatrix)
        self.cg = cg.map(maskedMatrix)
        self.bias = masked(bias)
        self.widthVariance = masked(widthVariance)
        self.dataVariance = masked(dataVariance)
        self.convergence = convergence
    }

    init(state: DeepLinearDMFTState, stages: DeepLinearDMFTStages, setup: DeepLinearSetup,
         convergence: DeepLinearDMFT.Convergence) {
        let n = state.n
        func matrix(_ p: UnsafeMutablePointer<Double>) -> [Double] { Array(UnsafeBufferPointer(start: p, count: n * n)) }
        func diagonal(_ p: UnsafeMutablePointer<Double>) -> [Double] { (0..<n).map { p[$0 * n + $0] } }
        let sigma2 = setup.sigma * setup.sigma
        self.init(n: n, testLoss: diagonal(state[.cv]).map { $0 + sigma2 }, trainLoss: diagonal(state[.cDelta]),
                  ch: (0...setup.L).map { matrix(state.ch($0)) }, cg: (1...setup.L).map { matrix(state.cg($0)) },
                  bias: stages.bias, widthVariance: stages.widthVariance, dataVariance: stages.dataVariance,
                  convergence: convergence)
    }
}
