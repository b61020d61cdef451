/// What a figure's data cover on each axis, and what cannot be shown: values that are
/// not finite, or not positive on a log axis. Lines and bands break at such values;
/// the renderer writes the counts into the SVG as a comment and refuses a figure with
/// nothing left to draw.
struct PlotExtent: Equatable {
    var xLow = Double.infinity, xHigh = -Double.infinity
    var yLow = Double.infinity, yHigh = -Double.infinity
    /// Points (of lines and bands) looked at.
    var total = 0
    /// Points drawn.
    var shown = 0
    /// Points left out because x or y is not a finite number.
    var nonFinite = 0
    /// Points left out because x <= 0 on a log x axis.
    var nonPositiveX = 0
    /// Points left out because y <= 0 on a log y axis.
    var nonPositiveY = 0
    /// Band points whose lower edge is <= 0 on a log y axis (drawn at the bottom edge).
    var pinnedLower = 0

    var isEmpty: Bool { shown == 0 }

    /// Measures every line and band of `figure`.
    init(_ figure: PlotFigure) {
        let xs = figure.xAxis.scale, ys = figure.yAxis.scale
        for line in figure.lines {
            for i in 0..<min(line.x.count, line.y.count) where admit(line.x[i], line.y[i], xs, ys) {
                include(x: line.x[i], y: line.y[i])
            }
        }
        for band in figure.bands {
            for i in 0..<min(band.x.count, band.lower.count, band.upper.count)
            where admit(band.x[i], band.upper[i], xs, ys) {
                include(x: band.x[i], y: band.upper[i])
                if ys.canShow(band.lower[i]) {
                    yLow = min(yLow, band.lower[i])
                } else if band.lower[i].isFinite {
                    pinnedLower += 1
                }
            }
        }
    }

    /// Counts the point and says whether it can be drawn.
    private mutating func admit(_ x: Double, _ y: Double, _ xs: PlotScale, _ ys: PlotScale) -> Bool {
        total += 1
        if !x.isFinite || !y.isFinite {
            nonFinite += 1
        } else if !xs.canShow(x) {
            nonPositiveX += 1
        } else if !ys.canShow(y) {
            nonPositiveY += 1
        } else {
            shown += 1
            return true
        }
        return false
    }

    private mutating func include(x: Double, y: Double) {
        xLow = min(xLow, x)
        xHigh = max(xHigh, x)
        yLow = min(yLow, y)
        yHigh = max(yHigh, y)
    }

    /// One sentence per kind of value left out (empty when everything is drawn).
    var notes: [String] {
        var notes: [String] = []
        if nonPositiveX > 0 {
            notes.append("log x axis: dropped \(nonPositiveX) of \(total) points with x <= 0 (lines break there)")
        }
        if nonPositiveY > 0 {
            notes.append("log y axis: dropped \(nonPositiveY) of \(total) points with y <= 0 (lines break there)")
        }
        if pinnedLower > 0 {
            let points = pinnedLower == 1 ? "1 band point has" : "\(pinnedLower) band points have"
            notes.append("log y axis: \(points) a lower edge <= 0, drawn at the bottom of the axis")
        }
        if nonFinite > 0 {
            // Worded without "NaN" so that the document never contains it.
            notes.append("dropped \(nonFinite) of \(total) points that are not finite numbers (lines break there)")
        }
        return notes
    }
}
