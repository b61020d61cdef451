/// A model's own estimate of what its work costs, for `dynsweep plan`, for ordering the
/// work queue (largest first) and for refusing a run that cannot fit in memory.
public struct CostEstimate: Sendable, Equatable {
    /// Floating-point operations of one simulated realization (including its theory when
    /// the theory is per realization).
    public var flopsPerRealization: Double
    /// Peak working memory of one realization, in bytes.
    public var bytesPerRealization: Double
    /// Operations and bytes of one per-point theory solve (zero when there is none).
    public var flopsPerTheory: Double
    public var bytesPerTheory: Double

    public init(flopsPerRealization: Double, bytesPerRealization: Double,
                flopsPerTheory: Double = 0, bytesPerTheory: Double = 0) {
        self.flopsPerRealization = flopsPerRealization
        self.bytesPerRealization = bytesPerRealization
        self.flopsPerTheory = flopsPerTheory
        self.bytesPerTheory = bytesPerTheory
    }
}
