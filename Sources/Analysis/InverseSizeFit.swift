/// The weighted least-squares fit of X(size) = a + b/size (order 1) or
/// a + b/size + c/size^2 (order 2) through values y_i with standard errors s_i
/// (issue 15, item 1): minimizes chi^2 = sum_i ((y_i - a - b x_i - c x_i^2) / s_i)^2 with
/// x_i = 1/size_i. The intercept a is X extrapolated to size -> infinity; its standard
/// error is sqrt(Cov[0,0]) with Cov = (A^T W A)^-1, the covariance of the fit for known
/// errors (not rescaled by chi^2: chi^2 per degree of freedom is reported beside it, so a
/// poor fit shows rather than being absorbed into the error bar).
///
/// Numerics: the design matrix uses u = x / max(x) in [0, 1] (the intercept is unchanged)
/// and is solved by Householder QR, not normal equations, so order 2 over sizes 50..400
/// loses no digits to the conditioning of A^T W A.
///
/// Error bars: every s_i finite and > 0 gives the weighted fit. Every s_i = 0 (values
/// without statistical error, e.g. a deterministic observable) gives the unweighted fit,
/// its error from the residual scatter, s^2 = RSS / (n - p) times (A^T A)^-1[0,0] (NaN when
/// n = p), and chi^2 per degree of freedom NaN. A NaN, infinite or negative s_i, a NaN
/// value, or some s_i = 0 beside others > 0 (the fit would have to pass exactly through
/// the exact values) gives NaN for all three.
package struct InverseSizeFit: Sendable, Equatable {
    /// a: X at size -> infinity.
    package let intercept: Double
    package let interceptSEM: Double
    /// chi^2 / (n - p); NaN when n = p (no degrees of freedom) or without error bars.
    package let chi2PerDegreeOfFreedom: Double

    package static let nan = InverseSizeFit(intercept: .nan, interceptSEM: .nan, chi2PerDegreeOfFreedom: .nan)

    package init(intercept: Double, interceptSEM: Double, chi2PerDegreeOfFreedom: Double) {
        self.intercept = intercept
        self.interceptSEM = interceptSEM
        self.chi2PerDegreeOfFreedom = chi2PerDegreeOfFreedom
    }

    /// Parameters of a fit of `order` (1 or 2): a, b (and c).
    package static func parameterCount(order: Int) -> Int { order + 1 }

    /// Fits `values` with standard errors `sems` at `sizes` (all > 0, distinct, at least
    /// `order + 1` of them; the caller checks).
    package static func fit(sizes: [Double], values: [Double], sems: [Double], order: Int) -> InverseSizeFit {
        let n = sizes.count, p = parameterCount(order: order)
        guard n >= p, values.count == n, sems.count == n else { return .nan }
        guard values.allSatisfy(\.isFinite), sems.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return .nan }
        let exact = sems.allSatisfy { $0 == 0 }
        guard exact || sems.allSatisfy({ $0 > 0 }) else { return .nan }
        let xs = sizes.map { 1 / $0 }
        let scale = xs.max() ?? 1
        // Weighted design matrix (row-major n x p) and right-hand side.
        var a = [Double](repeating: 0, count: n * p)
        var rhs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let w = exact ? 1 : 1 / sems[i]
            let u = xs[i] / scale
            var power = 1.0
            for j in 0..<p {
                a[i * p + j] = w * power
                power *= u
            }
            rhs[i] = w * values[i]
        }
        guard let solution = householderLeastSquares(a, rows: n, columns: p, rhs: rhs) else { return .nan }
        let chi2 = solution.residualSquares
        let dof = n - p
        let variance = solution.inverseGram00
        if exact {
            let sem = dof > 0 ? (chi2 / Double(dof) * variance).squareRoot() : .nan
            return InverseSizeFit(intercept: solution.parameters[0], interceptSEM: sem, chi2PerDegreeOfFreedom: .nan)
        }
        return InverseSizeFit(intercept: solution.parameters[0], interceptSEM: variance.squareRoot(),
                              chi2PerDegreeOfFreedom: dof > 0 ? chi2 / Double(dof) : .nan)
    }

    struct Solution {
        let parameters: [Double]
        /// |A p - rhs|^2 at the solution.
        let residualSquares: Double
        /// (A^T A)^-1 [0, 0] = sum_j (R^-1)[0, j]^2.
        let inverseGram00: Double
    }

    /// Least squares by Householder QR of the n x p matrix `a`; nil when it is rank deficient.
    static func householderLeastSquares(_ matrix: [Double], rows n: Int, columns p: Int, rhs: [Double]) -> Solution? {
        var a = matrix, b = rhs
        for k in 0..<p {
            var norm = 0.0
            for i in k..<n { norm += a[i * p + k] * a[i * p + k] }
            norm = norm.squareRoot()
            guard norm > 0 else { return nil }
            let alpha = a[k * p + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: n)
            for i in k..<n { v[i] = a[i * p + k] }
            v[k] -= alpha
            var vv = 0.0
            for i in k..<n { vv += v[i] * v[i] }
            guard vv > 0 else { continue }
            for j in k..<p {
                var dot = 0.0
                for i in k..<n { dot += v[i] * a[i * p + j] }
                let f = 2 * dot / vv
                for i in k..<n { a[i * p + j] -= f * v[i] }
            }
            var dot = 0.0
            for i in k..<n { dot += v[i] * b[i] }
            let f = 2 * dot / vv
            for i in k..<n { b[i] -= f * v[i] }
        }
        // Back substitution R x = Q^T b (first p rows); R^-1 by columns for its first row.
        var x = [Double](repeating: 0, count: p)
        for k in stride(from: p - 1, through: 0, by: -1) {
            var s = b[k]
            for j in (k + 1)..<max(p, k + 1) { s -= a[k * p + j] * x[j] }
            let diagonal = a[k * p + k]
            guard diagonal != 0, diagonal.isFinite else { return nil }
            x[k] = s / diagonal
        }
        // Row 0 of R^-1: solve r^T R = e_0 (R upper triangular).
        var r = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var s = j == 0 ? 1.0 : 0.0
            for i in 0..<j { s -= r[i] * a[i * p + j] }
            r[j] = s / a[j * p + j]
        }
        var residual = 0.0
        for i in p..<n { residual += b[i] * b[i] }
        return Solution(parameters: x, residualSquares: residual, inverseGram00: r.reduce(0) { $0 + $1 * $1 })
    }
}
