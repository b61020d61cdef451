import Foundation

/// Draws a `PlotFigure` as a self-contained SVG document, with no dependencies: axes
/// with nice ticks (linear or log), axis labels, a title, bands and lines clipped to the
/// plot area, and a legend to the right of it. Values that cannot be shown (NaN,
/// infinities, non-positive values on a log axis) break lines and bands; how many were
/// left out is said in a comment inside the SVG. The output is plain, well-formed XML:
/// elements carry a `class` ("band", "mean", "theory", "tick-label x", "legend-label"...)
/// so that tools and tests can find them.
package struct SVGPlotRenderer: Sendable {
    /// Size of the plot area (the axes' box), in pixels.
    package var plotWidth: Double
    package var plotHeight: Double
    /// Font size of tick labels, axis labels and the legend (the title is larger).
    package var fontSize: Double

    /// The comment every figure carries near its start, so that `dynsweep plot --force`
    /// overwrites only a file it wrote itself, never a result or another document.
    package static let marker = "written by dynsweep plot"

    package init(plotWidth: Double = 560, plotHeight: Double = 380, fontSize: Double = 12) {
        self.plotWidth = plotWidth
        self.plotHeight = plotHeight
        self.fontSize = fontSize
    }

    /// The SVG document. Throws `PlotError.nothingToDraw` when no point of any line or
    /// band can be shown on the figure's axes.
    package func render(_ figure: PlotFigure) throws -> String {
        let extent = PlotExtent(figure)
        guard !extent.isEmpty else { throw PlotError.nothingToDraw(reason: Self.emptyReason(extent)) }
        let xRange = AxisTicks.range(scale: figure.xAxis.scale, low: extent.xLow, high: extent.xHigh)
        let yRange = AxisTicks.range(scale: figure.yAxis.scale, low: extent.yLow, high: extent.yHigh)
        let layout = PlotLayout(renderer: self, figure: figure, yTicks: yRange.ticks)
        let x = PlotAxisMap(range: xRange, start: layout.left, end: layout.left + plotWidth)
        let y = PlotAxisMap(range: yRange, start: layout.top + plotHeight, end: layout.top)

        var svg = SVGWriter()
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", SVGWriter.number(layout.width)), ("height", SVGWriter.number(layout.height)),
            ("viewBox", "0 0 \(SVGWriter.number(layout.width)) \(SVGWriter.number(layout.height))"),
            ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
            ("font-size", SVGWriter.number(fontSize)),
        ])
        svg.comment(Self.marker)
        svg.element("title", text: figure.title)
        if !figure.description.isEmpty { svg.element("desc", text: figure.description) }
        for note in extent.notes { svg.comment(note) }
        svg.element("rect", [("class", "background"), ("width", "100%"), ("height", "100%"), ("fill", "white")])
        svg.open("defs")
        svg.open("clipPath", [("id", "plot-area")])
        svg.element("rect", layout.plotAreaAttributes)
        svg.close("clipPath")
        svg.close("defs")

        drawGrid(&svg, x: x, y: y, layout: layout)
        svg.open("g", [("class", "data"), ("clip-path", "url(#plot-area)")])
        for band in figure.bands { drawBand(&svg, band, x: x, y: y) }
        for line in figure.lines { drawLine(&svg, line, x: x, y: y) }
        svg.close("g")
        drawAxes(&svg, figure: figure, x: x, y: y, layout: layout)
        drawTitle(&svg, figure: figure, layout: layout)
        drawLegend(&svg, figure.legend, layout: layout)
        svg.close("svg")
        return svg.document
    }

    /// Why nothing could be drawn, in one sentence.
    static func emptyReason(_ extent: PlotExtent) -> String {
        guard extent.total > 0 else { return "the figure has no data" }
        var parts: [String] = []
        if extent.nonFinite > 0 { parts.append("\(extent.nonFinite) are NaN or infinite") }
        if extent.nonPositiveX > 0 { parts.append("\(extent.nonPositiveX) have x <= 0 on the log x axis") }
        if extent.nonPositiveY > 0 { parts.append("\(extent.nonPositiveY) have y <= 0 on the log y axis") }
        return "none of the \(extent.total) points can be shown: " + parts.joined(separator: ", ")
    }

    /// Estimated width of `text` in pixels at `size` (about 0.6 em per character; good
    /// enough to size margins and the legend without font metrics).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `<title>` child markup (a tooltip naming the element), empty for no label.
    static func tooltip(_ label: String) -> String? {
        label.isEmpty ? nil : "<title>\(SVGWriter.escape(label))</title>"
    }
}
