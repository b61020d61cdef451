/// The dynamical mean-field theory of deep linear networks trained from random
/// initialization (seed 004, eqs. (65)-(68); appendix A.3 centering, appendix D online
/// SGD), solved exactly on the discrete times t = 0..T.
///
/// The single-site equations are linear and Gaussian, so every field is a causal linear
/// map of its Gaussian sources, and correlations and responses follow by T×T linear
/// algebra with no sampling (docs/models/deep_linear_derivation.md, Section 2.2). Two
/// solvers share the same row kernels:
/// - `.march` (default): fill row t of every matrix from rows < t, for t = 0..T. Causality
///   makes this exact, in O(L T^3) time and O(L T^2) memory. One Gauss-Seidel sweep is
///   then run as a check, and its `SelfConsistencyResidual` is reported as the residual.
/// - `.iterate`: damped fixed-point iteration q ← (1 − λ) q + λ F(q) of whole-matrix
///   Gauss-Seidel sweeps from q = 0, stopped when the residual is below the
///   tolerance (converges in at most T + 1 undamped sweeps, by causality).
public struct DeepLinearDMFT: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case march
        case iterate
    }

    /// How the solve ended and how well the equations are satisfied.
    public struct Convergence: Sendable, Equatable {
        /// Whole-matrix sweeps run (including the verification sweep after marching).
        public var sweeps: Int
        /// max |F(q) − q| / max(1, |q|) over all entries of the last sweep.
        public var residual: Double
        /// First time step at which the solution blew up (|C| > 1e100 or not finite), nil
        /// if it did not. Values from that step on are NaN.
        public var divergedAt: Int?
    }

    /// The point, with its solver settings (`solver`, `damping`, `tolerance`,
    /// `maxIterations`: the shared meanings of docs/config.md).
    public let setup: DeepLinearSetup

    public init(setup: DeepLinearSetup) {
        self.setup = setup
    }

    private var tolerance: Double { setup.tolerance }
    private var damping: Double { setup.damping }

    /// Solves the DMFT on t = 0..T. Throws `ModelError` when the equations cannot be
    /// satisfied to the tolerance (the iteration did not converge), never for a physical
    /// blow-up, which is reported in `Convergence.divergedAt`.
    public func solve(control: RunControl) throws -> DeepLinearDMFTSolution {
        let n = setup.T + 1
        let state = DeepLinearDMFTState(times: n, layers: setup.L)
        let constants = DeepLinearDMFTConstants(setup)
        var solver = Solver(stages: DeepLinearDMFTStages(state: state, constants: constants),
                            residual: setup.residual
                                ? DeepResidualLayers(state: state, constants: constants, beta: setup.effectiveBeta) : nil)
        var convergence: Convergence
        switch setup.solver {
        case .march:
            convergence = try march(&solver, control: control)
        case .iterate:
            convergence = try iterate(&solver, control: control)
        }
        if convergence.divergedAt == nil, !(convergence.residual <= tolerance) {
            throw ModelError("the deep_linear DMFT did not reach self-consistency: residual \(convergence.residual) "
                + "after \(convergence.sweeps) sweeps exceeds model.tolerance = \(tolerance); "
                + "use model.solver = \"march\", or lower model.damping / raise model.max_iterations")
        }
        return DeepLinearDMFTSolution(state: state, stages: solver.stages, setup: setup, convergence: convergence)
    }

    /// The stages of one solve: sites and MLP layers, or residual layers in place of the
    /// MLP ones (appendix C).
    private struct Solver {
        var stages: DeepLinearDMFTStages
        let residual: DeepResidualLayers?

        var state: DeepLinearDMFTState { stages.state }

        func gSide(layer l: Int, row t: Int) {
            if let residual { residual.gSide(layer: l, row: t) } else { stages.gSide(layer: l, row: t) }
        }

        func hSide(layer l: Int, row t: Int) {
            if let residual { residual.hSide(layer: l, row: t) } else { stages.hSide(layer: l, row: t) }
        }

        /// Every number the fixed point determines.
        func snapshot() -> (state: [Double], maps: [Double]) {
            (state.snapshot(), residual?.snapshot() ?? [])
        }

        func relativeChange(from old: (state: [Double], maps: [Double])) -> Double {
            max(state.relativeChange(from: old.state), residual?.relativeChange(from: old.maps) ?? 0)
        }
    }

    /// Row t of every block, in the causal order of `DeepLinearDMFTStages`.
    private func row(_ t: Int, _ solver: inout Solver) {
        let L = setup.L
        for l in stride(from: L, through: 1, by: -1) { solver.gSide(layer: l, row: t) }
        solver.stages.inputSite(row: t)
        solver.stages.dataSite(row: t)
        solver.stages.inputField(row: t)
        for l in 1...L { solver.hSide(layer: l, row: t) }
    }

    /// One whole-matrix Gauss-Seidel sweep over rows 0..<rows: each block over all rows,
    /// blocks in the causal order.
    private func sweep(rows: Int, _ solver: inout Solver, control: RunControl) throws {
        let L = setup.L
        for l in stride(from: L, through: 1, by: -1) {
            for t in 0..<rows { solver.gSide(layer: l, row: t) }
        }
        try control.poll()
        for t in 0..<rows { solver.stages.inputSite(row: t) }
        for t in 0..<rows { solver.stages.dataSite(row: t) }
        for t in 0..<rows { solver.stages.inputField(row: t) }
        for l in 1...L {
            for t in 0..<rows { solver.hSide(layer: l, row: t) }
        }
        try control.poll()
    }

    private func march(_ solver: inout Solver, control: RunControl) throws -> Convergence {
        let n = setup.T + 1
        var divergedAt: Int?
        for t in 0..<n {
            row(t, &solver)
            if !Self.isBounded(solver.state, row: t) {
                divergedAt = t
                break
            }
            if t % 8 == 7 { try control.poll() }
        }
        let rows = divergedAt ?? n
        guard rows > 0 else { return Convergence(sweeps: 0, residual: .nan, divergedAt: divergedAt) }
        let solved = solver.snapshot()
        try sweep(rows: rows, &solver, control: control)
        let residual = solver.relativeChange(from: solved)
        return Convergence(sweeps: 1, residual: residual, divergedAt: divergedAt)
    }

    private func iterate(_ solver: inout Solver, control: RunControl) throws -> Convergence {
        let n = setup.T + 1
        let limit = setup.maxIterations > 0 ? setup.maxIterations : 2 * n + 100
        var residual = Double.infinity
        for sweepIndex in 1...limit {
            let previous = solver.snapshot()
            try sweep(rows: n, &solver, control: control)
            residual = solver.relativeChange(from: previous)
            if damping < 1 {
                solver.state.damp(towards: previous.state, keeping: damping)
                solver.residual?.damp(towards: previous.maps, keeping: damping)
            }
            if let t = (0..<n).first(where: { !Self.isBounded(solver.state, row: $0) }) {
                return Convergence(sweeps: sweepIndex, residual: residual, divergedAt: t)
            }
            if residual <= tolerance { return Convergence(sweeps: sweepIndex, residual: residual, divergedAt: nil) }
        }
        return Convergence(sweeps: limit, residual: residual, divergedAt: nil)
    }

    /// False once the loss or a layer correlation at time t is not finite or exceeds 1e100:
    /// the physical blow-up of too large a learning rate, where the network diverges too.
    static func isBounded(_ state: DeepLinearDMFTState, row t: Int) -> Bool {
        let n = state.n, d = t * n + t
        var values = [state[.cv][d], state[.cDelta][d], state[.ch0][d]]
        for l in 1...state.layers { values += [state.ch(l)[d], state.cg(l)[d]] }
        return values.allSatisfy { $0.isFinite && abs($0) < 1e100 }
    }
}
