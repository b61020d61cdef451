/// Copies one observable's trajectory from its own shape at a sweep point, (time, d1,
/// d2, ...), into the output's padded shape (time, D1, D2, ...) with Di >= di; entries
/// outside the point's own shape are left as they are (NaN-filled by the caller).
enum ObservablePadding {
    static func copy(_ source: ArraySlice<Double>, ownDims: [Int], paddedDims: [Int], timeCount: Int,
                     into out: inout [Double], at base: Int) {
        let ownPerTime = ownDims.reduce(1, *)
        let paddedPerTime = paddedDims.reduce(1, *)
        var s = source.startIndex
        for t in 0..<timeCount {
            for flat in 0..<ownPerTime {
                // Row-major index in the point's own shape -> index in the padded shape.
                var rest = flat, paddedIndex = 0, step = 1
                for axis in stride(from: ownDims.count - 1, through: 0, by: -1) {
                    let coordinate = rest % ownDims[axis]
                    rest /= ownDims[axis]
                    paddedIndex += coordinate * step
                    step *= paddedDims[axis]
                }
                out[base + t * paddedPerTime + paddedIndex] = source[s]
                s += 1
            }
        }
    }
}
