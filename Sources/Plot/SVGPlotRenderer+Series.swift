/// The data: each line as one `<path>` (one subpath per unbroken run of points), each
/// band as one `<path>` of closed polygons (upper edge forward, lower edge back).
extension SVGPlotRenderer {
    func drawLine(_ svg: inout SVGWriter, _ line: PlotLine, x: PlotAxisMap, y: PlotAxisMap) {
        var runs: [[(Double, Double)]] = [[]]
        for i in 0..<min(line.x.count, line.y.count) {
            if x.scale.canShow(line.x[i]) && y.scale.canShow(line.y[i]) {
                runs[runs.count - 1].append((x.pixel(line.x[i]), y.pixel(line.y[i])))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        let d = runs.filter { !$0.isEmpty }.map { run -> String in
            var parts = ["M" + Self.point(run[0])]
            if run.count == 1 { parts.append("h0") }  // a lone point: a dot (round caps)
            parts += run.dropFirst().map { "L" + Self.point($0) }
            return parts.joined(separator: " ")
        }.joined(separator: " ")
        guard !d.isEmpty else { return }
        var attributes: [(String, String)] = [
            ("class", line.role), ("d", d), ("fill", "none"), ("stroke", line.color.hex),
            ("stroke-width", SVGWriter.number(line.width)), ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
        ]
        if line.style == .dashed {
            attributes.append(("stroke-dasharray", Self.dashes(width: line.width)))
        }
        svg.element("path", attributes, markup: Self.tooltip(line.label))
    }

    func drawBand(_ svg: inout SVGWriter, _ band: PlotBand, x: PlotAxisMap, y: PlotAxisMap) {
        var runs: [[(x: Double, upper: Double, lower: Double)]] = [[]]
        for i in 0..<min(band.x.count, band.lower.count, band.upper.count) {
            let lower = band.lower[i]
            if x.scale.canShow(band.x[i]) && y.scale.canShow(band.upper[i]) && lower.isFinite {
                // Below a log axis the lower edge runs along the bottom of the plot area.
                let lowerPixel = y.scale.canShow(lower) ? y.pixel(lower) : y.start
                runs[runs.count - 1].append((x.pixel(band.x[i]), y.pixel(band.upper[i]), lowerPixel))
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        let d = runs.filter { $0.count >= 2 }.map { run -> String in
            let upper = run.map { Self.point(($0.x, $0.upper)) }
            let lower = run.reversed().map { Self.point(($0.x, $0.lower)) }
            return "M" + (upper + lower).joined(separator: " L") + " Z"
        }.joined(separator: " ")
        guard !d.isEmpty else { return }
        svg.element("path", [("class", band.role), ("d", d), ("fill", band.color.hex),
                             ("fill-opacity", SVGWriter.number(band.opacity)), ("stroke", "none")],
                    markup: Self.tooltip(band.label))
    }

    /// "x,y" in pixels.
    static func point(_ p: (Double, Double)) -> String {
        SVGWriter.number(p.0) + "," + SVGWriter.number(p.1)
    }

    /// A dash pattern that scales with the stroke.
    static func dashes(width: Double) -> String {
        SVGWriter.number(width * 3.5) + " " + SVGWriter.number(width * 2.5)
    }
}
