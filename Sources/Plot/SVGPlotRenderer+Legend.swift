/// The legend: a framed box to the right of the plot area, one row per entry with a
/// sample (band swatch and/or line in the entry's style) and its text.
extension SVGPlotRenderer {
    func drawLegend(_ svg: inout SVGWriter, _ entries: [PlotLegendEntry], layout: PlotLayout) {
        guard !entries.isEmpty else { return }
        let row = layout.legendRow
        let height = Double(entries.count) * row + 12
        svg.open("g", [("class", "legend")])
        svg.element("rect", [("class", "legend-frame"), ("x", SVGWriter.number(layout.legendX)),
                             ("y", SVGWriter.number(layout.top)), ("width", SVGWriter.number(layout.legendWidth)),
                             ("height", SVGWriter.number(height)), ("fill", "white"), ("stroke", "#bbbbbb")])
        for (index, entry) in entries.enumerated() {
            let centerY = layout.top + 6 + row * (Double(index) + 0.5)
            let sampleX = layout.legendX + 8
            svg.open("g", [("class", "legend-entry")])
            if entry.band {
                svg.element("rect", [("x", SVGWriter.number(sampleX)), ("y", SVGWriter.number(centerY - fontSize * 0.45)),
                                     ("width", SVGWriter.number(layout.legendSample)),
                                     ("height", SVGWriter.number(fontSize * 0.9)),
                                     ("fill", entry.color.hex), ("fill-opacity", "0.22")])
            }
            if let style = entry.line {
                var attributes: [(String, String)] = [
                    ("x1", SVGWriter.number(sampleX)), ("x2", SVGWriter.number(sampleX + layout.legendSample)),
                    ("y1", SVGWriter.number(centerY)), ("y2", SVGWriter.number(centerY)),
                    ("stroke", entry.color.hex), ("stroke-width", "2"),
                ]
                if style == .dashed { attributes.append(("stroke-dasharray", Self.dashes(width: 2))) }
                svg.element("line", attributes)
            }
            svg.element("text", [("class", "legend-label"), ("x", SVGWriter.number(sampleX + layout.legendSample + 8)),
                                 ("y", SVGWriter.number(centerY + fontSize * 0.35))], text: entry.label)
            svg.close("g")
        }
        svg.close("g")
    }
}
