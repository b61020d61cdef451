import Foundation

/// What `dynsweep plot` draws from a result file: which observable, which element of
/// an observable with extra dimensions, and the axes' scales.
package struct SweepPlotOptions: Sendable, Equatable {
    /// The observable X (drawn from `X_mean`, `X_sem`, `X_theory`); nil: `eg` if the
    /// file has it, else the first observable in the file.
    package var observable: String?
    /// The element of an observable with extra dimensions (e.g. [0, 1] for Q's
    /// student_i = 0, student_j = 1); nil: all zeros.
    package var index: [Int]?
    package var logX: Bool
    package var logY: Bool
    /// The dimension on the x axis: nil for time, or an observable's own axis such as
    /// `lag` (then the figure is taken at one record time, `timeIndex`).
    package var xAxis: String?
    /// The record time of a figure against another axis: an index into the times, -1
    /// (the default) for the last.
    package var timeIndex: Int

    package init(observable: String? = nil, index: [Int]? = nil, logX: Bool = false, logY: Bool = false,
                 xAxis: String? = nil, timeIndex: Int = -1) {
        self.observable = observable
        self.index = index
        self.logX = logX
        self.logY = logY
        self.xAxis = xAxis == "time" ? nil : xAxis
        self.timeIndex = timeIndex
    }

    /// The observable to draw among `available` (in file order): `requested` if it is
    /// there, else `eg`, else the first one.
    package static func chooseObservable(requested: String?, available: [String], path: String) throws -> String {
        if let requested {
            guard available.contains(requested) else {
                throw PlotError.unknownObservable(name: requested, available: available)
            }
            return requested
        }
        if available.contains("eg") { return "eg" }
        guard let first = available.first else { throw PlotError.noObservables(path: path) }
        return first
    }

    /// The data variables a figure for these options reads from a file whose data
    /// variables are `names`: `X_mean`, `X_sem` and `X_theory` of the observable
    /// `chooseObservable` picks, and `diverged` (for the legend's remarks). The file's
    /// other variables, per-realization ones above all, need not be read.
    package func dataVariables(among names: [String], path: String) throws -> [String] {
        let chosen = try Self.chooseObservable(requested: observable, available: Self.observables(in: names), path: path)
        return ["_mean", "_sem", "_theory"].map { chosen + $0 } + ["diverged"]
    }

    /// The observables of a file whose variables are `names`: X for every `X_mean`.
    package static func observables(in names: [String]) -> [String] {
        names.filter { $0.hasSuffix("_mean") && $0.count > "_mean".count }.map { String($0.dropLast("_mean".count)) }
    }

    /// Parses `--index` text: comma-separated non-negative integers ("0,1"; spaces allowed).
    package static func parseIndex(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.map { Int($0) }
        guard !parts.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw PlotError.unreadableIndex(text: text)
        }
        return values.compactMap { $0 }
    }
}
