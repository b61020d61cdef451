/// Orthonormal vectors by modified Gram-Schmidt, applied twice for orthogonality to
/// rounding: kernel_dmft's whitened inputs and gated_rnn's orthogonal initialization.
enum Orthonormal {
    /// Orthonormalizes in place the `count` row vectors of length `length` stored
    /// row-major in `v` (count <= length; a vector that vanishes becomes zero).
    static func orthonormalizeRows(_ v: inout [Double], count k: Int, length n: Int) {
        for i in 0..<k {
            for _ in 0..<2 {
                for j in 0..<i {
                    var dot = 0.0
                    for e in 0..<n { dot += v[i * n + e] * v[j * n + e] }
                    for e in 0..<n { v[i * n + e] -= dot * v[j * n + e] }
                }
            }
            var norm = 0.0
            for e in 0..<n { norm += v[i * n + e] * v[i * n + e] }
            let scale = norm > 0 ? 1 / norm.squareRoot() : 0
            for e in 0..<n { v[i * n + e] *= scale }
        }
    }

    /// A random `rows` x `columns` row-major matrix Q with Q Q^T = I (rows <= columns) or
    /// Q^T Q = I (rows > columns), from Gaussians of `stream`; for a square one, Haar-distributed.
    static func matrix(rows: Int, columns: Int, from stream: inout RandomStream) -> [Double] {
        // Orthonormalize the k vectors of length n along the shorter side.
        let k = min(rows, columns), n = max(rows, columns)
        var v = stream.gaussians(k * n)
        orthonormalizeRows(&v, count: k, length: n)
        guard rows > columns else { return v }  // rows are the vectors
        var q = [Double](repeating: 0, count: rows * columns)
        for i in 0..<k { for e in 0..<n { q[e * columns + i] = v[i * n + e] } }
        return q
    }
}
