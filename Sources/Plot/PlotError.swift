/// Why a figure could not be made. Each case prints as one line that says what to change.
package enum PlotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file has no `X_mean` variable at all.
    case noObservables(path: String)
    /// `--observable` names something without an `X_mean` variable.
    case unknownObservable(name: String, available: [String])
    /// The observable has no `time` dimension to put on the x axis.
    case noTimeAxis(variable: String)
    /// `--x` names an axis the observable does not have.
    case noAxis(variable: String, axis: String, axes: [String])
    /// `--time-index` is beyond the record times.
    case badTimeIndex(index: Int, count: Int)
    /// `--index` is not a list of non-negative integers.
    case unreadableIndex(text: String)
    /// `--index` does not fit the observable's extra dimensions.
    case badIndex(observable: String, reason: String)
    /// A variable's values do not match its dimensions, or are not numbers.
    case malformed(variable: String, reason: String)
    /// Nothing is left to draw (e.g. every value is non-positive on a log axis).
    case nothingToDraw(reason: String)

    package var description: String {
        switch self {
        case .noObservables(let path):
            return "\(path) has no observable to plot (no variable named X_mean)"
        case .unknownObservable(let name, let available):
            return "no observable \(name) (no variable \(name)_mean); available: " + available.joined(separator: ", ")
        case .noTimeAxis(let variable):
            return "\(variable) has no `time` dimension to plot against"
        case .noAxis(let variable, let axis, let axes):
            return "\(variable) has no dimension \(axis) to plot against (--x); its dimensions: " + axes.joined(separator: ", ")
        case .badTimeIndex(let index, let count):
            return "--time-index \(index) is out of range: the file has \(count) record times (0..<\(count); -1 is the last)"
        case .unreadableIndex(let text):
            return "--index \"\(text)\" is not a comma-separated list of non-negative integers (e.g. 0,1)"
        case .badIndex(let observable, let reason):
            return "--index for \(observable): \(reason)"
        case .malformed(let variable, let reason):
            return "cannot plot \(variable): \(reason)"
        case .nothingToDraw(let reason):
            return "nothing to draw: \(reason)"
        }
    }
}
