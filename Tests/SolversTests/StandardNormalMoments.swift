import Foundation
import XCTest

/// Running sums of z, z², z³, z⁴ and the check that they are N(0, 1)'s within 5 standard
/// errors: for n draws the mean's is 1/√n, the variance's √(2/n), the skewness's √(6/n) and
/// the excess kurtosis's √(24/n). Shared by the ziggurat and Box-Muller sampler tests.
struct StandardNormalMoments {
    private var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0
    private(set) var count = 0

    @inline(__always)
    mutating func add(_ z: Double) {
        let z2 = z * z
        s1 += z
        s2 += z2
        s3 += z2 * z
        s4 += z2 * z2
        count += 1
    }

    func assertStandardNormal(file: StaticString = #filePath, line: UInt = #line) {
        let dn = Double(count)
        let mean = s1 / dn, m2 = s2 / dn
        XCTAssertEqual(mean, 0, accuracy: 5 / dn.squareRoot(), "mean", file: file, line: line)
        XCTAssertEqual(m2 - mean * mean, 1, accuracy: 5 * (2 / dn).squareRoot(), "variance", file: file, line: line)
        XCTAssertEqual((s3 / dn) / pow(m2, 1.5), 0, accuracy: 5 * (6 / dn).squareRoot(), "skewness",
                       file: file, line: line)
        XCTAssertEqual((s4 / dn) / (m2 * m2) - 3, 0, accuracy: 5 * (24 / dn).squareRoot(), "excess kurtosis",
                       file: file, line: line)
    }
}
