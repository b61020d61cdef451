/// A figure as data, before any pixel is placed: titles, axis labels and scales, the
/// filled bands and lines to draw (in that order, so lines sit on top of bands), and the
/// legend. `SVGPlotRenderer` turns it into an SVG document; `SweepFigureBuilder` fills it
/// from a result file. Values may hold NaN or infinities: lines and bands break there.
package struct PlotFigure: Sendable, Equatable {
    package var title: String
    /// A smaller second line under the title (empty: none).
    package var subtitle: String
    package var xAxis: PlotAxisSpec
    package var yAxis: PlotAxisSpec
    /// Drawn first, in order.
    package var bands: [PlotBand]
    /// Drawn over the bands, in order.
    package var lines: [PlotLine]
    /// Shown in a box to the right of the plot area, in order.
    package var legend: [PlotLegendEntry]
    /// Text kept in the SVG as a `<desc>` (e.g. an observable's full long_name).
    package var description: String

    package init(title: String, subtitle: String = "", xAxis: PlotAxisSpec, yAxis: PlotAxisSpec,
                bands: [PlotBand] = [], lines: [PlotLine] = [], legend: [PlotLegendEntry] = [],
                description: String = "") {
        self.title = title
        self.subtitle = subtitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.bands = bands
        self.lines = lines
        self.legend = legend
        self.description = description
    }
}

/// How values map onto an axis.
package enum PlotScale: String, Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; non-positive values cannot be shown and are dropped.
    case log
}

/// One axis: its label and scale.
package struct PlotAxisSpec: Sendable, Equatable {
    package var label: String
    package var scale: PlotScale

    package init(label: String, scale: PlotScale = .linear) {
        self.label = label
        self.scale = scale
    }
}

/// How a line is stroked.
package enum PlotLineStyle: String, Sendable, Equatable {
    case solid
    case dashed
}

/// A polyline through (x[i], y[i]); it breaks wherever a point cannot be shown.
package struct PlotLine: Sendable, Equatable {
    package var x: [Double]
    package var y: [Double]
    package var color: PlotColor
    package var style: PlotLineStyle
    package var width: Double
    /// The SVG `class` of the element (e.g. "mean", "theory"), for styling and tests.
    package var role: String
    /// What the line is (kept as the element's `<title>`, shown as a tooltip).
    package var label: String

    package init(x: [Double], y: [Double], color: PlotColor, style: PlotLineStyle = .solid, width: Double = 1.5,
                role: String = "line", label: String = "") {
        self.x = x
        self.y = y
        self.color = color
        self.style = style
        self.width = width
        self.role = role
        self.label = label
    }
}

/// A filled region between `lower[i]` and `upper[i]` over x[i]: the polygon through the
/// upper edge, then the lower edge reversed. It breaks where x or the upper edge cannot
/// be shown; a lower edge below a log axis is drawn at the bottom of the plot area.
package struct PlotBand: Sendable, Equatable {
    package var x: [Double]
    package var lower: [Double]
    package var upper: [Double]
    package var color: PlotColor
    package var opacity: Double
    package var role: String
    package var label: String

    package init(x: [Double], lower: [Double], upper: [Double], color: PlotColor, opacity: Double = 0.22,
                role: String = "band", label: String = "") {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
        self.role = role
        self.label = label
    }
}

/// One row of the legend: a sample (a short line in some style, optionally over a band
/// swatch) and its text.
package struct PlotLegendEntry: Sendable, Equatable {
    package var label: String
    package var color: PlotColor
    /// The sample line's style (nil: no line).
    package var line: PlotLineStyle?
    /// Whether a band swatch sits under the sample line.
    package var band: Bool

    package init(label: String, color: PlotColor, line: PlotLineStyle? = .solid, band: Bool = false) {
        self.label = label
        self.color = color
        self.line = line
        self.band = band
    }
}
