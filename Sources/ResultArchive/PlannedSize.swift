import SweepDataset

/// How many bytes a result file will take, from the shapes alone, so that the free space
/// can be checked before the first byte is written. Every numeric element is 8 bytes
/// (float64 or int64, contiguous storage, no compression); text is counted by its UTF-8
/// length plus HDF5's 16-byte variable-length descriptor; attributes by their value.
/// The margin covers object headers, dimension-scale references and the superblock:
/// 64 KiB for the file plus 4 KiB per dataset, which is more than HDF5 1.10 uses for the
/// layouts `ResultWriter` writes (checked in `OutputSpaceTests`).
package enum PlannedSize {
    /// Bytes of the file holding `result` and per-realization variables over
    /// `realizations` (name and dimensions; each shape comes from `result`'s dimensions).
    package static func bytes(of result: SweepResult, realizations: [(name: String, dimensions: [String])] = []) -> Int {
        var total = 64 * 1024 + attributeBytes(result.attributes)
        for variable in result.coordinates + result.data {
            total += 4 * 1024 + attributeBytes(variable.attributes)
            // Numbers from the shape: a variable may hold only one rank's rows (`pointRows`).
            let elements = variable.dimensions.reduce(1) { $0 * (result.dimension($1)?.size ?? 1) }
            switch variable.values {
            case .double, .int: total += 8 * elements
            case .string(let values): total += values.reduce(0) { $0 + 16 + $1.utf8.count }
            }
        }
        for variable in realizations {
            let elements = variable.dimensions.reduce(1) { $0 * (result.dimension($1)?.size ?? 1) }
            total += 4 * 1024 + 8 * elements
        }
        let bare = result.dimensions.filter { dimension in
            !result.coordinates.contains { $0.name == dimension.name }
        }
        return total + bare.reduce(0) { $0 + 4 * 1024 + 4 * $1.size }
    }

    private static func attributeBytes(_ attributes: [(String, SweepResult.Attribute)]) -> Int {
        attributes.reduce(0) { sum, entry in
            let value: Int = switch entry.1 {
            case .string(let text): text.utf8.count
            case .double, .int: 8
            case .doubles(let values): 8 * values.count
            }
            return sum + 64 + entry.0.utf8.count + value
        }
    }
}
