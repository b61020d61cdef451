import Foundation

extension PlotScale {
    /// Whether `value` has a place on an axis of this scale: finite, and positive on a
    /// log axis.
    package func canShow(_ value: Double) -> Bool {
        value.isFinite && (self == .linear || value > 0)
    }
}

/// Maps data values of one axis to pixels: `range.lower` to `start`, `range.upper` to
/// `end` (linearly in the value, or in its logarithm).
struct PlotAxisMap {
    let range: PlotAxisRange
    let start: Double
    let end: Double

    /// How far outside the plot area a pixel may land before it is pinned (the clip
    /// path hides it; pinning only keeps the numbers small).
    static let pinLimit = 1e5

    var scale: PlotScale { range.scale }

    /// The pixel of `value`, which the caller has checked with `scale.canShow`.
    func pixel(_ value: Double) -> Double {
        let fraction: Double
        switch range.scale {
        case .linear:
            fraction = (value - range.lower) / (range.upper - range.lower)
        case .log:
            fraction = (log10(value) - log10(range.lower)) / (log10(range.upper) - log10(range.lower))
        }
        let pixel = start + fraction * (end - start)
        guard pixel.isFinite else { return start }
        return min(max(pixel, -Self.pinLimit), Self.pinLimit)
    }

    /// Whether `value` lies on the axis (within rounding), for ticks.
    func contains(_ value: Double) -> Bool {
        let slack = range.scale == .log ? range.lower * 1e-9 : (range.upper - range.lower) * 1e-9
        return value >= range.lower - slack && value <= range.upper + slack
    }
}
