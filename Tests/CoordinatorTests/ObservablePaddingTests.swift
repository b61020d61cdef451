@testable import Coordinator
import XCTest

/// The index mapping from a point's own observable shape (time, d1, d2, ...) into the
/// output's padded shape (time, D1, D2, ...): row-major on both sides, entries outside
/// the own shape left as they were.
final class ObservablePaddingTests: XCTestCase {
    func testMatrixGoesToTheTopLeftCornerOfEachTime() {
        // own (2, 3) in padded (3, 4), 2 times; source value = 100 t + 10 i + j.
        var source: [Double] = []
        for t in 0..<2 {
            for i in 0..<2 {
                for j in 0..<3 { source.append(Double(100 * t + 10 * i + j)) }
            }
        }
        var out = [Double](repeating: -1, count: 2 * 12)
        ObservablePadding.copy(source[...], ownDims: [2, 3], paddedDims: [3, 4], timeCount: 2, into: &out, at: 0)
        for t in 0..<2 {
            for i in 0..<3 {
                for j in 0..<4 {
                    let expected = i < 2 && j < 3 ? Double(100 * t + 10 * i + j) : -1
                    XCTAssertEqual(out[t * 12 + i * 4 + j], expected, "t=\(t) i=\(i) j=\(j)")
                }
            }
        }
    }

    func testScalarAndVectorObservables() {
        var scalar = [Double](repeating: .nan, count: 3)
        ObservablePadding.copy([1, 2, 3][...], ownDims: [], paddedDims: [], timeCount: 3, into: &scalar, at: 0)
        XCTAssertEqual(scalar, [1, 2, 3])

        var vector = [Double](repeating: -1, count: 2 * 3)
        ObservablePadding.copy([5, 6][...], ownDims: [1], paddedDims: [3], timeCount: 2, into: &vector, at: 0)
        XCTAssertEqual(vector, [5, -1, -1, 6, -1, -1])
    }

    /// `at` is where the point's block begins; a slice keeps its own indices.
    func testWritesAtTheBaseFromASlice() {
        let flat: [Double] = [9, 9, 1, 2, 3, 4, 9]
        var out = [Double](repeating: 0, count: 10)
        ObservablePadding.copy(flat[2..<6], ownDims: [2], paddedDims: [3], timeCount: 2, into: &out, at: 4)
        XCTAssertEqual(out, [0, 0, 0, 0, 1, 2, 0, 3, 4, 0])
    }

    /// Same sizes: a plain copy.
    func testUnpaddedShapeIsAPlainCopy() {
        let source = (0..<24).map(Double.init)
        var out = [Double](repeating: .nan, count: 24)
        ObservablePadding.copy(source[...], ownDims: [3, 4], paddedDims: [3, 4], timeCount: 2, into: &out, at: 0)
        XCTAssertEqual(out, source)
    }
}
