import CVectorKernels

/// The teacher-student SGD step's linear algebra in one pass over a weight matrix
/// (issue 16; `dynsweep_sgd_fused_pass` in CVectorKernels.h): the pending update of the
/// previous batch is applied to the first `updateRows` rows while every row's local
/// fields for the new batch are summed, so each row is read once per step.
public enum FusedSGDPass {
    /// A row-major weight matrix and where its fields go.
    ///
    /// - weights: `rows` x `width` (width a multiple of 8, rows and updateRows multiples of
    ///   4; padding zero).
    /// - update: when not nil, coefficients c (batch x updateRows) and the previous batch's
    ///   inputs: row r < updateRows += Σ_p c[p updateRows + r] previous[p inputStride ..],
    ///   added in order p = 0, 1, ...
    /// - fields[s fieldStride + r] = (row r · inputs[s inputStride ..]) scale, the dot
    ///   product over the first `width` entries, summed in 8 lanes and then across them in a
    ///   fixed order.
    @inlinable
    public static func run(weights: UnsafeMutablePointer<Double>, width: Int, rows: Int, updateRows: Int,
                           update: (coefficients: UnsafePointer<Double>, previous: UnsafePointer<Double>)?,
                           inputs: UnsafePointer<Double>, inputStride: Int, batch: Int, scale: Double,
                           fields: UnsafeMutablePointer<Double>, fieldStride: Int,
                           on instructionSet: VectorInstructionSet = .best) {
        precondition(width % 8 == 0 && rows % 4 == 0 && updateRows % 4 == 0 && updateRows <= rows,
                     "FusedSGDPass: width must be a multiple of 8, rows and updateRows of 4")
        dynsweep_sgd_fused_pass(weights, width, rows, updateRows, update?.coefficients, update?.previous ?? inputs,
                                inputs, inputStride, batch, scale, fields, fieldStride, instructionSet.runnable)
    }
}
