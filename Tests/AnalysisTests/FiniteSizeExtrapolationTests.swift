import Foundation
import Analysis
import SweepDataset
import XCTest

/// `dynsweep extrapolate`'s fit and grid (issue 15, item 1) on `SweepResult` values built here.
final class FiniteSizeExtrapolationTests: XCTestCase {
    /// A sweep over (D, eta) (D the first, slower axis, as dynsweep orders K before eta),
    /// observable X over (point, time) with mean `mean(D, eta, t)` and SEM `sem(D, t)`.
    private func sweep(sizes: [Double], etas: [Double] = [0.1, 0.2], times: Int = 3,
                       mean: (Double, Double, Int) -> Double, sem: (Double, Int) -> Double,
                       theory: ((Double, Double, Int) -> Double)? = nil) -> SweepResult {
        var d: [Double] = [], e: [Double] = [], m: [Double] = [], s: [Double] = [], th: [Double] = []
        for size in sizes {
            for eta in etas {
                d.append(size)
                e.append(eta)
                for t in 0..<times {
                    m.append(mean(size, eta, t))
                    s.append(sem(size, t))
                    th.append(theory?(size, eta, t) ?? 0)
                }
            }
        }
        let points = d.count
        var data: [SweepResult.Variable] = [
            .init(name: "X_mean", dimensions: ["point", "time"], values: .double(m)),
            .init(name: "X_sem", dimensions: ["point", "time"], values: .double(s)),
        ]
        if theory != nil { data.append(.init(name: "X_theory", dimensions: ["point", "time"], values: .double(th))) }
        return SweepResult(
            dimensions: [.init(name: "point", size: points), .init(name: "time", size: times)],
            coordinates: [
                .init(name: "point", dimensions: ["point"], values: .int((0..<Int64(points)).map { $0 })),
                .init(name: "time", dimensions: ["time"], values: .double((0..<times).map(Double.init))),
                .init(name: "D", dimensions: ["point"], values: .int(d.map { Int64($0) })),
                .init(name: "eta", dimensions: ["point"], values: .double(e)),
            ],
            data: data, attributes: [])
    }

    private func values(_ r: SweepResult, _ name: String) throws -> [Double] {
        guard case .double(let v)? = r.data.first(where: { $0.name == name })?.values else {
            throw XCTSkip("no \(name)")
        }
        return v
    }

    /// Means exactly a + b/D (a, b depending on eta and t) give back a to rounding, at both
    /// orders; the chi^2 is 0 to rounding; eta stays a coordinate of the 2 output points.
    func testExactInverseSizeLawIsRecovered() throws {
        let a = { (eta: Double, t: Int) in 0.3 + eta * Double(t + 1) }
        let b = { (eta: Double, t: Int) in -2.5 + 10 * eta - Double(t) }
        for order in [1, 2] {
            let c = order == 2 ? 40.0 : 0
            let r = sweep(sizes: [50, 100, 200, 400], mean: { D, eta, t in a(eta, t) + b(eta, t) / D + c / (D * D) },
                          sem: { D, _ in 0.01 * (100 / D).squareRoot() })
            let (out, summary) = try FiniteSizeExtrapolation.extrapolate(r, size: "D", order: order, observables: ["X"])
            XCTAssertEqual(summary.points, 2)
            XCTAssertEqual(summary.sizes, [50, 100, 200, 400])
            XCTAssertEqual(out.dimension("point")?.size, 2)
            XCTAssertEqual(out.coordinates.first { $0.name == "eta" }?.values, .double([0.1, 0.2]))
            XCTAssertNil(out.coordinates.first { $0.name == "D" })
            let x = try values(out, "X_extrapolated"), chi2 = try values(out, "X_extrapolated_chi2dof")
            for (p, eta) in [0.1, 0.2].enumerated() {
                for t in 0..<3 {
                    XCTAssertEqual(x[p * 3 + t], a(eta, t), accuracy: 1e-12 * max(1, abs(a(eta, t))), "order \(order)")
                    XCTAssertLessThan(chi2[p * 3 + t], 1e-20, "order \(order)")
                }
            }
        }
    }

    /// Order 1 and 2 intercepts and slopes through the fit itself, with a closed form:
    /// two sizes, equal errors s: a = (D2 y2 - D1 y1) / (D2 - D1), Var a = s^2 (D1^2 + D2^2) / (D2 - D1)^2.
    func testTwoSizeClosedForm() {
        let fit = InverseSizeFit.fit(sizes: [100, 300], values: [1.2, 0.9], sems: [0.05, 0.05], order: 1)
        XCTAssertEqual(fit.intercept, (300 * 0.9 - 100 * 1.2) / 200, accuracy: 1e-14)
        let squares: Double = 100 * 100 + 300 * 300
        let expected: Double = 0.05 * squares.squareRoot() / 200
        XCTAssertEqual(fit.interceptSEM, expected, accuracy: 1e-15)
        XCTAssertTrue(fit.chi2PerDegreeOfFreedom.isNaN, "no degrees of freedom")
    }

