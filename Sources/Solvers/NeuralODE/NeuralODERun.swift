/// One realization of `NeuralODE`: online SGD of the student's control through the
/// adjoint (seed 000, eq. 2.11), recording m, q, the epoch's training loss and a test
/// loss at the record epochs. Epoch e uses w(e) (after e updates): it draws `batch`
/// fresh inputs, records their mean loss l/N (an unbiased estimate of the population
/// loss at w(e)), and then updates, w(e+1) = w(e) - eta mean_b grad_w l_b.
struct NeuralODERun {
    let setup: NeuralODESetup
    let seed: RealizationSeed
    /// Record epochs, ascending (times rounded to whole epochs).
    let recordEpochs: [Int]

    init(setup: NeuralODESetup, seed: RealizationSeed, times: [Double]) throws {
        self.setup = setup
        self.seed = seed
        recordEpochs = try RecordEpochs.whole(times, epochs: setup.epochs)
    }

    func run(control: RunControl) throws -> RealizationOutput {
        let count = recordEpochs.count
        var m = [Double](repeating: .nan, count: count), q = m, loss = m, testLoss = m
        guard let last = recordEpochs.last else {
            return RealizationOutput(simulation: ["m": m, "q": q, "loss": loss, "test_loss": testLoss])
        }
        let system = NeuralODESystem(setup: setup, seed: seed)
        let N = setup.N, n2 = N * N, invN = 1 / Double(N)
        var w = system.initialControl
        let wStar = system.teacherControl
        let matrix = UnsafeMutablePointer<Double>.allocate(capacity: n2)
        let outer = UnsafeMutablePointer<Double>.allocate(capacity: n2)
        let input = UnsafeMutablePointer<Double>.allocate(capacity: N)
        defer {
            matrix.deallocate()
            outer.deallocate()
            input.deallocate()
        }
        system.field.couplingMatrix(for: w, into: matrix)

        var next = 0
        var diverged = false
        for epoch in 0...last {
            let updates = epoch < last
            if updates { outer.initialize(repeating: 0, count: n2) }
            var epochLoss = 0.0
            for _ in 0..<setup.batch {
                try control.poll()
                let x0 = NeuralODESystem.pointOnSphere(N: N, from: &system.trainingInputs)
                for i in 0..<N { input[i] = x0[i] }
                epochLoss += system.sampleLoss(studentMatrix: matrix, input: input,
                                               outerProducts: updates ? outer : nil, weight: 1 / Double(setup.batch))
            }
            epochLoss *= invN / Double(setup.batch)
            let qNow = w.reduce(0) { $0 + $1 * $1 } * invN
            guard epochLoss.isFinite, qNow.isFinite else {
                diverged = true
                break
            }
            while next < count && recordEpochs[next] == epoch {
                m[next] = zip(w, wStar).reduce(0) { $0 + $1.0 * $1.1 } * invN
                q[next] = qNow
                loss[next] = epochLoss
                testLoss[next] = try testLossEstimate(system, matrix: matrix, input: input, control: control)
                next += 1
            }
            if updates {
                w.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    system.field.updateControl(base, eta: setup.eta, outerProducts: outer, matrix: matrix)
                }
            }
        }
        // A record that was not reached (divergence) stays NaN.
        return RealizationOutput(simulation: ["m": m, "q": q, "loss": loss, "test_loss": testLoss],
                                 diverged: diverged)
    }

    /// Mean l/N over `test_samples` fresh inputs at the current control.
    private func testLossEstimate(_ system: NeuralODESystem, matrix: UnsafePointer<Double>,
                                  input: UnsafeMutablePointer<Double>, control: RunControl) throws -> Double {
        let N = setup.N
        var total = 0.0
        for _ in 0..<setup.testSamples {
            try control.poll()
            let x0 = NeuralODESystem.pointOnSphere(N: N, from: &system.testInputs)
            for i in 0..<N { input[i] = x0[i] }
            total += system.sampleLoss(studentMatrix: matrix, input: input)
        }
        return total / (Double(setup.testSamples) * Double(N))
    }
}
