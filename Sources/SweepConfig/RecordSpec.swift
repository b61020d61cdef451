import Foundation

/// When trajectories are recorded: the `[record]` section, resolved. Every sweep point
/// shares one time grid (the output has a single `time` axis).
package struct RecordSpec: Sendable, Equatable {
    /// How record times (and sweep ranges) are spaced.
    package enum Spacing: String, Sendable, CaseIterable {
        /// Evenly spaced, both ends included.
        case linear
        /// Geometrically spaced, both ends included.
        case log
    }

    /// Number of record times (>= 1).
    package let points: Int
    package let spacing: Spacing
    /// First record time of a log grid (nil for a linear grid, which starts at 0; a log
    /// grid without one starts at 1e-3 of the end time).
    package let tMin: Double?

    package init(points: Int, spacing: Spacing, tMin: Double?) {
        self.points = points
        self.spacing = spacing
        self.tMin = tMin
    }

    /// The record times for a run ending at `endTime`, ascending: linear grids are
    /// `points` evenly spaced times on [0, endTime], log grids `points` geometrically
    /// spaced times on [tMin, endTime]; one point is just `endTime`. The last time is
    /// `endTime` exactly. When `discrete`, times are rounded to whole steps (a validated
    /// config guarantees they stay distinct; see `RunConfig.times`).
    package func times(endTime: Double, discrete: Bool) -> [Double] {
        let first = tMin ?? endTime * ConfigSchema.defaultTMinFraction
        let raw = RecordSpec.grid(points: points, spacing: spacing, tMin: first, end: endTime)
        return discrete ? raw.map { $0.rounded() } : raw
    }

    /// The unrounded grid (see `times`).
    static func grid(points: Int, spacing: Spacing, tMin: Double, end: Double) -> [Double] {
        guard points > 1 else { return [end] }
        let n = Double(points - 1)
        var out: [Double]
        switch spacing {
        case .linear:
            out = (0..<points).map { end * Double($0) / n }
        case .log:
            let a = log(tMin), b = log(end)
            out = (0..<points).map { exp(a + Double($0) * (b - a) / n) }
            out[0] = tMin
        }
        out[points - 1] = end
        return out
    }
}
