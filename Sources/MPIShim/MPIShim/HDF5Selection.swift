import CHDF5

/// A rectangular block of a dataset: `count[i]` elements from `start[i]` along each axis.
public struct HDF5Block: Sendable, Equatable {
    public var start: [Int]
    public var count: [Int]

    public init(start: [Int], count: [Int]) {
        self.start = start
        self.count = count
    }

    /// Number of elements in the block.
    public var elementCount: Int { count.reduce(1, *) }
}

/// The part of a dataset one rank reads or writes.
///
/// `.blocks` is the union of the blocks (H5Sselect_hyperslab with H5S_SELECT_OR); an
/// empty list selects nothing, which is how a rank with nothing to write still takes part
/// in a collective write. HDF5 pairs the memory buffer with the selected file elements in
/// the file's row-major order, whatever order the blocks are listed in, so a buffer for a
/// union must be ordered as the file is; blocks must not overlap.
public enum HDF5Selection: Sendable, Equatable {
    case all
    case blocks([HDF5Block])

    /// Selects nothing (a rank's part in a collective operation it has no data for).
    public static var none: HDF5Selection { .blocks([]) }

    /// One hyperslab block.
    public static func hyperslab(start: [Int], count: [Int]) -> HDF5Selection {
        .blocks([HDF5Block(start: start, count: count)])
    }

    /// Checks every block against the dataset's shape, so that a bad selection is
    /// reported with its numbers rather than as HDF5's "selection not within extent".
    func validate(shape: [Int], path: String, object: String) throws {
        guard case .blocks(let blocks) = self else { return }
        for block in blocks {
            let fits = block.start.count == shape.count && block.count.count == shape.count
                && zip(zip(block.start, block.count), shape).allSatisfy { pair, extent in
                    pair.0 >= 0 && pair.1 >= 0 && pair.0 + pair.1 <= extent
                }
            guard fits else {
                throw HDF5Error(operation: "select", path: path, object: object,
                                detail: "block start \(block.start) count \(block.count) does not fit shape \(shape)")
            }
        }
    }

    /// A new file dataspace (copy of `datasetSpace`) with this selection applied; the
    /// caller closes it (`H5Sclose`).
    func makeFileSpace(datasetSpace: hid_t, path: String, object: String) throws -> hid_t {
        let space = try h5check(H5Scopy(datasetSpace), "H5Scopy", path: path, object: object)
        do {
            switch self {
            case .all:
                try h5check(H5Sselect_all(space), "H5Sselect_all", path: path, object: object)
            case .blocks(let blocks):
                try h5check(H5Sselect_none(space), "H5Sselect_none", path: path, object: object)
                for block in blocks where block.elementCount > 0 {
                    let start = block.start.map { hsize_t($0) }
                    let count = block.count.map { hsize_t($0) }
                    try h5check(H5Sselect_hyperslab(space, H5S_SELECT_OR, start, nil, count, nil),
                                "H5Sselect_hyperslab", path: path, object: object)
                }
            }
        } catch {
            H5Sclose(space)
            throw error
        }
        return space
    }

    /// A new one-dimensional memory dataspace of `count` elements (selecting nothing when
    /// `count` is 0); the caller closes it.
    static func makeMemorySpace(count: Int, path: String, object: String) throws -> hid_t {
        var dims = [hsize_t(max(count, 1))]
        let space = try h5check(H5Screate_simple(1, &dims, nil), "H5Screate_simple", path: path, object: object)
        if count == 0 {
            if H5Sselect_none(space) < 0 {
                H5Sclose(space)
                throw HDF5Error.fromStack(operation: "H5Sselect_none", path: path, object: object)
            }
        }
        return space
    }
}
