import Foundation

/// Adaptive explicit Runge-Kutta integration with the Dormand-Prince 5(4) pair
/// (Dormand & Prince 1980; Hairer, Norsett & Wanner, "Solving ODEs I", sec. II.5):
/// fifth-order steps, a fourth-order embedded error estimate, FSAL (six right-hand-side
/// evaluations per step) and the standard step-size controller.
///
/// Steps are clipped to land exactly on each requested output time (no interpolation
/// error), while the controller's own proposal is kept for the step after, so a dense
/// output grid does not slow the long, smooth plateaus down.
public struct DormandPrince: Sendable {
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    /// Upper bound on accepted plus rejected steps; reaching it counts as a failure.
    public var maxSteps: Int

    public init(relativeTolerance: Double = 1e-9, absoluteTolerance: Double = 1e-12, maxSteps: Int = 50_000_000) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps
    }

    /// Integrates y' = f(t, y) from (t0, y0) and calls `record(index, y)` at every time
    /// of `times` (ascending, none before t0). `rhs(t, y, dy)` writes f into `dy`.
    /// `poll` is called every few dozen steps (it may throw to cancel).
    ///
    /// Returns how many times were recorded: all of them, unless the solution became
    /// non-finite, the step size underflowed, or `maxSteps` ran out; the caller fills
    /// the rest (the theory marks them NaN) rather than this routine trapping.
    public func integrate(
        y0: [Double], from t0: Double, times: [Double], poll: () throws -> Void,
        rhs: (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
        record: (Int, UnsafeBufferPointer<Double>) -> Void
    ) rethrows -> Int {
        let n = y0.count
        // Nine work vectors: y, the 7 stages (k7 of one step is k1 of the next), ynew.
        let work = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, 9 * n))
        defer { work.deallocate() }
        guard let base = work.baseAddress else { return 0 }
        base.initialize(repeating: 0, count: max(1, 9 * n))
        let y = base, ynew = base + n
        var k1 = base + 2 * n
        let k2 = base + 3 * n, k3 = base + 4 * n, k4 = base + 5 * n, k5 = base + 6 * n, k6 = base + 7 * n
        var k7 = base + 8 * n
        for i in 0..<n { y[i] = y0[i] }

        var t = t0
        var recorded = 0
        // Output times at or before t0 are the initial state.
        while recorded < times.count && times[recorded] <= t0 {
            record(recorded, UnsafeBufferPointer(start: y, count: n))
            recorded += 1
        }
        if recorded == times.count { return recorded }
        rhs(t, y, k1)

        // Initial step (Hairer's simple heuristic): 1% of |y| / |f|, at most the span.
        var ynorm = 0.0, fnorm = 0.0
        for i in 0..<n {
            let sc = absoluteTolerance + relativeTolerance * abs(y[i])
            ynorm += (y[i] / sc) * (y[i] / sc)
            fnorm += (k1[i] / sc) * (k1[i] / sc)
        }
        var h = (ynorm > 1e-10 && fnorm > 1e-10) ? 0.01 * (ynorm / fnorm).squareRoot() : 1e-6
        h = min(h, times[times.count - 1] - t0)
        var rejectedLast = false

        var steps = 0
        while recorded < times.count {
            steps += 1
            if steps > maxSteps { return recorded }
            if steps & 63 == 0 { try poll() }
            let target = times[recorded]
            let clipped = t + h >= target
            let hs = clipped ? target - t : h
            if !(hs > 1e-14 * max(1, abs(t))) && !clipped { return recorded }

            for i in 0..<n { ynew[i] = y[i] + hs * (1.0 / 5) * k1[i] }
            rhs(t + hs / 5, ynew, k2)
            for i in 0..<n { ynew[i] = y[i] + hs * (3.0 / 40 * k1[i] + 9.0 / 40 * k2[i]) }
            rhs(t + 3 * hs / 10, ynew, k3)
            for i in 0..<n { ynew[i] = y[i] + hs * (44.0 / 45 * k1[i] - 56.0 / 15 * k2[i] + 32.0 / 9 * k3[i]) }
            rhs(t + 4 * hs / 5, ynew, k4)
            for i in 0..<n {
                ynew[i] = y[i] + hs * (19372.0 / 6561 * k1[i] - 25360.0 / 2187 * k2[i]
                    + 64448.0 / 6561 * k3[i] - 212.0 / 729 * k4[i])
            }
            rhs(t + 8 * hs / 9, ynew, k5)
            for i in 0..<n {
                ynew[i] = y[i] + hs * (9017.0 / 3168 * k1[i] - 355.0 / 33 * k2[i] + 46732.0 / 5247 * k3[i]
                    + 49.0 / 176 * k4[i] - 5103.0 / 18656 * k5[i])
            }
            rhs(t + hs, ynew, k6)
            for i in 0..<n {
                ynew[i] = y[i] + hs * (35.0 / 384 * k1[i] + 500.0 / 1113 * k3[i] + 125.0 / 192 * k4[i]
                    - 2187.0 / 6784 * k5[i] + 11.0 / 84 * k6[i])
            }
            rhs(t + hs, ynew, k7)

            // Embedded error: difference of the 5th- and 4th-order solutions.
            var err = 0.0
            for i in 0..<n {
                let e = hs * (71.0 / 57600 * k1[i] - 71.0 / 16695 * k3[i] + 71.0 / 1920 * k4[i]
                    - 17253.0 / 339200 * k5[i] + 22.0 / 525 * k6[i] - 1.0 / 40 * k7[i])
                let sc = absoluteTolerance + relativeTolerance * max(abs(y[i]), abs(ynew[i]))
                err += (e / sc) * (e / sc)
            }
            err = n > 0 ? (err / Double(n)).squareRoot() : 0
            guard err.isFinite else {
                // A non-finite trial: retry smaller; give up only if the state itself is bad.
                h = hs * 0.1
                rejectedLast = true
                if !(h > 1e-14 * max(1, abs(t))) { return recorded }
                continue
            }

            let factor = err == 0 ? 5 : min(5, max(0.2, 0.9 * pow5(1 / err)))
            if err <= 1 {
                t = clipped ? target : t + hs
                for i in 0..<n { y[i] = ynew[i] }
                swap(&k1, &k7)  // FSAL: f(t + h, ynew) is the next step's first stage
                // Keep the controller's step across a clip, unless the clipped step itself
                // was the larger one.
                let proposal = hs * (rejectedLast ? min(1, factor) : factor)
                h = clipped ? max(h, proposal) : proposal
                rejectedLast = false
                while recorded < times.count && times[recorded] <= t {
                    record(recorded, UnsafeBufferPointer(start: y, count: n))
                    recorded += 1
                }
            } else {
                h = hs * max(0.2, 0.9 * pow5(1 / err))
                rejectedLast = true
            }
        }
        return recorded
    }
}

/// x^(1/5), the step-size exponent of a fifth-order method.
@inline(__always)
private func pow5(_ x: Double) -> Double {
    pow(x, 0.2)
}
