/// The axes: light grid lines at the labelled ticks, the frame of the plot area, ticks
/// (short ones for the minor ticks of log axes), tick labels, axis labels and the title.
extension SVGPlotRenderer {
    func drawGrid(_ svg: inout SVGWriter, x: PlotAxisMap, y: PlotAxisMap, layout: PlotLayout) {
        svg.open("g", [("class", "grid"), ("stroke", "#e4e4e4"), ("stroke-width", "1")])
        for tick in x.range.ticks where x.contains(tick.value) {
            let px = SVGWriter.number(x.pixel(tick.value))
            svg.element("line", [("x1", px), ("x2", px),
                                 ("y1", SVGWriter.number(layout.top)), ("y2", SVGWriter.number(layout.bottom))])
        }
        for tick in y.range.ticks where y.contains(tick.value) {
            let py = SVGWriter.number(y.pixel(tick.value))
            svg.element("line", [("x1", SVGWriter.number(layout.left)), ("x2", SVGWriter.number(layout.right)),
                                 ("y1", py), ("y2", py)])
        }
        svg.close("g")
    }

    func drawAxes(_ svg: inout SVGWriter, figure: PlotFigure, x: PlotAxisMap, y: PlotAxisMap, layout: PlotLayout) {
        svg.element("rect", [("class", "frame")] + layout.plotAreaAttributes
                    + [("fill", "none"), ("stroke", "#222222"), ("stroke-width", "1")])
        let major = 6.0, minor = 3.0
        svg.open("g", [("class", "ticks"), ("stroke", "#222222"), ("stroke-width", "1")])
        for (value, length) in x.range.ticks.map({ ($0.value, major) }) + x.range.minorTicks.map({ ($0, minor) })
        where x.contains(value) {
            let px = SVGWriter.number(x.pixel(value))
            svg.element("line", [("x1", px), ("x2", px), ("y1", SVGWriter.number(layout.bottom)),
                                 ("y2", SVGWriter.number(layout.bottom + length))])
        }
        for (value, length) in y.range.ticks.map({ ($0.value, major) }) + y.range.minorTicks.map({ ($0, minor) })
        where y.contains(value) {
            let py = SVGWriter.number(y.pixel(value))
            svg.element("line", [("x1", SVGWriter.number(layout.left - length)), ("x2", SVGWriter.number(layout.left)),
                                 ("y1", py), ("y2", py)])
        }
        svg.close("g")

        for tick in x.range.ticks where x.contains(tick.value) {
            svg.element("text", [("class", "tick-label x"), ("x", SVGWriter.number(x.pixel(tick.value))),
                                 ("y", SVGWriter.number(layout.bottom + major + 3 + fontSize)),
                                 ("text-anchor", "middle")], markup: Self.tickMarkup(tick))
        }
        for tick in y.range.ticks where y.contains(tick.value) {
            svg.element("text", [("class", "tick-label y"), ("x", SVGWriter.number(layout.left - major - 4)),
                                 ("y", SVGWriter.number(y.pixel(tick.value) + fontSize * 0.35)),
                                 ("text-anchor", "end")], markup: Self.tickMarkup(tick))
        }

        let xLabelY = layout.bottom + major + 3 + fontSize + 10 + fontSize * 1.1
        svg.element("text", [("class", "axis-label x"), ("x", SVGWriter.number(layout.left + layout.plotWidth / 2)),
                             ("y", SVGWriter.number(xLabelY)), ("text-anchor", "middle")], text: figure.xAxis.label)
        let yLabelX = 10 + fontSize
        let yLabelY = layout.top + layout.plotHeight / 2
        svg.element("text", [("class", "axis-label y"), ("x", SVGWriter.number(yLabelX)), ("y", SVGWriter.number(yLabelY)),
                             ("text-anchor", "middle"),
                             ("transform", "rotate(-90 \(SVGWriter.number(yLabelX)) \(SVGWriter.number(yLabelY)))")],
                    text: figure.yAxis.label)
    }

    func drawTitle(_ svg: inout SVGWriter, figure: PlotFigure, layout: PlotLayout) {
        let titleY = 14 + fontSize * 1.3
        svg.element("text", [("class", "title"), ("x", SVGWriter.number(layout.left)), ("y", SVGWriter.number(titleY)),
                             ("font-size", SVGWriter.number(fontSize * 1.3)), ("font-weight", "bold")],
                    text: figure.title)
        if !figure.subtitle.isEmpty {
            svg.element("text", [("class", "subtitle"), ("x", SVGWriter.number(layout.left)),
                                 ("y", SVGWriter.number(titleY + fontSize * 1.4)), ("fill", "#444444")],
                        text: figure.subtitle)
        }
    }

    /// A tick label's content: the text, and the exponent raised as a superscript.
    static func tickMarkup(_ tick: PlotTick) -> String {
        var markup = SVGWriter.escape(tick.label)
        if let exponent = tick.exponent {
            markup += "<tspan class=\"exponent\" dy=\"-0.45em\" font-size=\"75%\">\(SVGWriter.escape(exponent))</tspan>"
        }
        return markup
    }
}
