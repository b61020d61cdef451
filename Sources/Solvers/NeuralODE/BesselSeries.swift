/// The two entire functions the neural_ode DMFT is written in (docs/models/neural_ode_dmft.md,
/// sec. 0): Phi(x) = sum_n x^n / (n!)^2 = I0(2 sqrt x) (J0(2 sqrt(-x)) for x < 0), and
/// Phi'(x) = sum_n x^n / (n! (n+1)!) = I1(2 sqrt x) / sqrt x. For a circular (Ginibre)
/// matrix of entry variance s/N, (1/N) x0^T (e^{At})^T e^{At'} x0 -> Phi(s t t').
///
/// Summed directly: the terms grow until n ~ sqrt|x| and then fall factorially, so the sum
/// is accurate to rounding for x >= 0 and, for x < 0 (alternating), to about
/// 1e-16 e^{2 sqrt|x|}; `NeuralODEMeanField` keeps the arguments inside `validRange`.
enum BesselSeries {
    /// Arguments for which both series are accurate to better than 1e-9 relative.
    static let validRange: ClosedRange<Double> = -25...400

    /// sum_n x^n / (n! (n + shift)!), shift 0 (Phi) or 1 (Phi').
    static func sum(_ x: Double, shift: Int) -> Double {
        var term = shift == 0 ? 1.0 : 1.0 / Double((1...shift).reduce(1, *))
        var total = term
        var n = 1
        while n < 1000 {
            term *= x / (Double(n) * Double(n + shift))
            total += term
            if abs(term) <= 1e-17 * abs(total) && Double(n * n) > abs(x) { break }
            n += 1
        }
        return total
    }

    /// Phi(x) = I0(2 sqrt x).
    static func phi(_ x: Double) -> Double { sum(x, shift: 0) }
    /// Phi'(x) = dPhi/dx.
    static func phiPrime(_ x: Double) -> Double { sum(x, shift: 1) }
}
