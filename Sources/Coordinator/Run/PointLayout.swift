import Solvers

/// How one sweep point's recorded observables are laid out as a flat vector: each
/// observable's trajectory (time outermost, then its extra dimensions) one after the
/// other, in the model's declared order (the model returns them by name).
struct PointLayout: Sendable {
    let specs: [ObservableSpec]
    let timeCount: Int
    /// Offset of each observable in the flat vector.
    let offsets: [Int]
    let length: Int

    init(specs: [ObservableSpec], timeCount: Int) {
        self.specs = specs
        self.timeCount = timeCount
        var offsets: [Int] = []
        var total = 0
        for spec in specs {
            offsets.append(total)
            total += timeCount * spec.sizePerTime
        }
        self.offsets = offsets
        length = total
    }

    /// Concatenates a model's trajectories in the declared order, after checking by name
    /// that every declared observable is there with its declared size and nothing else
    /// is (`ModelContractViolation`, an internal error, otherwise).
    func flatten(_ trajectories: Trajectories, model: String, what: String) throws -> [Double] {
        try ObservableSpec.check(trajectories, against: specs, timeCount: timeCount, model: model, what: what)
        var flat: [Double] = []
        flat.reserveCapacity(length)
        for spec in specs { flat.append(contentsOf: trajectories[spec.name] ?? []) }
        return flat
    }

    /// The slice of `flat` that holds observable `name`.
    func range(of name: String) -> Range<Int>? {
        guard let i = specs.firstIndex(where: { $0.name == name }) else { return nil }
        return offsets[i]..<(offsets[i] + timeCount * specs[i].sizePerTime)
    }
}

/// The model and layouts of one sweep point.
struct PointContext: Sendable {
    let model: any Model
    let simulation: PointLayout
    /// Per-realization theory layout (empty unless theoryMode is .perRealization).
    let realizationTheory: PointLayout
    /// Per-point theory layout (empty unless theoryMode is .perPoint or .perPointCollective).
    let pointTheory: PointLayout

    init(model: any Model, timeCount: Int) {
        self.model = model
        simulation = PointLayout(specs: model.observables, timeCount: timeCount)
        let theory = PointLayout(specs: model.theoryObservables, timeCount: timeCount)
        let empty = PointLayout(specs: [], timeCount: timeCount)
        realizationTheory = model.theoryMode == .perRealization ? theory : empty
        pointTheory = model.theoryMode == .perPoint || model.theoryMode == .perPointCollective ? theory : empty
    }
}
