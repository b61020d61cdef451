import Foundation
import LinearAlgebra

/// What the backward pass needs from a forward inference: every RK4 stage's input y,
/// M y and mu(y), the final state, and (renormalized steps) the norm before the
/// projection. Sized once for `steps` and reused by every sample.
final class InferenceTape {
    let N: Int
    let steps: Int
    /// Stage inputs, row 4 n + s for stage s of step n (N numbers each); these are also the
    /// right factors of the gradient's outer products.
    let stageInputs: UnsafeMutablePointer<Double>
    let stageProducts: UnsafeMutablePointer<Double>
    let stageMultipliers: UnsafeMutablePointer<Double>
    /// |z| of step n before the projection back onto the sphere (renormalized steps only).
    let preProjectionNorms: UnsafeMutablePointer<Double>
    /// x(t_final).
    let finalState: UnsafeMutablePointer<Double>

    init(N: Int, steps: Int) {
        self.N = N
        self.steps = steps
        stageInputs = .allocate(capacity: 4 * steps * N)
        stageProducts = .allocate(capacity: 4 * steps * N)
        stageMultipliers = .allocate(capacity: 4 * steps)
        preProjectionNorms = .allocate(capacity: steps)
        finalState = .allocate(capacity: N)
    }

    deinit {
        stageInputs.deallocate()
        stageProducts.deallocate()
        stageMultipliers.deallocate()
        preProjectionNorms.deallocate()
        finalState.deallocate()
    }

    func input(step n: Int, stage s: Int) -> UnsafeMutablePointer<Double> { stageInputs + (4 * n + s) * N }
    func product(step n: Int, stage s: Int) -> UnsafeMutablePointer<Double> { stageProducts + (4 * n + s) * N }
}

/// Classical RK4 for the inference dynamics dx/dt = f(x) (+ sqrt(2T) white noise) on
/// [0, t_final] with `steps` steps of h (seed 000, eq. 2.1), and its exact discrete
/// adjoint: `backward` returns the gradient of a loss of x(t_final) with respect to x(0)
/// and, as stage outer products, with respect to the control, of exactly the map
/// `forward` computes (not of the continuous flow), so finite differences of the
/// computed loss agree with it to rounding (eqs. 2.8-2.9 are its h -> 0 limit).
///
/// Noise (T > 0) is added after each RK4 step, z = x_RK4 + sqrt(2 T h) xi (Euler-Maruyama
/// splitting, strong order 1/2); under spherical confinement the state is then projected
/// back, x <- sqrt(N) z/|z|, the retraction that keeps |x|^2 = N exactly. Without noise no
/// projection is applied: RK4 conserves |x|^2 to O(h^4).
struct InferenceIntegrator {
    let flow: ConfinedFlow
    let steps: Int
    let h: Double
    let temperature: Double
    /// Owned scratch (set up by `Workspace`): 4 N for the stage slopes, N for M y, N for
    /// a stage input, 2 N + 2 N for the pullback's pairs.
    let scratch: UnsafeMutablePointer<Double>

    static func scratchCount(N: Int) -> Int { 10 * N }

    var N: Int { flow.N }
    private var renormalizes: Bool { temperature > 0 && flow.confinement == .spherical }