    /// Gaussian noise with the stated SEMs (seeded): the intercept lies within its reported
    /// error in a fraction of 400 repeats within 0.6827 +- 3 binomial sigma, sigma =
    /// sqrt(0.6827 * 0.3173 / 400) = 0.0233, i.e. [0.613, 0.753] (band fixed before running);
    /// the mean chi^2/dof is within 1 +- 3 sqrt(2 / (dof 400)).
    func testNoisyFitsCoverTheTruthAtTheStatedRate() {
        var rng = SplitMix(seed: 15)
        let sizes: [Double] = [50, 100, 200, 400]
        for order in [1, 2] {
            let dof = Double(sizes.count - order - 1)
            var covered = 0, chi2Sum = 0.0
            let repeats = 400
            for _ in 0..<repeats {
                let sems = sizes.map { 0.02 * (200 / $0).squareRoot() }
                var ys: [Double] = []
                for (D, s) in zip(sizes, sems) {
                    let curvature: Double = order == 2 ? 900 / (D * D) : 0
                    ys.append(1.5 - 30 / D + curvature + s * rng.gaussian())
                }
                let fit = InverseSizeFit.fit(sizes: sizes, values: ys, sems: sems, order: order)
                if abs(fit.intercept - 1.5) <= fit.interceptSEM { covered += 1 }
                chi2Sum += fit.chi2PerDegreeOfFreedom
            }
            let coverage = Double(covered) / Double(repeats)
            XCTAssertGreaterThan(coverage, 0.613, "order \(order)")
            XCTAssertLessThan(coverage, 0.753, "order \(order)")
            XCTAssertEqual(chi2Sum / Double(repeats), 1, accuracy: 3 * (2 / (dof * Double(repeats))).squareRoot(), "order \(order)")
        }
    }

    /// A NaN SEM (or mean) at one size gives NaN at that cell only; exact values beside
    /// noisy ones give NaN; all-exact values give the unweighted fit with NaN chi^2.
    func testNaNAndZeroErrors() throws {
        let r = sweep(sizes: [100, 200, 400], etas: [0.1], mean: { D, _, t in 1 + 1 / D + Double(t) },
                      sem: { D, t in t == 1 && D == 200 ? .nan : (t == 2 ? (D == 400 ? 0 : 0.1) : 0.01) })
        let (out, summary) = try FiniteSizeExtrapolation.extrapolate(r, size: "D", order: 1, observables: ["X"])
        let x = try values(out, "X_extrapolated"), e = try values(out, "X_extrapolated_sem")
        XCTAssertEqual(x[0], 1, accuracy: 1e-12)
        XCTAssertTrue(x[1].isNaN && e[1].isNaN)
        XCTAssertTrue(x[2].isNaN && e[2].isNaN)
        XCTAssertEqual(summary.nanCells, 2)
        let exact = InverseSizeFit.fit(sizes: [100, 200, 400], values: [2.01, 2.005, 2.0025], sems: [0, 0, 0], order: 1)
        XCTAssertEqual(exact.intercept, 2, accuracy: 1e-12)
        XCTAssertEqual(exact.interceptSEM, 0, accuracy: 1e-12)
        XCTAssertTrue(exact.chi2PerDegreeOfFreedom.isNaN)
    }

    /// The theory: one that is the same at every D is that value; one that depends on D
    /// is the largest D's, and the attribute says which.
    func testTheoryBesideTheExtrapolation() throws {
        let fixed = sweep(sizes: [100, 200], mean: { _, _, _ in 1 }, sem: { _, _ in 0.1 }, theory: { _, eta, t in eta + Double(t) })
        let (a, _) = try FiniteSizeExtrapolation.extrapolate(fixed, size: "D", order: 1, observables: ["X"])
        XCTAssertEqual(try values(a, "X_theory"), [0.1, 1.1, 2.1, 0.2, 1.2, 2.2])
        let depends = sweep(sizes: [100, 200], mean: { _, _, _ in 1 }, sem: { _, _ in 0.1 }, theory: { D, _, _ in D })
        let (b, _) = try FiniteSizeExtrapolation.extrapolate(depends, size: "D", order: 1, observables: ["X"])
        XCTAssertEqual(try values(b, "X_theory"), [Double](repeating: 200, count: 6))
        guard case .string(let note)? = b.data.first(where: { $0.name == "X_theory" })?.attributes
            .first(where: { $0.0 == "extrapolation_theory" })?.1 else { return XCTFail("no extrapolation_theory") }
        XCTAssertTrue(note.contains("largest D, 200"), note)
        // compare reads the extrapolated file: X_extrapolated against X_theory.
        XCTAssertEqual(TheoryComparison.comparableObservables(among: a.data.map(\.name)), ["X"])
        let verdicts = try TheoryComparison.verdicts(a, observables: ["X"], threshold: 4)
        XCTAssertEqual(verdicts.count, 2)
    }

    /// Refusals: too few sizes for the order (with how many are needed), a size that is not
    /// swept, a parameter zipped with the size.
    func testRefusals() throws {
        let two = sweep(sizes: [100, 200], mean: { _, _, _ in 1 }, sem: { _, _ in 0.1 })
        XCTAssertThrowsError(try FiniteSizeExtrapolation.extrapolate(two, size: "D", order: 2, observables: ["X"])) {
            XCTAssertTrue("\($0)".contains("needs at least 3 values of D; the file has 2"), "\($0)")
        }
        XCTAssertThrowsError(try FiniteSizeExtrapolation.extrapolate(two, size: "N", order: 1, observables: ["X"])) {
            XCTAssertTrue("\($0)".contains("N is not swept in this file (swept: D, eta)"), "\($0)")
        }
        var zipped = sweep(sizes: [100, 200, 400], etas: [0.1], mean: { _, _, _ in 1 }, sem: { _, _ in 0.1 })
        zipped.coordinates.append(.init(name: "alpha", dimensions: ["point"], values: .double([1, 2, 3])))
        XCTAssertThrowsError(try FiniteSizeExtrapolation.extrapolate(zipped, size: "D", order: 1, observables: ["X"])) {
            XCTAssertTrue("\($0)".contains("alpha changes with D"), "\($0)")
        }
    }
}

/// SplitMix64 with Box-Muller normals: a fixed, seeded stream for the coverage test.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }
    mutating func gaussian() -> Double {
        (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * Double.pi * uniform())
    }
}
