import SweepDataset

/// One rank's rows of a per-realization variable: blocks of consecutive realizations at
/// one point. A block holds `count` realizations starting at `firstRealization`, each a
/// full row over the trailing dimensions (time, then any extra), row-major:
/// `values[(r * rowLength) + j]` is element `j` of realization `firstRealization + r`.
///
/// Blocks may come in any order and need not be contiguous; they must not overlap
/// (on this rank or across ranks).
package struct RealizationRows: Sendable, Equatable {
    package struct Block: Sendable, Equatable {
        package var point: Int
        package var firstRealization: Int
        package var count: Int
        package var values: [Double]

        package init(point: Int, firstRealization: Int, count: Int, values: [Double]) {
            self.point = point
            self.firstRealization = firstRealization
            self.count = count
            self.values = values
        }
    }

    package var blocks: [Block]

    package init(blocks: [Block] = []) {
        self.blocks = blocks
    }

    /// No rows: what a rank that computed none of the realizations passes.
    package static var empty: RealizationRows { RealizationRows() }
}

/// A per-realization data variable, e.g. `Q_realizations` over (point, realization,
/// time, student_i, student_j). The name, dimensions and attributes are the same on every
/// rank; `rows` are the rows this rank writes. The first two dimensions are the point
/// axis and the realization axis; all dimensions must be declared in the result.
package struct RealizationVariable: Sendable {
    package let name: String
    package let dimensions: [String]
    package var attributes: [(String, SweepResult.Attribute)]
    package var rows: RealizationRows

    package init(name: String, dimensions: [String], attributes: [(String, SweepResult.Attribute)] = [], rows: RealizationRows) {
        self.name = name
        self.dimensions = dimensions
        self.attributes = attributes
        self.rows = rows
    }
}
