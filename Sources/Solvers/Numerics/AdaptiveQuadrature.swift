/// Adaptive Gauss-Kronrod quadrature of a smooth function on a finite interval: the
/// 15-point Kronrod rule with its embedded 7-point Gauss rule as the error estimate
/// (QUADPACK's QK15, Piessens et al. 1983), bisecting the interval with the largest
/// estimated error until the total error is below `max(absoluteTolerance,
/// relativeTolerance * |integral|)` or `maxIntervals` intervals are in use.
///
/// Why: the stable CDF (`StableDistribution`) is an integral whose integrand is a smooth
/// but sharp step; a fixed rule is either wasteful or wrong, an adaptive one spends its
/// nodes on the step. The nodes are interior, so an integrable endpoint singularity or an
/// endpoint where the integrand's formula is 0/0 is never evaluated.
public enum AdaptiveQuadrature {
    /// The integral of `f` over [a, b]. Returns NaN if a bound is not finite or `f`
    /// returns NaN on a node.
    public static func integrate(_ f: (Double) -> Double, from a: Double, to b: Double,
                                 absoluteTolerance: Double = 1e-14, relativeTolerance: Double = 1e-12,
                                 maxIntervals: Int = 200) -> Double {
        guard a.isFinite, b.isFinite else { return .nan }
        if a == b { return 0 }
        var intervals = [rule(f, a, b)]
        var total = intervals[0].value, error = intervals[0].error
        while error > max(absoluteTolerance, relativeTolerance * abs(total)), intervals.count < maxIntervals {
            guard !total.isNaN else { return .nan }
            // Split the interval with the largest error estimate.
            var worst = 0
            for i in intervals.indices where intervals[i].error > intervals[worst].error { worst = i }
            let w = intervals[worst]
            let mid = 0.5 * (w.a + w.b)
            guard mid > min(w.a, w.b), mid < max(w.a, w.b) else { break }  // no more resolution
            let left = rule(f, w.a, mid), right = rule(f, mid, w.b)
            intervals[worst] = left
            intervals.append(right)
            total = 0
            error = 0
            for piece in intervals {
                total += piece.value
                error += piece.error
            }
        }
        return total
    }

    private struct Piece {
        let a: Double, b: Double, value: Double, error: Double
    }

    /// The 15-point Kronrod estimate over [a, b] and |Kronrod - Gauss| as its error.
    private static func rule(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> Piece {
        let center = 0.5 * (a + b), half = 0.5 * (b - a)
        let fc = f(center)
        var kronrod = fc * kronrodWeights[7]
        var gauss = fc * gaussWeights[3]
        for j in 0..<7 {
            let dx = half * kronrodNodes[j]
            let pair = f(center - dx) + f(center + dx)
            kronrod += kronrodWeights[j] * pair
            if j % 2 == 1 { gauss += gaussWeights[j / 2] * pair }
        }
        let value = kronrod * half
        let error = abs((kronrod - gauss) * half)
        return Piece(a: a, b: b, value: value, error: error.isNaN ? .infinity : error)
    }

    /// Kronrod nodes on [-1, 1] (positive half, the last is the center); the odd-indexed
    /// ones are the 7-point Gauss nodes.
    private static let kronrodNodes: [Double] = [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0,
    ]
    private static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ]
    /// Gauss weights for the nodes kronrodNodes[1], [3], [5] and the center.
    private static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ]
}
