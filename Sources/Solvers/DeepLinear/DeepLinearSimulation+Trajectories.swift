/// What one realization of the finite deep linear network records (seed 004, eqs. (8),
/// (10), (27); docs/models/deep_linear_derivation.md Section 1.3), at each requested step
/// t before that step's update.
///
/// Layout: entry k of `testLoss` and `trainLoss` belongs to `times[k]`; `Ch` is
/// `times.count` x (L + 1) row-major with layer l = 0..L, and `Cg` is `times.count` x L
/// row-major with layer l = 1..L (column l - 1). Entries at and after the step where the
/// run diverged are NaN.
public struct DeepLinearTrajectories: Sendable {
    /// Test loss |v|²/D + σ² (the population risk on fresh x and label noise).
    public var testLoss: [Double]
    /// Train loss |Δ|²/P on the fixed data set (full batch), or |Δ|²/B on the step's own
    /// batch (online SGD).
    public var trainLoss: [Double]
    /// C_h^l(t, t): |h^0|²/D for l = 0, |h^l|²/N for l = 1..L. `times.count` x (L + 1).
    public var Ch: [Double]
    /// C_g^l(t, t) = |g^l|²/N for l = 1..L. `times.count` x L.
    public var Cg: [Double]
    /// True when the state became non-finite or the test loss exceeded
    /// `DeepLinearSimulation.divergenceThreshold`; the remaining records are NaN.
    public var diverged: Bool

    public init(testLoss: [Double], trainLoss: [Double], Ch: [Double], Cg: [Double], diverged: Bool) {
        self.testLoss = testLoss
        self.trainLoss = trainLoss
        self.Ch = Ch
        self.Cg = Cg
        self.diverged = diverged
    }

    /// All-NaN records for `count` times of a network with `L` hidden layers.
    init(count: Int, L: Int) {
        testLoss = [Double](repeating: .nan, count: count)
        trainLoss = [Double](repeating: .nan, count: count)
        Ch = [Double](repeating: .nan, count: count * (L + 1))
        Cg = [Double](repeating: .nan, count: count * L)
        diverged = false
    }
}

extension DeepLinearSimulation {
    /// The GD step of each record time: times must be finite, ascending and within 0...T;
    /// each snaps to the nearest whole step (time counts GD steps). Throws a `ModelError`
    /// otherwise, never traps.
    static func recordSteps(_ times: [Double], T: Int) throws -> [Int] {
        var steps = [Int]()
        steps.reserveCapacity(times.count)
        var previous = 0.0
        for t in times {
            guard t.isFinite && t >= previous && t.rounded() <= Double(T) else {
                throw ModelError("record times must be finite, ascending and within 0...T = \(T) steps (got \(t) after \(previous))")
            }
            previous = t
            steps.append(Int(t.rounded()))
        }
        return steps
    }
}