    /// Integrates x (in place) from 0 to t_final with coupling matrix M; `noise` holds
    /// steps x N standard normals when the temperature is positive. With a tape, records
    /// what `backward` needs. Returns false if the state stopped being finite.
    @discardableResult
    func forward(_ M: UnsafePointer<Double>, state x: UnsafeMutablePointer<Double>,
                 noise: UnsafePointer<Double>?, tape: InferenceTape?) -> Bool {
        // Stage slope k_{s+1} lives at scratch + s N.
        let k1 = scratch, k2 = scratch + N, k3 = scratch + 2 * N, k4 = scratch + 3 * N
        let myScratch = scratch + 4 * N, yScratch = scratch + 5 * N
        let noiseScale = (2 * temperature * h).squareRoot()
        for n in 0..<steps {
            for s in 0..<4 {
                let y = tape?.input(step: n, stage: s) ?? yScratch
                let my = tape?.product(step: n, stage: s) ?? myScratch
                switch s {
                case 0: for i in 0..<N { y[i] = x[i] }
                case 1: for i in 0..<N { y[i] = x[i] + 0.5 * h * k1[i] }
                case 2: for i in 0..<N { y[i] = x[i] + 0.5 * h * k2[i] }
                default: for i in 0..<N { y[i] = x[i] + h * k3[i] }
                }
                let mu = flow.evaluate(M, at: y, my: my, out: scratch + s * N)
                tape?.stageMultipliers[4 * n + s] = mu
            }
            let w = h / 6
            for i in 0..<N { x[i] += w * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
            if temperature > 0, let noise {
                let xi = noise + n * N
                for i in 0..<N { x[i] += noiseScale * xi[i] }
                if renormalizes {
                    let norm = BLAS.dot(N, x, x).squareRoot()
                    tape?.preProjectionNorms[n] = norm
                    let scale = Double(N).squareRoot() / norm
                    for i in 0..<N { x[i] *= scale }
                }
            }
        }
        if let tape { for i in 0..<N { tape.finalState[i] = x[i] } }
        return (0..<N).allSatisfy { x[$0].isFinite }
    }

    /// Runs the adjoint backward: on entry `lambda` holds dl/dx(t_final), on exit
    /// dl/dx(0). Row 4 n + s of `cotangents` (4 steps x N) receives stage (n, s)'s factor
    /// u of the control gradient, dl/dw_k = (g_K/N) sum over stages sum_ij K_ijk u_i y_j,
    /// with y the stage input in `tape`. `adjointNoise` (steps x N standard normals, or
    /// nil) adds noise of inverse temperature `betaP` after each step (sec. 2.5.1).
    func backward(_ M: UnsafePointer<Double>, tape: InferenceTape, adjoint lambda: UnsafeMutablePointer<Double>,
                  cotangents: UnsafeMutablePointer<Double>, adjointNoise: UnsafePointer<Double>?, betaP: Double) {
        let kbar = scratch                       // 4 N: the stage slopes' cotangents
        let g = scratch + 4 * N, pair = scratch + 6 * N, product = scratch + 8 * N
        let noiseScale = betaP.isFinite ? (2 * h / betaP).squareRoot() : 0
        for n in stride(from: steps - 1, through: 0, by: -1) {
            if renormalizes {
                // x' = sqrt(N) z/|z|: dl/dz = sqrt(N)/|z| (dl/dx' - x' (x'.dl/dx')/N).
                let next = n + 1 < steps ? tape.input(step: n + 1, stage: 0) : tape.finalState
                let c = BLAS.dot(N, next, lambda) / Double(N)
                let scale = Double(N).squareRoot() / tape.preProjectionNorms[n]
                for i in 0..<N { lambda[i] = scale * (lambda[i] - next[i] * c) }
            }
            // x' = x + h (k1 + 2 k2 + 2 k3 + k4)/6: the slopes' cotangents.
            for s in 0..<4 {
                let weight = s == 0 || s == 3 ? h / 6 : h / 3
                for i in 0..<N { kbar[s * N + i] = weight * lambda[i] }
            }
            // Stage s's input is x + c_s h k_s (c = 1/2, 1/2, 1 for s = 1, 2, 3): its
            // pullback g feeds x and the previous slope.
            for s in stride(from: 3, through: 0, by: -1) {
                flow.pullback(M, at: tape.input(step: n, stage: s), my: tape.product(step: n, stage: s),
                              mu: tape.stageMultipliers[4 * n + s], cotangent: kbar + s * N, out: g,
                              u: cotangents + (4 * n + s) * N, pair: pair, product: product)
                for i in 0..<N { lambda[i] += g[i] }
                if s > 0 {
                    let feed = s == 3 ? h : 0.5 * h
                    for i in 0..<N { kbar[(s - 1) * N + i] += feed * g[i] }
                }
            }
            if noiseScale > 0, let adjointNoise {
                let xi = adjointNoise + n * N
                for i in 0..<N { lambda[i] += noiseScale * xi[i] }
            }
        }
    }
}
