import Foundation

/// The fixed bins of the preactivation distributions of seed 002's Fig. 1(b)-(c): the
/// density of h^l over neurons (networks) or single-site samples (DMFT) and the P training
/// points, on `count` equal bins of [`lower`, `upper`). Bin b covers
/// [lower + b width, lower + (b + 1) width); values outside are not counted, so the
/// densities integrate to the fraction inside the range.
public enum KernelPreactivationBins {
    public static let count = 40
    public static let lower = -5.0
    public static let upper = 5.0
    public static var width: Double { (upper - lower) / Double(count) }

    /// Adds the bin counts of `values` to `counts` (length `count`).
    static func add(_ values: UnsafeBufferPointer<Double>, to counts: inout [Double]) {
        let scale = 1 / width
        for v in values {
            let position = (v - lower) * scale
            guard position >= 0, position < Double(count) else { continue }
            counts[Int(position)] += 1
        }
    }

    /// Densities from counts of `total` values.
    static func density(_ counts: ArraySlice<Double>, total: Double) -> [Double] {
        counts.map { $0 / (total * width) }
    }

    /// The bin-averaged density of an equal mixture of N(0, variance_mu) over the points
    /// (a linear network's h^l is Gaussian with variance Phi^l_{mu mu}(t, t); at
    /// gamma0 = 0 every network's h^l = u^l is).
    public static func gaussianMixture(variances: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        for variance in variances {
            let s = (2 * max(variance, .leastNormalMagnitude)).squareRoot()
            for b in 0..<count {
                let a = lower + Double(b) * width
                out[b] += 0.5 * (erf((a + width) / s) - erf(a / s)) / width
            }
        }
        return out.map { $0 / Double(max(variances.count, 1)) }
    }
}
