import XCTest
@testable import Solvers
import VectorKernels

/// The fused SGD pass (issue 16) against a plain loop written from its definition, across
/// instruction sets, and the teacher's basis (`TeacherBasis`).
final class SGDKernelTests: XCTestCase {
    /// Deterministic test data in [-1, 1).
    private func values(_ count: Int, seed: UInt64) -> [Double] {
        var stream = RandomStream(key: .disorder(seed: seed, realization: 0, substream: 0))
        return (0..<count).map { _ in 2 * stream.nextUniform() - 1 }
    }

    func testFusedPassMatchesThePlainLoopForBatchOneAndMinibatches() {
        let width = 24, inputStride = 32, rows = 8, updateRows = 4
        for batch in [1, 3] {
            let w0 = values(rows * width, seed: 1), previous = values(batch * inputStride, seed: 2)
            let inputs = values(batch * inputStride, seed: 3), c = values(batch * updateRows, seed: 4)
            let scale = 0.3, fieldStride = rows + 2
            // The definition: update rows < updateRows, then fields of every row and sample.
            var expectedW = w0
            for r in 0..<updateRows {
                for j in 0..<width {
                    for p in 0..<batch { expectedW[r * width + j] += c[p * updateRows + r] * previous[p * inputStride + j] }
                }
            }
            var expectedFields = [Double](repeating: 0, count: batch * fieldStride)
            for s in 0..<batch {
                for r in 0..<rows {
                    var sum = 0.0
                    for j in 0..<width { sum += expectedW[r * width + j] * inputs[s * inputStride + j] }
                    expectedFields[s * fieldStride + r] = sum * scale
                }
            }
            var reference: ([Double], [Double])?
            for isa in VectorInstructionSet.available {
                var w = w0, fields = [Double](repeating: 0, count: batch * fieldStride)
                w.withUnsafeMutableBufferPointer { wp in
                    fields.withUnsafeMutableBufferPointer { fp in
                        c.withUnsafeBufferPointer { cp in
                            previous.withUnsafeBufferPointer { pp in
                                FusedSGDPass.run(weights: wp.baseAddress!, width: width, rows: rows, updateRows: updateRows,
                                                 update: (cp.baseAddress!, pp.baseAddress!), inputs: inputs,
                                                 inputStride: inputStride, batch: batch, scale: scale,
                                                 fields: fp.baseAddress!, fieldStride: fieldStride, on: isa)
                            }
                        }
                    }
                }
                XCTAssertEqual(w, expectedW, "batch \(batch): the update is added in the defined order, exactly")
                for i in fields.indices {
                    XCTAssertEqual(fields[i], expectedFields[i], accuracy: 1e-14, "batch \(batch), field \(i)")
                }
                if let (rw, rf) = reference {
                    XCTAssertEqual(w, rw, "isa \(isa)")
                    XCTAssertEqual(fields.map(\.bitPattern), rf.map(\.bitPattern), "isa \(isa): fields bit-identical")
                } else {
                    reference = (w, fields)
                }
            }
        }
    }

    func testTeacherBasisFactorsTheGramMatrix() throws {
        let M = 5, N = 40, stride = 40
        let rows = values(M * stride, seed: 9)
        let L = try XCTUnwrap(rows.withUnsafeBufferPointer {
            TeacherBasis.lowerFactor(rows: $0.baseAddress!, M: M, N: N, stride: stride)
        })
        for a in 0..<M {
            for b in 0..<M {
                var gram = 0.0, product = 0.0
                for j in 0..<N { gram += rows[a * stride + j] * rows[b * stride + j] }
                for k in 0..<M { product += L[a * M + k] * L[b * M + k] }
                XCTAssertEqual(product, gram, accuracy: 1e-12 * max(1, abs(gram)), "(L Lᵀ)[\(a), \(b)]")
                if b > a { XCTAssertEqual(L[a * M + b], 0, "L is lower-triangular") }
            }
        }
        // More rows than dimensions, or dependent rows: no factor (the caller keeps W*).
        XCTAssertNil(rows.withUnsafeBufferPointer { TeacherBasis.lowerFactor(rows: $0.baseAddress!, M: M, N: 4, stride: stride) })
        var dependent = rows
        for j in 0..<N { dependent[4 * stride + j] = dependent[j] + dependent[stride + j] }
        XCTAssertNil(dependent.withUnsafeBufferPointer { TeacherBasis.lowerFactor(rows: $0.baseAddress!, M: M, N: N, stride: stride) })
    }

    /// The simulation's T and initial R, Q in the teacher's basis are the overlaps of the
    /// drawn rows (T exactly up to rounding; R and Q have the law of the drawn frame, checked
    /// statistically by the theory-vs-simulation tests).
    func testSimulationOverlapsInTheTeachersBasis() throws {
        for (N, M) in [(50, 3), (6, 9)] {  // basis change, and M > N where W* is kept
            let setup = try TeacherStudentSetup(["N": .int(N), "M": .int(M), "K": 2, "t_max": 1])
            let seed = RealizationSeed(runSeed: 77, point: 0, realization: 4)
            let sim = SGDSimulation(setup: setup, teacher: seed.disorder(0), student: seed.disorder(1),
                                    secondLayer: seed.disorder(2), data: seed.dynamics(0), noise: seed.dynamics(1))
            var teacherStream = seed.disorder(0)
            let drawn = (0..<M).map { _ in teacherStream.gaussians(N) }
            let order = sim.orderParameters()
            for n in 0..<M {
                for m in 0..<M {
                    let t = zip(drawn[n], drawn[m]).map { $0 * $1 }.reduce(0, +) / Double(N)
                    XCTAssertEqual(order.T[n * M + m], t, accuracy: 1e-12, "N \(N), M \(M): T[\(n), \(m)]")
                }
            }
            XCTAssertEqual(sim.teacherWidth, M <= N ? 8 : sim.stride, "N \(N), M \(M): teacher row length")
        }
    }
}
