/// The one residual norm of every self-consistent theory solver (the `dmft_residual`
/// observable and the `tolerance` parameter mean this in every model):
///
///     residual = max over every entry x of the solved functions of |F(x) - x| / max(1, |x|)
///
/// where F is one undamped update. It is relative for entries larger than 1 and absolute
/// for small ones, so functions that decay to zero (a loss, an error vector) do not make
/// it blow up; a NaN counts as infinite, so a solution that broke never passes.
public enum SelfConsistencyResidual {
    /// The residual of `new` = F(x) against `old` = x over `count` entries.
    public static func of(_ new: UnsafePointer<Double>, against old: UnsafePointer<Double>, count: Int) -> Double {
        var worst = 0.0
        for i in 0..<count {
            let change = abs(new[i] - old[i]) / max(1, abs(old[i]))
            if !(change <= worst) { worst = change.isNaN ? .infinity : change }
        }
        return worst
    }

    /// The residual of `new` = F(x) against `old` = x (arrays of the same length).
    public static func of(_ new: [Double], against old: [Double]) -> Double {
        let count = min(new.count, old.count)
        let worst = new.withUnsafeBufferPointer { n in
            old.withUnsafeBufferPointer { o -> Double in
                guard let np = n.baseAddress, let op = o.baseAddress else { return 0 }
                return of(np, against: op, count: count)
            }
        }
        return new.count == old.count ? worst : .infinity
    }
}
