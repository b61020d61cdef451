/// One realization of `TeacherStudent`: draws the disorder, runs SGD to each record time,
/// and (when enabled) solves the ODEs from the same initial order parameters.
///
/// Random streams (substream numbers are part of the reproducibility contract):
/// disorder 0 = teacher W*, disorder 1 = student W(0), disorder 2 = student v(0);
/// dynamics 0 = inputs x, dynamics 1 = label noise xi. Disorder streams are shared by
/// every sweep point of a realization (a K sweep sees the same teacher).
///
/// Record times snap to the nearest whole step: time alpha is recorded after
/// round(alpha N) steps, and the theory is evaluated at that same round(alpha N) / N.
struct TeacherStudentRun {
    let setup: TeacherStudentSetup
    let seed: RealizationSeed
    let times: [Double]
    let recordSteps: [Int]
    let theoryEnabled: Bool

    init(setup: TeacherStudentSetup, seed: RealizationSeed, times: [Double], theoryEnabled: Bool) throws {
        var previous = 0.0
        for t in times {
            guard t.isFinite && t >= previous else {
                throw ModelError("record times must be finite, >= 0 and ascending (got \(t) after \(previous))")
            }
            previous = t
        }
        guard previous * Double(setup.N) <= 1e15 else {
            throw ModelError("record time \(previous) x N exceeds 1e15 SGD steps")
        }
        self.setup = setup
        self.seed = seed
        self.times = times
        recordSteps = times.map { Int(($0 * Double(setup.N)).rounded()) }
        self.theoryEnabled = theoryEnabled
    }

    func run(control: RunControl) throws -> RealizationOutput {
        let sim = SGDSimulation(setup: setup, teacher: seed.disorder(0), student: seed.disorder(1),
                                secondLayer: seed.disorder(2), data: seed.dynamics(0), noise: seed.dynamics(1))
        let initial = sim.orderParameters()
        var simulation = Recorder(setup: setup, count: times.count)

        // Poll every ~2e5 multiply-adds of input (about 2.5 ms at N = 784, K = M = 4).
        let chunk = max(1, 200_000 / (setup.N * setup.batch))
        var step = 0
        var diverged = false
        for (index, target) in recordSteps.enumerated() {
            while !diverged && step < target {
                let n = min(chunk, target - step)
                sim.run(steps: n)
                step += n
                try control.poll()
                if !sim.isFinite { diverged = true }
            }
            // A record that fails (non-finite eg or Q) stays NaN, and so do all later ones.
            if !diverged && !simulation.write(sim.orderParameters(), at: index) { diverged = true }
        }

        var theory = Trajectories()
        if theoryEnabled {
            let model = TeacherStudentTheory(K: setup.K, M: setup.M, activation: setup.activation, eta: setup.eta,
                                             sigma: setup.sigma, batch: setup.batch,
                                             trainSecondLayer: setup.trainSecondLayer)
            let snapped = recordSteps.map { Double($0) / Double(setup.N) }
            let states = try model.solve(from: initial, times: snapped, control: control)
            var recorder = Recorder(setup: setup, count: times.count)
            for (index, op) in states.enumerated() { _ = recorder.write(op, at: index) }
            theory = recorder.trajectories
        }
        return RealizationOutput(simulation: simulation.trajectories, theory: theory, diverged: diverged)
    }
}

/// Trajectories of eg, Q, R (and v), time outermost, named as `TeacherStudent.observables` declares them.
struct Recorder {
    let setup: TeacherStudentSetup
    var eg: [Double], Q: [Double], R: [Double], v: [Double]

    init(setup: TeacherStudentSetup, count: Int) {
        self.setup = setup
        let K = setup.K, M = setup.M
        eg = [Double](repeating: .nan, count: count)
        Q = [Double](repeating: .nan, count: count * K * K)
        R = [Double](repeating: .nan, count: count * K * M)
        v = setup.trainSecondLayer ? [Double](repeating: .nan, count: count * K) : []
    }

    /// Stores `op` at record `index`; false (and the record left NaN) when eg or Q is not
    /// finite, the divergence criterion.
    mutating func write(_ op: OrderParameters, at index: Int) -> Bool {
        let e = op.generalizationError(setup.activation)
        guard e.isFinite, op.Q.allSatisfy(\.isFinite) else { return false }
        let K = setup.K, M = setup.M
        eg[index] = e
        for a in 0..<(K * K) { Q[index * K * K + a] = op.Q[a] }
        for a in 0..<(K * M) { R[index * K * M + a] = op.R[a] }
        if setup.trainSecondLayer { for i in 0..<K { v[index * K + i] = op.v[i] } }
        return true
    }

    var trajectories: Trajectories {
        var record: Trajectories = ["eg": eg, "Q": Q, "R": R]
        if setup.trainSecondLayer { record["v"] = v }
        return record
    }
}
