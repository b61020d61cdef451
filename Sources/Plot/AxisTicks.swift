import Foundation

/// A labelled tick on an axis. A label with an exponent reads "`label`^`exponent`"
/// (e.g. "10" and "−3" for 10⁻³; the renderer sets the exponent as a superscript).
package struct PlotTick: Sendable, Equatable {
    package let value: Double
    package let label: String
    package let exponent: String?

    package init(value: Double, label: String, exponent: String? = nil) {
        self.value = value
        self.label = label
        self.exponent = exponent
    }

    /// The label as one line of plain text ("10^-3" style), for messages and tests.
    package var plainLabel: String {
        guard let exponent else { return label }
        return label + "^" + exponent
    }
}

/// The extent of an axis in data units and its ticks, chosen from the data's extent.
package struct PlotAxisRange: Sendable, Equatable {
    package let scale: PlotScale
    package let lower: Double
    package let upper: Double
    /// Labelled ticks, increasing, all within [lower, upper].
    package let ticks: [PlotTick]
    /// Unlabelled small ticks (2..9 times each decade on log axes).
    package let minorTicks: [Double]
}

/// "Nice" ticks. Linear axes: steps of 1, 2 or 5 times a power of ten, the axis widened
/// to whole steps so that both ends carry a label. Log axes: the data's extent (plus a
/// little room) with labels at the decades, at 1-2-5 when it spans less than two
/// decades, and linear nice ticks when it spans less than one.
package enum AxisTicks {
    /// How many labelled ticks a linear axis aims for.
    static let targetCount = 6.0
    /// U+2212, the typographic minus sign used in labels.
    package static let minus = "\u{2212}"

    /// The axis for data from `low` to `high` (finite; positive on a log axis).
    package static func range(scale: PlotScale, low: Double, high: Double) -> PlotAxisRange {
        switch scale {
        case .linear: return linear(low: low, high: high)
        case .log: return log(low: low, high: high)
        }
    }

    // MARK: Linear

    /// A linear axis widened to whole 1-2-5 steps around [low, high].
    package static func linear(low: Double, high: Double) -> PlotAxisRange {
        var (low, high) = (min(low, high), max(low, high))
        if high - low <= Swift.max(abs(low), abs(high)) * 1e-12 {
            let pad = low == 0 ? 1.0 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = niceStep((high - low) / targetCount)
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        let values = stride(from: first, through: last, by: 1).map { k -> Double in
            let value = k * step
            return abs(value) < step * 1e-9 ? 0 : value
        }
        let ticks = values.map { PlotTick(value: $0, label: format($0, step: step)) }
        return PlotAxisRange(scale: .linear, lower: first * step, upper: last * step, ticks: ticks, minorTicks: [])
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        return nice * magnitude
    }

    /// `value` with as many decimals as `step` needs (scientific for very large or
    /// small steps), with a typographic minus.
    static func format(_ value: Double, step: Double) -> String {
        let text: String
        let scientific = step >= 1e5 || step < 1e-4
        if value == 0 && scientific {
            text = "0"
        } else if scientific {
            let exponent = Int((log10(abs(value))).rounded(.down))
            let digits = Swift.max(0, exponent - Int((log10(step)).rounded(.down)))
            text = String(format: "%.\(digits)e", value)
        } else {
            let decimals = Swift.max(0, -Int((log10(step) + 1e-9).rounded(.down)))
            text = String(format: "%.\(decimals)f", value == 0 ? 0 : value)  // never "-0.0"
        }
        return text.replacingOccurrences(of: "-", with: minus)
    }

    // MARK: Logarithmic

    /// A log axis over [low, high] (both positive) with 2% of its span as room.
    package static func log(low: Double, high: Double) -> PlotAxisRange {
        var (a, b) = (log10(min(low, high)), log10(max(low, high)))
        if b - a < 1e-9 { (a, b) = (a - 0.5, b + 0.5) }
        let pad = (b - a) * 0.02
        (a, b) = (a - pad, b + pad)
        let lower = pow(10, a), upper = pow(10, b)
        let firstDecade = Int((a - 1e-9).rounded(.up)), lastDecade = Int((b + 1e-9).rounded(.down))
        let decades = firstDecade <= lastDecade ? Array(firstDecade...lastDecade) : []

        // One style for the whole axis: plain numbers when every label is between 0.01
        // and 5000, powers of ten otherwise.
        let plain = firstDecade - 1 >= -2 && lastDecade <= 3
        var ticks: [PlotTick]
        if decades.count >= 3 {
            let every = Swift.max(1, Int((Double(decades.count) / 8).rounded(.up)))
            ticks = decades.filter { $0 % every == 0 }.map { decadeTick($0, plain: plain) }
        } else {
            ticks = (firstDecade - 1...lastDecade + 1).flatMap { k in
                [1.0, 2, 5].map { m in (m, k) }
            }.filter { m, k in
                let value = m * pow(10, Double(k))
                return value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9)
            }.map { m, k in m == 1 ? decadeTick(k, plain: plain) : multipleTick(m, k, plain: plain) }
        }
        if ticks.count < 2 {
            // Less than a decade: linear nice ticks inside the extent.
            let inner = linear(low: lower, high: upper)
            let step = inner.ticks.count > 1 ? inner.ticks[1].value - inner.ticks[0].value : upper - lower
            ticks = inner.ticks.filter { $0.value >= lower && $0.value <= upper }
                .map { PlotTick(value: $0.value, label: format($0.value, step: step)) }
        }
        var minor: [Double] = []
        if lastDecade - firstDecade <= 10 {
            for k in (firstDecade - 1)...lastDecade {
                for m in 2...9 {
                    let value = Double(m) * pow(10, Double(k))
                    if value > lower && value < upper { minor.append(value) }
                }
            }
        }
        return PlotAxisRange(scale: .log, lower: lower, upper: upper, ticks: ticks, minorTicks: minor)
    }

    /// 10^k, as a plain number ("0.01") or as a power of ten.
    static func decadeTick(_ k: Int, plain: Bool) -> PlotTick {
        let value = pow(10, Double(k))
        if plain {
            return PlotTick(value: value, label: k >= 0 ? String(format: "%.0f", value) : String(format: "%.\(-k)f", value))
        }
        return PlotTick(value: value, label: "10", exponent: (k < 0 ? minus : "") + "\(abs(k))")
    }

    /// m x 10^k for m = 2 or 5, as a plain number ("0.05") or as "m×10^k".
    static func multipleTick(_ m: Double, _ k: Int, plain: Bool) -> PlotTick {
        let value = m * pow(10, Double(k))
        if plain {
            return PlotTick(value: value, label: String(format: "%.\(Swift.max(0, -k))f", value))
        }
        return PlotTick(value: value, label: String(format: "%.0f", m) + "\u{00D7}10",
                        exponent: (k < 0 ? minus : "") + "\(abs(k))")
    }
}
