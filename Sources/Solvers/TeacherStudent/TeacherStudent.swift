// PLACEHOLDER (being written now): replaced by the real model in this folder.
public struct TeacherStudent: Model {
    public static let kind = "teacher_student"
    public static let summary = "Two-layer teacher-student network trained by online SGD (seed 001)."
    public static let parameters: [ParameterSpec] = []
    public static let timeAxis = TimeAxis(meaning: "alpha = SGD steps / N", endParameter: "t_max", isDiscrete: false)
    public init(parameters: ParameterSet, theoryEnabled: Bool) throws { throw ModelError("not yet") }
    public var endTime: Double { 0 }
    public var observables: [ObservableSpec] { [] }
    public var theoryObservables: [ObservableSpec] { [] }
    public var theoryMode: TheoryMode { .none }
    public var lossObservable: String { "eg" }
    public var cost: CostEstimate { CostEstimate(flopsPerRealization: 0, bytesPerRealization: 0) }
    public func simulate(seed: RealizationSeed, times: [Double], control: RunControl) throws -> RealizationOutput {
        throw ModelError("not yet")
    }
}
