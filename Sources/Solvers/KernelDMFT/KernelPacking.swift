/// Which entries of a P T x P T matrix the Monte Carlo reduces: the upper triangle of a
/// symmetric kernel, or the causal blocks (time j < k, or j <= k) of a response, so the
/// one Allreduce per iteration carries no entry that is known in advance.
struct KernelPacking {
    let P: Int
    let timePoints: Int
    var n: Int { P * timePoints }

    var symmetricCount: Int { n * (n + 1) / 2 }

    /// Entries (a, b) with time(b) < time(a) (strict) or <= time(a).
    func causalCount(strict: Bool) -> Int {
        let t = timePoints
        return P * P * (strict ? t * (t - 1) / 2 : t * (t + 1) / 2)
    }

    /// Columns 0..<width of row a that are causal.
    @inline(__always)
    func causalWidth(row a: Int, strict: Bool) -> Int { (a / P + (strict ? 0 : 1)) * P }

    func addSymmetric(_ m: [Double], to sum: inout FixedPointSum) {
        let n = self.n
        var i = 0
        for a in 0..<n {
            for b in a..<n {
                sum.add(m[a * n + b], at: i)
                i += 1
            }
        }
    }

    func unpackSymmetric(_ packed: [Double], scale: Double) -> [Double] {
        let n = self.n
        var out = [Double](repeating: 0, count: n * n)
        var i = 0
        for a in 0..<n {
            for b in a..<n {
                let v = packed[i] * scale
                out[a * n + b] = v
                out[b * n + a] = v
                i += 1
            }
        }
        return out
    }

    func addCausal(_ m: [Double], strict: Bool, to sum: inout FixedPointSum) {
        let n = self.n
        var i = 0
        for a in 0..<n {
            for b in 0..<causalWidth(row: a, strict: strict) {
                sum.add(m[a * n + b], at: i)
                i += 1
            }
        }
    }

    func unpackCausal(_ packed: [Double], strict: Bool, scale: Double) -> [Double] {
        let n = self.n
        var out = [Double](repeating: 0, count: n * n)
        var i = 0
        for a in 0..<n {
            for b in 0..<causalWidth(row: a, strict: strict) {
                out[a * n + b] = packed[i] * scale
                i += 1
            }
        }
        return out
    }
}
