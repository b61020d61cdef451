import Foundation
import Solvers

func benchSGD(_ args: [String]) throws {
    let n = 784
    let buf = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { buf.deallocate() }
    var s = RandomStream(key: .dynamics(seed: 1, point: 0, realization: 0, substream: 0))
    let reps = 200_000
    let t0 = DispatchTime.now().uptimeNanoseconds
    var acc = 0.0
    for _ in 0..<reps { s.fillGaussian(buf); acc += buf[7] }
    let t1 = DispatchTime.now().uptimeNanoseconds
    let dt = Double(t1 - t0) * 1e-9
    print("fillGaussian: \(dt / Double(reps * n) * 1e9) ns/variate, \(Double(reps)/dt) fills of 784/s  (\(acc))")
    var u: UInt64 = 0
    let t2 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<(reps * n / 2) { u ^= s.nextUInt64() }
    let t3 = DispatchTime.now().uptimeNanoseconds
    print("nextUInt64: \(Double(t3 - t2) / Double(reps * n / 2)) ns/word (\(u & 1))")
}
