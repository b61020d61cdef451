/// Where the parts of a figure go, in pixels: margins sized to the tick labels, the
/// title and the legend, the plot area, and the whole canvas.
struct PlotLayout {
    let left: Double
    let top: Double
    let plotWidth: Double
    let plotHeight: Double
    let fontSize: Double
    let legendX: Double
    let legendWidth: Double
    let width: Double
    let height: Double

    /// Height of one legend row.
    var legendRow: Double { fontSize * 1.6 }
    /// Width of a legend entry's sample line.
    var legendSample: Double { 30 }
    var bottom: Double { top + plotHeight }
    var right: Double { left + plotWidth }

    init(renderer: SVGPlotRenderer, figure: PlotFigure, yTicks: [PlotTick]) {
        let size = renderer.fontSize
        fontSize = size
        plotWidth = renderer.plotWidth
        plotHeight = renderer.plotHeight
        let tickText = yTicks.map { tick in
            SVGPlotRenderer.textWidth(tick.label, size: size)
                + SVGPlotRenderer.textWidth(tick.exponent ?? "", size: size * 0.75)
        }.max() ?? 0
        left = 10 + size * 1.4 + 8 + tickText + 8
        top = 14 + size * 1.5 + (figure.subtitle.isEmpty ? 0 : size * 1.4) + 12
        let labels = figure.legend.map { SVGPlotRenderer.textWidth($0.label, size: size) }.max() ?? 0
        legendWidth = figure.legend.isEmpty ? 0 : 8 + 30 + 8 + labels + 10
        legendX = left + plotWidth + 18
        let legendHeight = Double(figure.legend.count) * size * 1.6 + 12
        let titleWidth = SVGPlotRenderer.textWidth(figure.title, size: size * 1.3) + 20
        width = max(legendX + legendWidth + 12, titleWidth)
        height = max(top + plotHeight + 8 + size * 1.4 + 10 + size * 1.4 + 10, top + legendHeight + 12)
    }

    /// x, y, width, height of the plot area as SVG attributes.
    var plotAreaAttributes: [(String, String)] {
        [("x", SVGWriter.number(left)), ("y", SVGWriter.number(top)),
         ("width", SVGWriter.number(plotWidth)), ("height", SVGWriter.number(plotHeight))]
    }
}
