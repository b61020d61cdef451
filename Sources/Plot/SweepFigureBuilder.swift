import SweepDataset

/// Turns a sweep result into a figure of one observable X against time (or against one of
/// its own axes, such as an envelope's `lag`, at one record time): for every sweep
/// point, the simulation mean `X_mean` (solid) over a band of +/- 1 standard error
/// (`X_sem`), and the theory `X_theory` (dashed) in the same color, labelled with the
/// point's swept parameters ("K=2"). Variables that are missing are simply not drawn
/// (a file without theory gets no dashed lines).
package enum SweepFigureBuilder {
    /// The figure for `options` (the observable and element to draw, the axes' scales).
    /// `source` names the file in the title when the result has no `title` attribute.
    package static func figure(_ result: SweepResult, options: SweepPlotOptions, source: String = "") throws -> PlotFigure {
        let available = SweepPlotOptions.observables(in: result.data.map(\.name))
        let observable = try SweepPlotOptions.chooseObservable(requested: options.observable, available: available,
                                                               path: source)
        guard let meanVariable = result.data.first(where: { $0.name == observable + "_mean" }) else {
            throw PlotError.unknownObservable(name: observable, available: available)
        }
        let along = options.xAxis ?? ObservableSlicer.timeDimension
        let mean = try ObservableSlicer(meanVariable, dimensions: result.dimensions, along: along)
        let sem = try result.data.first { $0.name == observable + "_sem" }
            .map { try ObservableSlicer($0, dimensions: result.dimensions, along: along) }
        let theory = try result.data.first { $0.name == observable + "_theory" }
            .map { try ObservableSlicer($0, dimensions: result.dimensions, along: along) }
        var element = try Self.element(of: mean, observable: observable, index: options.index, along: along)
        let timeCount = mean.axes.first { $0.name == ObservableSlicer.timeDimension }?.size ?? 0
        let recordTimes = try Self.time(result, count: timeCount)
        let x: [Double]
        if along == ObservableSlicer.timeDimension {
            x = recordTimes
        } else {
            let index = options.timeIndex < 0 ? timeCount + options.timeIndex : options.timeIndex
            guard index >= 0, index < timeCount else { throw PlotError.badTimeIndex(index: options.timeIndex, count: timeCount) }
            element.positions[ObservableSlicer.timeDimension] = index
            let time = recordTimes.indices.contains(index) ? recordTimes[index] : Double(index)
            element.text += " at time " + (time.rounded() == time && abs(time) < 1e15 ? String(Int(time)) : "\(time)")
            x = Self.coordinate(result, along, count: mean.axes.first { $0.name == along }?.size ?? 0)
        }

        let hasPoints = mean.axes.contains { $0.name == SweepResult.pointDimension }
        let points = hasPoints ? (result.dimension(SweepResult.pointDimension)?.size ?? 1) : 1
        let labels = SweepLabels(result: result, points: points)

        var bands: [PlotBand] = [], means: [PlotLine] = [], theories: [PlotLine] = []
        var legend: [PlotLegendEntry] = []
        for point in shownPoints(count: points) {
            let color = PlotColor.cycle(point)
            let label = labels.point(point)
            let y = mean.series(point: point, element: element.positions, along: along)
            let yTheory = theory?.series(point: point, element: element.positions, along: along) ?? []
            if let sem {
                let s = sem.series(point: point, element: element.positions, along: along)
                if s.count == y.count {
                    bands.append(PlotBand(x: x, lower: zip(y, s).map { $0 - $1 }, upper: zip(y, s).map { $0 + $1 },
                                          color: color, role: "band", label: "\(label): mean ± 1 SEM"))
                }
            }
            means.append(PlotLine(x: x, y: y, color: color, style: .solid, width: 1.3, role: "mean",
                                  label: "\(label): simulation mean"))
            if !yTheory.isEmpty {
                theories.append(PlotLine(x: x, y: yTheory, color: color, style: .dashed, width: 2, role: "theory",
                                         label: "\(label): theory"))
            }
            let empty = !(y + yTheory).contains { $0.isFinite }
            legend.append(PlotLegendEntry(label: label + labels.note(point, empty: empty), color: color, line: .solid,
                                          band: sem != nil))
        }
        legend.append(PlotLegendEntry(label: sem != nil ? "solid, band: simulation mean ± 1 SEM" : "solid: simulation mean",
                                      color: .gray, line: .solid, band: sem != nil))
        if theory != nil {
            legend.append(PlotLegendEntry(label: "dashed: theory", color: .gray, line: .dashed))
        }

        let title = labels.title(source: source)
        return PlotFigure(
            title: title,
            subtitle: labels.subtitle(title: title),
            xAxis: PlotAxisSpec(label: along == ObservableSlicer.timeDimension ? labels.timeLabel() : labels.axisLabel(along),
                                scale: options.logX ? .log : .linear),
            yAxis: PlotAxisSpec(label: labels.observableLabel(observable, mean: meanVariable, element: element.text),
                                scale: options.logY ? .log : .linear),
            bands: bands, lines: means + theories, legend: legend,
            description: labels.description(observable: observable, variables: result.data))
    }

    /// Most sweep points one figure draws. Past a few dozen lines a figure is unreadable,
    /// and a million-point sweep would make an SVG of hundreds of MB.
    package static let maxSeries = 48

    /// The sweep points a figure of `count` points draws: all of them, or `maxSeries`
    /// evenly spaced ones, first and last included.
    package static func shownPoints(count: Int) -> [Int] {
        guard count > maxSeries else { return Array(0..<count) }
        return (0..<maxSeries).map { Int((Double($0) * Double(count - 1) / Double(maxSeries - 1)).rounded()) }
    }

    /// The element of the extra dimensions that `index` picks (all zeros by default),
    /// checked against their sizes, as positions by name and as label text.
    static func element(of slicer: ObservableSlicer, observable: String, index: [Int]?,
                        along: String = ObservableSlicer.timeDimension) throws -> (positions: [String: Int], text: String) {
        let extra = slicer.extraAxes.filter { $0.name != along }
        let index = index ?? [Int](repeating: 0, count: extra.count)
        guard index.count == extra.count else {
            let dims = extra.isEmpty ? "no extra dimensions" : "\(extra.count) extra dimension(s) ("
                + extra.map(\.name).joined(separator: ", ") + ")"
            throw PlotError.badIndex(observable: observable, reason: "it has \(dims), --index gives \(index.count) value(s)")
        }
        var positions: [String: Int] = [:]
        for (axis, position) in zip(extra, index) {
            guard position >= 0 && position < axis.size else {
                throw PlotError.badIndex(observable: observable,
                                         reason: "\(axis.name) = \(position) is out of range 0..<\(axis.size)")
            }
            positions[axis.name] = position
        }
        let text = extra.isEmpty ? "" : "[" + zip(extra, index).map { "\($0.name)=\($1)" }.joined(separator: ", ") + "]"
        return (positions, text)
    }

    /// The coordinate values of dimension `name` (0, 1, 2... when it has none, or text).
    static func coordinate(_ result: SweepResult, _ name: String, count: Int) -> [Double] {
        let fallback = (0..<count).map { Double($0) }
        guard let coordinate = result.coordinates.first(where: { $0.name == name }) else { return fallback }
        switch coordinate.values {
        case .double(let xs) where xs.count == count: return xs
        case .int(let ns) where ns.count == count: return ns.map { Double($0) }
        default: return fallback
        }
    }

    /// The record times (0, 1, 2... when the file has no `time` coordinate).
    static func time(_ result: SweepResult, count: Int) throws -> [Double] {
        guard let coordinate = result.coordinates.first(where: { $0.name == ObservableSlicer.timeDimension }) else {
            return (0..<count).map { Double($0) }
        }
        let values: [Double]
        switch coordinate.values {
        case .double(let xs): values = xs
        case .int(let ns): values = ns.map { Double($0) }
        case .string: throw PlotError.malformed(variable: coordinate.name, reason: "the time coordinate holds text")
        }
        guard values.count == count else {
            throw PlotError.malformed(variable: coordinate.name, reason: "\(values.count) times for \(count) records")
        }
        return values
    }
}
