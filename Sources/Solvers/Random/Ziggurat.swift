import Foundation

/// Standard normal sampling by the ziggurat method (Marsaglia & Tsang, J. Stat. Softw.
/// 5(8), 2000) with 256 layers, in Doornik's formulation (2005) that takes the layer
/// index and a signed uniform from disjoint bits of one random word: here a 32-bit word,
/// bits 0-7 for the layer and bits 8-31 for a signed 24-bit uniform. Half a Philox word
/// per variate makes the generator about 30% faster; the price is resolution: a variate
/// in layer i is a multiple of x_i·2⁻²³ (4.4e-7 or finer, about single precision). The
/// wedge test and the tail beyond r use 53-bit uniforms.
///
/// Layer i (1 ≤ i ≤ 255) is the rectangle [0, x_i] × [f(x_i), f(x_{i+1})] with
/// f(x) = exp(-x²/2); layer 0 is the base strip plus the tail beyond r = x_1. Every layer
/// has area v, so picking one uniformly and a point uniformly inside it is exact; the
/// point is accepted at once when it lies under the next layer's edge (99% of draws),
/// otherwise the wedge test or the tail sampler decides.
public enum Ziggurat {
    /// Right edge of the base layer, r, and the common layer area v (Marsaglia & Tsang).
    static let r = 3.6541528853610088
    static let v = 0.00492867323399

    /// Layer edges x_0 ... x_256 (x_0 = v/f(r) is the base strip's virtual width) and the
    /// acceptance ratios x_{i+1}/x_i.
    struct Tables: Sendable {
        let x: [Double]
        let ratio: [Double]

        init() {
            var x = [Double](repeating: 0, count: 257)
            let fr = exp(-0.5 * r * r)
            x[0] = v / fr
            x[1] = r
            for i in 1..<256 {
                let arg = v / x[i] + exp(-0.5 * x[i] * x[i])
                x[i + 1] = arg >= 1 ? 0 : (-2 * log(arg)).squareRoot()
            }
            x[256] = 0
            self.x = x
            self.ratio = (0..<256).map { x[$0 + 1] / x[$0] }
        }
    }

    static let tables = Tables()

    /// One standard normal variate from `stream`.
    @usableFromInline
    static func sample(_ stream: inout RandomStream) -> Double {
        tables.x.withUnsafeBufferPointer { x in
            tables.ratio.withUnsafeBufferPointer { ratio in
                draw(&stream, x: x.baseAddress.unsafelyUnwrapped, ratio: ratio.baseAddress.unsafelyUnwrapped)
            }
        }
    }

    /// Fills `buffer` with standard normal variates; the same as calling `sample`
    /// `buffer.count` times, without re-fetching the tables for each variate.
    @usableFromInline
    static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, from stream: inout RandomStream) {
        guard let out = buffer.baseAddress else { return }
        tables.x.withUnsafeBufferPointer { xb in
            tables.ratio.withUnsafeBufferPointer { rb in
                let x = xb.baseAddress.unsafelyUnwrapped, ratio = rb.baseAddress.unsafelyUnwrapped
                for i in 0..<buffer.count { out[i] = draw(&stream, x: x, ratio: ratio) }
            }
        }
    }

    @inline(__always)
    static func draw(_ stream: inout RandomStream, x: UnsafePointer<Double>, ratio: UnsafePointer<Double>) -> Double {
        let bits = stream.nextUInt32()
        let layer = Int(bits & 0xFF)
        let u = signedUniform(bits)
        if abs(u) < ratio[layer] { return u * x[layer] }
        return slow(bits, &stream, x: x, ratio: ratio)
    }

    /// The signed uniform in [-1, 1) from bits 8-31 of a 32-bit word.
    @inline(__always)
    static func signedUniform(_ bits: UInt32) -> Double {
        Double(Int32(bitPattern: bits) >> 8) * 0x1p-23
    }

    /// The wedge and tail tests for a word that failed the rectangle test; draws further
    /// words from the stream until a variate is accepted.
    static func slow(_ first: UInt32, _ stream: inout RandomStream,
                     x: UnsafePointer<Double>, ratio: UnsafePointer<Double>) -> Double {
        var bits = first
        while true {
            let layer = Int(bits & 0xFF)
            let u = signedUniform(bits)
            if abs(u) < ratio[layer] { return u * x[layer] }
            if layer == 0 {
                // Tail beyond r (Marsaglia 1964): exact, by rejection from an exponential.
                var t: Double, y: Double
                repeat {
                    t = -log(stream.nextUniform()) / r
                    y = -log(stream.nextUniform())
                } while 2 * y < t * t
                return u < 0 ? -(r + t) : r + t
            }
            let xu = u * x[layer]
            let f0 = exp(-0.5 * (x[layer] * x[layer] - xu * xu))
            let f1 = exp(-0.5 * (x[layer + 1] * x[layer + 1] - xu * xu))
            if f1 + stream.nextUniform() * (f0 - f1) < 1 { return xu }
            bits = stream.nextUInt32()
        }
    }
}
