#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hidden-unit activation g of teacher and student (seed 001, eqs. (7)-(8)).
///
/// `erf` is Saad & Solla's g(x) = erf(x / sqrt 2), for which every Gaussian average the
/// order-parameter ODEs need has a closed form (`GaussianIntegrals`); `linear` is
/// g(x) = x, for which they reduce to covariances.
public enum Activation: String, Sendable, CaseIterable {
    case erf
    case linear

    /// g(x).
    @inlinable
    public func g(_ x: Double) -> Double {
        switch self {
        case .erf: return scaledErf(x)
        case .linear: return x
        }
    }

    /// g'(x): sqrt(2/pi) exp(-x^2/2) for erf, 1 for linear.
    @inlinable
    public func gPrime(_ x: Double) -> Double {
        switch self {
        case .erf: return erfSlope * exp(-0.5 * x * x)
        case .linear: return 1
        }
    }
}

/// sqrt(2/pi), the slope of erf(x / sqrt 2) at 0.
@usableFromInline let erfSlope = (2.0 / Double.pi).squareRoot()

/// erf(x / sqrt 2). A free function because inside `Activation` the name `erf` is the case.
@inlinable
func scaledErf(_ x: Double) -> Double {
    erf(x * 0.70710678118654752440)
}
