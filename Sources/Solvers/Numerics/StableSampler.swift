import Foundation

/// Symmetric alpha-stable variates S(alpha, beta = 0, scale c, location 0), the law with
/// characteristic function E exp(i t X) = exp(-|c t|^alpha), 0 < alpha <= 2 (alpha = 2 is
/// N(0, 2 c^2), alpha = 1 the Cauchy law of scale c; `StableDistribution` is its CDF at
/// c = 1).
///
/// Why: the heavy-tailed jumps of the time-scale SDE (issue 14) and synthetic samples for
/// the tail-index estimators; drawn from a keyed `RandomStream`, so a realization's jumps
/// do not depend on how the work is scheduled.
///
/// Method: Chambers, Mallows & Stuck (1976), "A method for simulating stable random
/// variables", JASA 71, 340, with beta = 0 (as restated by Weron 1996, Statist. Probab.
/// Lett. 28, 165): with
/// V uniform on (-pi/2, pi/2) and W exponential of mean 1, independent,
///
///     X = sin(alpha V) / cos(V)^(1/alpha) * (cos(V - alpha V) / W)^((1 - alpha)/alpha),
///
/// and X = tan V at alpha = 1. At alpha = 2 this is 2 sin(V) sqrt(W), a N(0, 2) variate.
/// |X| is evaluated as the exponential of a sum of logarithms, so no intermediate power
/// overflows or underflows (the result itself may be +-infinity for tiny alpha, which is a
/// faithful draw of a variate beyond the largest Double). V is never 0 and cos V never 0
/// because `nextUniform` is in the open interval (0, 1).
public struct StableSampler: Sendable {
    public let alpha: Double
    public let scale: Double

    /// nil unless 0 < alpha <= 2 and scale is finite and >= 0 (scale 0 gives zeros, still
    /// reading two uniforms per variate, so streams stay aligned across a sweep over c).
    public init?(alpha: Double, scale: Double = 1) {
        guard alpha > 0, alpha <= 2, scale >= 0, scale.isFinite else { return nil }
        self.alpha = alpha
        self.scale = scale
    }

    /// One variate; reads exactly two uniforms from `stream`.
    @inlinable
    public func next(_ stream: inout RandomStream) -> Double {
        let v = Double.pi * (stream.nextUniform() - 0.5)
        let w = -log(stream.nextUniform())
        if scale == 0 { return 0 }
        if alpha == 1 { return scale * tan(v) }
        let s = sin(alpha * v)
        let logMagnitude = log(abs(s)) - log(cos(v)) / alpha
            + (1 - alpha) / alpha * (log(cos(v - alpha * v)) - log(w))
        let x = exp(logMagnitude)
        return scale * (s < 0 ? -x : x)
    }

    /// `count` independent variates (an empty array for count <= 0).
    public func samples(_ count: Int, from stream: inout RandomStream) -> [Double] {
        guard count > 0 else { return [] }
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count { out[i] = next(&stream) }
        return out
    }
}
