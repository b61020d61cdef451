import LinearAlgebra

/// One realization's quenched disorder and the machinery of its SGD epochs (seed 000,
/// secs. 2.1-2.4): the force field, the teacher's control w* and fixed coupling matrix
/// M(w*), the integrators of the teacher and the student, and the buffers of a forward
/// and backward inference. `NeuralODERun` drives it epoch by epoch; the tests call its
/// loss and gradient directly.
///
/// Disorder substreams (part of the reproducibility contract; all of them are disorder
/// streams, shared by every sweep point of a realization, so that a sweep over eta,
/// t_final or the temperatures compares like with like): 0 = J, 1 = K, 2 = w*,
/// 3 = the student's initial direction u, 4 = training inputs x(0), 5 = test inputs,
/// 6 = teacher noise, 7 = student noise, 8 = adjoint noise.
final class NeuralODESystem {
    let setup: NeuralODESetup
    let N: Int
    let field: ForceField
    /// w*, |w*|^2 = N.
    let teacherControl: [Double]
    /// w0 = m0 w* + sqrt(q0 - m0^2) u.
    let initialControl: [Double]
    /// M(w*), fixed for the whole run.
    let teacherMatrix: UnsafeMutablePointer<Double>
    let teacher: InferenceIntegrator
    let student: InferenceIntegrator
    let tape: InferenceTape

    var trainingInputs: RandomStream
    var testInputs: RandomStream
    var teacherNoise: RandomStream
    var studentNoise: RandomStream
    var adjointNoise: RandomStream

    // Buffers of one sample.
    private let scratch: UnsafeMutablePointer<Double>
    private let teacherState: UnsafeMutablePointer<Double>
    private let studentState: UnsafeMutablePointer<Double>
    private let cotangents: UnsafeMutablePointer<Double>
    private let noise: UnsafeMutablePointer<Double>

    init(setup: NeuralODESetup, seed: RealizationSeed) {
        self.setup = setup
        let N = setup.N
        self.N = N
        var couplings = seed.disorder(0), tensor = seed.disorder(1)
        field = ForceField(N: N, gJ: setup.gJ, gK: setup.gK, storage: setup.kStorage, couplings: &couplings,
                           tensor: &tensor)
        var teacherStream = seed.disorder(2), directionStream = seed.disorder(3)
        let wStar = Self.pointOnSphere(N: N, from: &teacherStream)
        teacherControl = wStar
        // u: uniform on the sphere of radius sqrt N orthogonal to w*.
        var u = directionStream.gaussians(N)
        let along = zip(u, wStar).reduce(0) { $0 + $1.0 * $1.1 } / Double(N)
        for i in 0..<N { u[i] -= along * wStar[i] }
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let rest = max(0, setup.q0 - setup.m0 * setup.m0).squareRoot() * Double(N).squareRoot() / norm
        initialControl = (0..<N).map { setup.m0 * wStar[$0] + rest * u[$0] }

        teacherMatrix = .allocate(capacity: N * N)
        field.couplingMatrix(for: wStar, into: teacherMatrix)
        let flow = ConfinedFlow(N: N, confinement: setup.confinement, mu0: setup.mu0, k: setup.k)
        scratch = .allocate(capacity: InferenceIntegrator.scratchCount(N: N))
        teacher = InferenceIntegrator(flow: flow, steps: setup.steps, h: setup.step, temperature: setup.tTeacher,
                                      scratch: scratch)
        student = InferenceIntegrator(flow: flow, steps: setup.steps, h: setup.step, temperature: setup.tStudent,
                                      scratch: scratch)
        tape = InferenceTape(N: N, steps: setup.steps)
        teacherState = .allocate(capacity: N)
        studentState = .allocate(capacity: N)
        cotangents = .allocate(capacity: 4 * setup.steps * N)
        noise = .allocate(capacity: setup.steps * N)
        trainingInputs = seed.disorder(4)
        testInputs = seed.disorder(5)
        teacherNoise = seed.disorder(6)
        studentNoise = seed.disorder(7)
        adjointNoise = seed.disorder(8)
    }

    deinit {
        teacherMatrix.deallocate()
        scratch.deallocate()
        teacherState.deallocate()
        studentState.deallocate()
        cotangents.deallocate()
        noise.deallocate()
    }

    /// A point uniform on the sphere |x|^2 = N.
    static func pointOnSphere(N: Int, from stream: inout RandomStream) -> [Double] {
        var x = stream.gaussians(N)
        let scale = Double(N).squareRoot() / x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in 0..<N { x[i] *= scale }
        return x
    }

    /// The loss l = |xhat(t_final) - x(t_final)|^2 / 2 of one sample x(0) = `input`, the
    /// student driven by coupling matrix `M`. With `outerProducts`, also adds
    /// `weight` x sum over stages of u y^T (the gradient's factor, see `ForceField.gradient`)
    /// from the discrete adjoint. Noise is drawn from the run's streams as the
    /// temperatures ask; `fixedNoise` replaces them (teacher, student, adjoint; tests).
    func sampleLoss(studentMatrix M: UnsafePointer<Double>, input: UnsafePointer<Double>,
                    outerProducts: UnsafeMutablePointer<Double>? = nil, weight: Double = 1,
                    fixedNoise: (teacher: [Double], student: [Double], adjoint: [Double])? = nil) -> Double {
        for i in 0..<N {
            teacherState[i] = input[i]
            studentState[i] = input[i]
        }
        let count = setup.steps * N
        func drawNoise(_ stream: inout RandomStream, _ fixed: [Double]?) -> UnsafePointer<Double> {
            if let fixed { for a in 0..<count { noise[a] = fixed[a] } }
            else { stream.fillGaussian(UnsafeMutableBufferPointer(start: noise, count: count)) }
            return UnsafePointer(noise)
        }
        let tNoise = setup.tTeacher > 0 ? drawNoise(&teacherNoise, fixedNoise?.teacher) : nil
        teacher.forward(teacherMatrix, state: teacherState, noise: tNoise, tape: nil)
        let sNoise = setup.tStudent > 0 ? drawNoise(&studentNoise, fixedNoise?.student) : nil
        student.forward(M, state: studentState, noise: sNoise, tape: outerProducts == nil ? nil : tape)
        // lambda(t_final) = dl/dxhat(t_final) = xhat - x.
        var loss = 0.0
        for i in 0..<N {
            studentState[i] -= teacherState[i]
            loss += 0.5 * studentState[i] * studentState[i]
        }
        guard let outerProducts, loss.isFinite else { return loss }
        let aNoise = setup.betaP.isFinite ? drawNoise(&adjointNoise, fixedNoise?.adjoint) : nil
        student.backward(M, tape: tape, adjoint: studentState, cotangents: cotangents, adjointNoise: aNoise,
                         betaP: setup.betaP)
        // A += weight U^T Y over the 4 steps stages.
        BLAS.gemm(transposeA: true, m: N, n: N, k: 4 * setup.steps, alpha: weight, a: cotangents,
                  b: tape.stageInputs, beta: 1, c: outerProducts)
        return loss
    }
}
