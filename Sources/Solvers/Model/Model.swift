/// How a model's theory relates to its realizations.
public enum TheoryMode: Sendable, Equatable {
    /// No theory (or theory disabled).
    case none
    /// The theory is computed for each realization from that realization's own disorder
    /// (e.g. the Saad & Solla ODEs started from its initial order parameters) and averaged
    /// over realizations exactly like the simulation.
    case perRealization
    /// The theory is a deterministic function of the point's parameters (e.g. a DMFT
    /// solve), computed once per sweep point by one rank.
    case perPoint
    /// A per-point theory computed by all ranks together, one point at a time: a Monte
    /// Carlo whose samples are split over the ranks and summed through the
    /// `SampleReduction` passed to `pointTheory` (seed 002's alternating solver).
    case perPointCollective
}

/// The result of one realization: its recorded trajectories and, for per-realization
/// theory, the theory's trajectories for the same disorder, each keyed by observable name.
public struct RealizationOutput: Sendable {
    /// A trajectory for every `Model.observables` entry.
    public var simulation: Trajectories
    /// A trajectory for every `Model.theoryObservables` entry (empty unless the theory
    /// mode is `.perRealization`).
    public var theory: Trajectories
    /// Set by a model that stopped early because its state blew up.
    public var diverged: Bool

    public init(simulation: Trajectories, theory: Trajectories = Trajectories(), diverged: Bool = false) {
        self.simulation = simulation
        self.theory = theory
        self.diverged = diverged
    }
}

/// A model of learning dynamics: a finite-size simulation of one realization of the
/// disorder, and the theory that predicts its average. Values are built from one sweep
/// point's parameters; everything is a pure function of those and the random streams
/// (no MPI, no files), in the spirit of an ensemble problem (make realization i, reduce
/// it) whose scheduling, seeding and statistics belong to the Coordinator.
///
/// To add a model: a folder under `Sources/Solvers/` with a type conforming to `Model`
/// and its `DeclaredSetup` (every parameter declared once in the setup's schema), one
/// line in `ModelRegistry`, and an example config. The conformance suite
/// (Tests/SolversTests/ModelConformanceTests.swift) then checks it like every other model.
public protocol Model: Sendable {
    /// The checked parameters of one sweep point; its schema declares every parameter.
    associatedtype Setup: DeclaredSetup

    /// The `model.kind` string that selects this model.
    static var kind: String { get }
    /// One paragraph for `dynsweep models`: what it simulates, from which seed.
    static var summary: String { get }
    /// What the time coordinate means.
    static var timeAxis: TimeAxis { get }
    /// A point small enough to simulate and solve in milliseconds (parameters over the
    /// defaults), at which the conformance suite exercises the model.
    static var smallExample: ParameterSet { get }
    /// False for a model that is a simulation only (no theory written yet): its theory
    /// mode is always `.none`, and a theory-only run (realizations = 0) is refused.
    static var providesTheory: Bool { get }

    /// Builds the model for one sweep point from its checked setup, checking what
    /// depends on the theory (throws `ModelError` with a one-line message naming the
    /// parameter).
    init(setup: Setup, theoryEnabled: Bool) throws

    /// The same for a setup already validated (`Setup(parameters)` is): only what depends
    /// on the theory is checked. `init(parameters:)` builds through it, so a sweep point's
    /// setup is validated once, not twice. The default goes through `init(setup:)`.
    init(validated setup: Setup, theoryEnabled: Bool) throws

    /// This point's parameters.
    var setup: Setup { get }

    /// Final time of the run, in the units of `timeAxis`.
    var endTime: Double { get }
    /// What the simulation records.
    var observables: [ObservableSpec] { get }
    /// What the theory records (stored as `<name>_theory`).
    var theoryObservables: [ObservableSpec] { get }
    var theoryMode: TheoryMode { get }
    /// The observable whose value decides divergence (a realization whose loss exceeds
    /// the configured bound, or is not finite, is counted as diverged).
    var lossObservable: String { get }
    var cost: CostEstimate { get }

    /// Throws a `ModelError` when this point's parameters allow the theory but not a
    /// finite simulation (e.g. an infinite width). Called before a run with realizations.
    func checkSimulation() throws

    /// Runs one realization and records every observable at `times` (ascending, within
    /// [0, endTime]). Calls `control.poll()` every few milliseconds of work.
    func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput

    /// True when this point's per-point theory draws random samples (a Monte Carlo), so
    /// that solves with independent theory streams give independent estimates: the run then
    /// solves it `theory.replicas` times (`pointTheory(replica:)`) and stores the mean and
    /// the standard error over the replicas. False (the default) for a deterministic
    /// theory, which is solved once whatever `theory.replicas` says. Only meaningful with
    /// `theoryMode` `.perPoint` or `.perPointCollective`.
    var theoryIsStochastic: Bool { get }

    /// The per-point theory on `times`, a trajectory for every `theoryObservables` entry
    /// (only called when `theoryMode` is `.perPoint` or `.perPointCollective`). With `.perPoint`, `reduction` is a `SingleParticipant`;
    /// with `.perPointCollective` every rank calls this for the same point at the same
    /// time and must get the same result.
    ///
    /// `replica` (0 ..< `StreamKey.maxTheoryReplicas`) selects the theory's random streams
    /// when `theoryIsStochastic`: replicas must draw independent streams, and replica 0
    /// the streams the model always drew (so `theory.replicas = 1` is the run it always
    /// was). A deterministic theory ignores it.
    func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories
}

extension Model {
    /// Builds the model for one sweep point from its parameters over the declared
    /// defaults (throws `ModelError` with a one-line message naming the parameter).
    public init(parameters: ParameterSet, theoryEnabled: Bool) throws {
        try self.init(validated: Setup(parameters), theoryEnabled: theoryEnabled)
    }

    public init(validated setup: Setup, theoryEnabled: Bool) throws {
        try self.init(setup: setup, theoryEnabled: theoryEnabled)
    }

    /// The parameters the config may set, with defaults, bounds and meaning.
    public static var parameters: [ParameterSpec] { Setup.schema.specs }

    /// Parameters that were renamed: old name -> new name.
    public static var renamedParameters: [String: String] { Setup.schema.renamed }

    public static var providesTheory: Bool { true }

    public func checkSimulation() throws {}

    public var theoryIsStochastic: Bool { false }

    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction, replica: Int) throws
        -> Trajectories {
        Trajectories()
    }

    /// Replica 0 of the per-point theory: the streams a run without replicas draws.
    public func pointTheory(times: [Double], control: RunControl, reduction: SampleReduction) throws -> Trajectories {
        try pointTheory(times: times, control: control, reduction: reduction, replica: 0)
    }

    /// Parameter spec by name.
    public static func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}
