import Foundation

/// The nonlinearity phi of seed 002's network (eq. 1), with the derivatives the DMFT needs:
/// phi' for the backward fields g = phi'(h) z and phi'' for the response of g to h
/// (the single-site equations (10) and their Jacobians).
public enum KernelActivation: String, Sendable, CaseIterable {
    case linear
    case tanh
    case relu

    @inline(__always)
    public func value(_ h: Double) -> Double {
        switch self {
        case .linear: return h
        case .tanh: return Foundation.tanh(h)
        case .relu: return h > 0 ? h : 0
        }
    }

    /// phi'(h) (relu: the step, 1 for h > 0).
    @inline(__always)
    public func derivative(_ h: Double) -> Double {
        switch self {
        case .linear: return 1
        case .tanh:
            let t = Foundation.tanh(h)
            return 1 - t * t
        case .relu: return h > 0 ? 1 : 0
        }
    }

    /// phi''(h) (relu: 0 away from the kink, where the Gaussian fields put no mass).
    @inline(__always)
    public func secondDerivative(_ h: Double) -> Double {
        switch self {
        case .linear, .relu: return 0
        case .tanh:
            let t = Foundation.tanh(h)
            return -2 * t * (1 - t * t)
        }
    }
}
