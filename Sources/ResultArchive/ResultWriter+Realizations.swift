import MPIShim

extension ResultWriter {
    /// Adds a per-realization variable (float64, unwritten rows read as NaN), each rank
    /// writing its own `rows` in one collective write whose file selection is the union
    /// of its blocks. Collective: every rank calls it, with the same name, dimensions and
    /// attributes, in the same order; a rank without rows passes `.empty`.
    package func writeRealizations(_ variable: RealizationVariable) throws {
        let file = try openFile()
        let shape = try realizationShape(of: variable)
        var prepared: (selection: HDF5Selection, values: [Double]) = (.none, [])
        try agree(givingUp: false) { prepared = try Self.prepare(variable.rows, shape: shape, name: variable.name, path: destination.path) }

        // Each HDF5 call is agreed on before the next. The NaN fill is collective writes
        // of our own (each rank its block of points), not HDF5's fill at
        // allocation, which rank 0 writes alone and, when that fails, leaves the other
        // ranks in a barrier inside H5Dcreate2 (see `createDataset`).
        let dataset = try agree {
            try file.createDataset(variable.name, type: .double, shape: shape, fillValue: .nan, fillOnAllocation: false)
        }
        try writeAttributes(variable.attributes, dimensions: variable.dimensions, to: dataset, isData: true)
        try attachScales(to: dataset, dimensions: variable.dimensions)
        writtenNames.insert(variable.name)
        try fillWithNaN(dataset, shape: shape)
        try agree { try dataset.write(prepared.values, selection: prepared.selection, transfer: .collective) }
        try agree { try dataset.close() }
    }

    /// Writes NaN over this rank's block of points (all realizations and trailing axes),
    /// so that rows no rank computed read as NaN: one collective write per round, each
    /// rank one point of its block a round (an empty selection once its block is done),
    /// so that the NaN buffer is one point's rows, not the rank's whole share. Collective.
    private func fillWithNaN(_ dataset: HDF5Dataset, shape: [Int]) throws {
        let partition = PointPartition(points: shape[0], rank: communicator.rank, ranks: communicator.size)
        let rounds = PointPartition(points: shape[0], rank: 0, ranks: communicator.size).count
        let inner = shape.dropFirst().reduce(1, *)
        let row = [Double](repeating: .nan, count: inner)
        for round in 0..<rounds {
            // Agreed round by round: a rank that failed must not leave the others in the
            // next collective write.
            try agree {
                guard round < partition.count, inner > 0 else {
                    try dataset.write([], selection: .none, transfer: .collective)
                    return
                }
                var start = [Int](repeating: 0, count: shape.count)
                var count = shape
                start[0] = partition.lower + round
                count[0] = 1
                try dataset.write(row, selection: .hyperslab(start: start, count: count), transfer: .collective)
            }
        }
    }

    /// Checks the variable's metadata (the same on every rank) and returns its shape.
    private func realizationShape(of variable: RealizationVariable) throws -> [Int] {
        let path = destination.path
        try ResultLayout.checkName(variable.name, what: "variable", path: path)
        guard !writtenNames.contains(variable.name), layout.result.dimension(variable.name) == nil else {
            throw OutputError.invalidResult(path: path, reason: "variable \(variable.name) already exists")
        }
        guard variable.dimensions.count >= 2 else {
            throw OutputError.invalidResult(path: path, reason: "realization variable \(variable.name) needs (point, realization, ...) dimensions")
        }
        guard Set(variable.dimensions).count == variable.dimensions.count else {
            throw OutputError.invalidResult(path: path, reason: "realization variable \(variable.name) repeats a dimension")
        }
        try ResultLayout.checkAttributes(variable.attributes, owner: "variable \(variable.name)", path: path)
        return try variable.dimensions.map { name in
            guard let dimension = layout.result.dimension(name) else {
                throw OutputError.invalidResult(path: path, reason: "realization variable \(variable.name) uses undeclared dimension \(name)")
            }
            return dimension.size
        }
    }

    /// Orders one rank's blocks as the file is (by point, then first realization) and
    /// returns the union selection with the values in that order. Throws for blocks
    /// out of range, with the wrong number of values, or overlapping.
    static func prepare(_ rows: RealizationRows, shape: [Int], name: String, path: String) throws
        -> (selection: HDF5Selection, values: [Double]) {
        let trailing = Array(shape.dropFirst(2))
        let rowLength = trailing.reduce(1, *)
        let blocks = rows.blocks.filter { $0.count > 0 }.sorted {
            ($0.point, $0.firstRealization) < ($1.point, $1.firstRealization)
        }
        func invalid(_ block: RealizationRows.Block, _ reason: String) -> OutputError {
            .invalidResult(path: path, reason: "\(name) block (point \(block.point), realizations \(block.firstRealization)..<\(block.firstRealization + block.count)) \(reason)")
        }
        var selection: [HDF5Block] = []
        var values: [Double] = []
        values.reserveCapacity(blocks.reduce(0) { $0 + $1.values.count })
        var previous: RealizationRows.Block?
        for block in blocks {
            guard block.point >= 0 && block.point < shape[0] else { throw invalid(block, "is outside 0..<\(shape[0]) points") }
            guard block.firstRealization >= 0 && block.firstRealization + block.count <= shape[1] else {
                throw invalid(block, "is outside 0..<\(shape[1]) realizations")
            }
            guard block.values.count == block.count * rowLength else {
                throw invalid(block, "has \(block.values.count) values, expected \(block.count) x \(rowLength)")
            }
            if let previous, previous.point == block.point, previous.firstRealization + previous.count > block.firstRealization {
                throw invalid(block, "overlaps another block")
            }
            selection.append(HDF5Block(start: [block.point, block.firstRealization] + trailing.map { _ in 0 },
                                       count: [1, block.count] + trailing))
            values.append(contentsOf: block.values)
            previous = block
        }
        return (.blocks(selection), values)
    }
}
