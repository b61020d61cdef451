/// Row-by-row arithmetic on causal (lower-triangular) T×T matrices, the building block
/// of the deep-linear DMFT (docs/models/deep_linear_derivation.md, Section 2.2).
///
/// A matrix is `n * n` doubles, row-major, entry (t, s) at `t * n + s`; causal means
/// zero above the diagonal. Each function computes row `t` of its result from rows
/// `<= t` of its inputs, which is what lets the DMFT march forward in time: at step t
/// every earlier row is final. Each costs O(t^2), so a whole matrix costs O(T^3).
enum CausalRows {
    /// Row t of X·Y for causal X, Y: out(t, s) = Σ_{s<=k<=t} X(t, k) Y(k, s), s <= t.
    static func product(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, row t: Int, n: Int,
                        into out: UnsafeMutablePointer<Double>) {
        let xt = x + t * n, ot = out + t * n
        for s in 0...t { ot[s] = 0 }
        for k in 0...t {
            let c = xt[k]
            if c == 0 { continue }
            let yk = y + k * n
            for s in 0...k { ot[s] += c * yk[s] }
        }
    }

    /// Row t of (I − sign·X)^{-1} for strictly causal X, given `xRow` = X(t, ·) (entries
    /// k < t are read) and the earlier rows of the result:
    /// out(t, s) = δ_ts + sign Σ_{s<=k<t} X(t, k) out(k, s).
    static func inverse(xRow: UnsafePointer<Double>, sign: Double, row t: Int, n: Int,
                        into out: UnsafeMutablePointer<Double>) {
        let ot = out + t * n
        for s in 0...t { ot[s] = 0 }
        ot[t] = 1
        guard t > 0 else { return }
        for k in 0..<t {
            let c = sign * xRow[k]
            if c == 0 { continue }
            let ok = out + k * n
            for s in 0...k { ot[s] += c * ok[s] }
        }
    }

    /// Row vector times a causal matrix: scratch(s) = Σ_{s<=k<=t} x(k) Y(k, s) for s <= t
    /// (zero beyond t). With x = row t of X this is row t of X·Y, e.g. (A·B)(t, ·).
    static func rowTimes(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, row t: Int, n: Int,
                         into scratch: UnsafeMutablePointer<Double>) {
        for k in 0..<n { scratch[k] = 0 }
        for k in 0...t {
            let c = x[k]
            if c == 0 { continue }
            let yk = y + k * n
            for s in 0...k { scratch[s] += c * yk[s] }
        }
    }

    /// work(b) = Σ_{a<=t} X(t, a) Σ(a, b) for b <= t: row t of X·Σ, the first half of a
    /// sandwich.
    private static func rowTimesSymmetric(_ x: UnsafePointer<Double>, _ sigma: UnsafePointer<Double>, row t: Int,
                                          n: Int, into work: UnsafeMutablePointer<Double>) {
        for b in 0...t { work[b] = 0 }
        let xt = x + t * n
        for a in 0...t {
            let c = xt[a]
            if c == 0 { continue }
            let sa = sigma + a * n
            for b in 0...t { work[b] += c * sa[b] }
        }
    }

    /// Row t (and, by symmetry, column t) of X·Σ·Xᵀ added into `out` for causal X and
    /// symmetric Σ, reading Σ(a, b) for a, b <= t and rows <= t of X:
    /// out(t, s) += Σ_{a<=t, b<=s} X(t, a) Σ(a, b) X(s, b), s <= t.
    /// `work` is scratch of length n.
    static func addSandwich(_ x: UnsafePointer<Double>, _ sigma: UnsafePointer<Double>, row t: Int, n: Int,
                            scale: Double = 1, into out: UnsafeMutablePointer<Double>,
                            work: UnsafeMutablePointer<Double>) {
        rowTimesSymmetric(x, sigma, row: t, n: n, into: work)
        let ot = out + t * n
        for s in 0...t {
            let xs = x + s * n
            var acc = 0.0
            for b in 0...s { acc += work[b] * xs[b] }
            ot[s] += scale * acc
            if s != t { out[s * n + t] = ot[s] }
        }
    }

    /// The (t, t) entry of X·Σ·Xᵀ (one diagonal term of a variance decomposition).
    static func sandwichDiagonal(_ x: UnsafePointer<Double>, _ sigma: UnsafePointer<Double>, row t: Int, n: Int,
                                 work: UnsafeMutablePointer<Double>) -> Double {
        rowTimesSymmetric(x, sigma, row: t, n: n, into: work)
        let xt = x + t * n
        var acc = 0.0
        for b in 0...t { acc += work[b] * xt[b] }
        return acc
    }
}
