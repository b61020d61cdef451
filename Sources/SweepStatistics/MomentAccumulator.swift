/// Streaming count, mean and sum of squared deviations (M2) of a vector of observables,
/// element by element: memory is the vector's length, whatever the number of samples.
///
/// Samples are added with Welford's update and accumulators are merged with the exact
/// pairwise rule of Chan, Golub & LeVeque (1979):
///   n = nA + nB,  δ = x̄B − x̄A,  x̄ = x̄A + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.
/// Both are deterministic functions of their inputs, so a fixed order of additions and
/// merges gives bit-for-bit the same result on any number of ranks.
package struct MomentAccumulator: Sendable, Equatable {
    package private(set) var count: Int
    package private(set) var mean: [Double]
    package private(set) var m2: [Double]

    /// An empty accumulator for vectors of `length` numbers.
    package init(length: Int) {
        count = 0
        mean = [Double](repeating: 0, count: length)
        m2 = [Double](repeating: 0, count: length)
    }

    package var length: Int { mean.count }

    /// The accumulator of the elements `range` only: the same count, and the same numbers
    /// as the full accumulator's for those elements (every update is element by element,
    /// so merging restricted accumulators equals restricting the merged one, bit for bit).
    package func restricted(to range: Range<Int>) -> MomentAccumulator {
        var part = MomentAccumulator(length: 0)
        part.count = count
        part.mean = Array(mean[range])
        part.m2 = Array(m2[range])
        return part
    }

    /// Adds one sample (Welford).
    package mutating func add(_ x: [Double]) {
        precondition(x.count == mean.count, "sample length \(x.count) != accumulator length \(mean.count)")
        count += 1
        let n = Double(count)
        for i in 0..<x.count {
            let delta = x[i] - mean[i]
            mean[i] += delta / n
            m2[i] += delta * (x[i] - mean[i])
        }
    }

    /// Merges `other` into this accumulator (Chan et al.); `self` comes first in the
    /// fixed merge order.
    package mutating func merge(_ other: MomentAccumulator) {
        precondition(other.length == length, "merging accumulators of different lengths")
        if other.count == 0 { return }
        if count == 0 {
            self = other
            return
        }
        let na = Double(count), nb = Double(other.count), n = na + nb
        for i in 0..<length {
            let delta = other.mean[i] - mean[i]
            mean[i] += delta * (nb / n)
            m2[i] += other.m2[i] + delta * delta * (na * nb / n)
        }
        count += other.count
    }

    /// The summary statistics: mean, sample standard deviation (n − 1 in the
    /// denominator) and standard error of the mean. With no samples every entry is NaN;
    /// with one sample the mean is defined and the spread is NaN.
    package var result: MomentResult {
        let n = Double(count)
        guard count > 0 else {
            let nan = [Double](repeating: .nan, count: length)
            return MomentResult(count: 0, mean: nan, std: nan, sem: nan)
        }
        var std = [Double](repeating: .nan, count: length)
        var sem = std
        if count > 1 {
            for i in 0..<length {
                std[i] = (max(m2[i], 0) / (n - 1)).squareRoot()
                sem[i] = std[i] / n.squareRoot()
            }
        }
        return MomentResult(count: count, mean: mean, std: std, sem: sem)
    }

    // MARK: - Packing for reductions and journals

    /// Numbers in the packed form: count, then mean, then M2.
    package static func packedLength(_ length: Int) -> Int { 1 + 2 * length }

    /// Appends the packed form to `buffer`.
    package func pack(into buffer: inout [Double]) {
        buffer.append(Double(count))
        buffer.append(contentsOf: mean)
        buffer.append(contentsOf: m2)
    }

    /// Reads an accumulator of `length` numbers from `buffer` at `offset`, advancing it.
    package init(unpacking buffer: ArraySlice<Double>, offset: inout Int, length: Int) {
        count = Int(buffer[buffer.startIndex + offset])
        let start = buffer.startIndex + offset + 1
        mean = Array(buffer[start..<(start + length)])
        m2 = Array(buffer[(start + length)..<(start + 2 * length)])
        offset += 1 + 2 * length
    }
}

/// What is reported of a statistic: the value type the output stores (the accumulator
/// is what collects samples; this is what is read).
package struct MomentResult: Sendable, Equatable {
    package let count: Int
    package let mean: [Double]
    package let std: [Double]
    package let sem: [Double]
}
