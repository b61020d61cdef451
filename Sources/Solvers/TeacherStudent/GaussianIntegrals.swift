import Foundation

/// The Gaussian averages of seed 001, eqs. (27)-(30), over jointly Gaussian local fields
/// with zero mean and covariance C (C11 = <u1 u1>, C12 = <u1 u2>, ...):
///
///     I2 = <g(u1) g(u2)>,            I3 = <g'(u1) u2 g(u3)>,
///     I4 = <g'(u1) g'(u2) g(u3) g(u4)>, J2 = <g'(u1) g'(u2)>.
///
/// For g(x) = erf(x / sqrt 2) these are the closed forms of Saad & Solla (1995) quoted in
/// PLATFORM.md (seed 001, eq. (31) for I2); for g(x) = x they are I2 = C12, I3 = C23,
/// I4 = C34, J2 = 1. The ODE right-hand side (`OrderParameterFlow`) uses hoisted
/// versions of the same formulas; these scalar forms are the reference it is tested
/// against, and what the Monte Carlo test checks.
public enum GaussianIntegrals {
    /// I2 = <g(u1) g(u2)>.
    public static func i2(_ g: Activation, c11: Double, c12: Double, c22: Double) -> Double {
        switch g {
        case .linear: return c12
        case .erf: return twoOverPi * safeAsin(c12 / ((1 + c11) * (1 + c22)).squareRoot())
        }
    }

    /// I3 = <g'(u1) u2 g(u3)> (independent of C22).
    public static func i3(_ g: Activation, c11: Double, c12: Double, c13: Double,
                          c23: Double, c33: Double) -> Double {
        switch g {
        case .linear: return c23
        case .erf:
            let p = 1 + c11
            return twoOverPi * (c23 * p - c12 * c13) / (p * (p * (1 + c33) - c13 * c13).squareRoot())
        }
    }

    /// I4 = <g'(u1) g'(u2) g(u3) g(u4)>.
    public static func i4(_ g: Activation, c11: Double, c12: Double, c13: Double, c14: Double,
                          c22: Double, c23: Double, c24: Double,
                          c33: Double, c34: Double, c44: Double) -> Double {
        switch g {
        case .linear: return c34
        case .erf:
            let l4 = (1 + c11) * (1 + c22) - c12 * c12
            let l0 = l4 * c34 - c23 * c24 * (1 + c11) - c13 * c14 * (1 + c22) + c12 * c13 * c24 + c12 * c14 * c23
            let l1 = l4 * (1 + c33) - c23 * c23 * (1 + c11) - c13 * c13 * (1 + c22) + 2 * c12 * c13 * c23
            let l2 = l4 * (1 + c44) - c24 * c24 * (1 + c11) - c14 * c14 * (1 + c22) + 2 * c12 * c14 * c24
            return fourOverPiSquared * safeAsin(l0 / (l1 * l2).squareRoot()) / l4.squareRoot()
        }
    }

    /// J2 = <g'(u1) g'(u2)>.
    public static func j2(_ g: Activation, c11: Double, c12: Double, c22: Double) -> Double {
        switch g {
        case .linear: return 1
        case .erf: return twoOverPi / (1 + c11 + c22 + c11 * c22 - c12 * c12).squareRoot()
        }
    }
}

let twoOverPi = 2 / Double.pi
let fourOverPiSquared = 4 / (Double.pi * Double.pi)

/// asin with its argument clamped to [-1, 1]: a valid covariance keeps it there, and
/// rounding at a degenerate covariance (two identical fields) must not turn it into NaN.
/// NaN passes through, so a blown-up state stays visibly non-finite.
@inline(__always)
func safeAsin(_ x: Double) -> Double {
    asin(x > 1 ? 1 : (x < -1 ? -1 : x))
}
