extension Array where Element == Double {
    /// Calls `body` with a pointer to the storage (nothing happens for an empty array), so
    /// BLAS outputs need no force unwrap.
    @inline(__always)
    mutating func kdmftWithOutput(_ body: (UnsafeMutablePointer<Double>) -> Void) {
        withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { body(base) }
        }
    }
}
