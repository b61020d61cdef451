import CHDF5

/// HDF5 dimension scales (libhdf5_hl's H5DS): how netCDF-4 and h5netcdf name the axes
/// of a variable. A dimension is a dataset marked as a scale; each axis of a variable has
/// the scale of its dimension attached. In a parallel file these are metadata
/// operations: every rank makes the same calls in the same order.
extension HDF5Dataset {
    /// Marks this dataset as a dimension scale called `name` (writes its `CLASS` and
    /// `NAME` attributes).
    public func setDimensionScale(name scaleName: String) throws {
        try requireOpen("H5DSset_scale")
        try h5check(H5DSset_scale(id, scaleName), "H5DSset_scale", path: file.path, object: name)
    }

    /// Attaches dimension scale `scale` to axis `axis` of this dataset.
    public func attachDimensionScale(_ scale: HDF5Dataset, axis: Int) throws {
        try requireOpen("H5DSattach_scale")
        try scale.requireOpen("H5DSattach_scale")
        guard axis >= 0 && axis < shape.count else {
            throw HDF5Error(operation: "H5DSattach_scale", path: file.path, object: name,
                            detail: "axis \(axis) out of range for shape \(shape)")
        }
        try h5check(H5DSattach_scale(id, scale.id, UInt32(axis)), "H5DSattach_scale", path: file.path, object: name)
    }

    /// Whether this dataset is a dimension scale.
    public var isDimensionScale: Bool {
        get throws {
            try requireOpen("H5DSis_scale")
            return try h5check(H5DSis_scale(id), "H5DSis_scale", path: file.path, object: name) > 0
        }
    }

    /// The `NAME` a dimension scale was given (nil if it has none).
    public func dimensionScaleName() throws -> String? {
        try requireOpen("H5DSget_scale_name")
        let length = H5DSget_scale_name(id, nil, 0)
        guard length > 0 else {
            H5Eclear2(hid_t(H5E_DEFAULT))
            return nil
        }
        var chars = [CChar](repeating: 0, count: Int(length) + 1)
        try h5check(H5DSget_scale_name(id, &chars, chars.count), "H5DSget_scale_name", path: file.path, object: name)
        return String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Names (link names, without the leading "/") of the dimension scales attached to
    /// axis `axis`, in attachment order.
    public func attachedDimensionScales(axis: Int) throws -> [String] {
        try requireOpen("H5DSiterate_scales")
        guard axis >= 0 && axis < shape.count else { return [] }
        let attached = try h5check(H5DSget_num_scales(id, UInt32(axis)), "H5DSget_num_scales", path: file.path, object: name)
        guard attached > 0 else { return [] }
        final class Names { var list: [String] = [] }
        let names = Names()
        let visit: H5DS_iterate_t = { _, _, scale, data in
            guard let data else { return -1 }
            let length = H5Iget_name(scale, nil, 0)
            guard length > 0 else { return -1 }
            var chars = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Iget_name(scale, &chars, chars.count)
            let full = String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let leaf = full.split(separator: "/").last.map(String.init) ?? full
            Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(leaf)
            return 0
        }
        let status = withExtendedLifetime(names) {
            H5DSiterate_scales(id, UInt32(axis), nil, visit, Unmanaged.passUnretained(names).toOpaque())
        }
        try h5check(status, "H5DSiterate_scales", path: file.path, object: name)
        return names.list
    }
}
