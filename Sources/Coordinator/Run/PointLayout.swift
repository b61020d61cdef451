import Solvers

/// How one sweep point's recorded observables are laid out as a flat vector: each
/// observable's trajectory (time outermost, then its extra dimensions) one after the
/// other, in the model's declared order (the model returns them by name).
struct PointLayout: Sendable, Hashable {
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

/// What the runner needs to know of one sweep point's model besides running it: its
/// layouts, theory mode and loss observable. Points whose models declare the same
/// observables share one value (`PointContexts`), so a million-point sweep holds a few
/// of these, not a model per point; the model itself is built when an item runs
/// (`SweepPlan.model(at:)`).
struct PointContext: Sendable, Hashable {
    /// `model.kind`, for contract-violation messages.
    let modelKind: String
    let theoryMode: TheoryMode
    let lossObservable: String
    let simulation: PointLayout
    /// Per-realization theory layout (empty unless theoryMode is .perRealization).
    let realizationTheory: PointLayout
    /// Per-point theory layout (empty unless theoryMode is .perPoint or .perPointCollective).
    let pointTheory: PointLayout

    init(model: any Model, timeCount: Int) {
        modelKind = type(of: model).kind
        theoryMode = model.theoryMode
        lossObservable = model.lossObservable
        simulation = PointLayout(specs: model.observables, timeCount: timeCount)
        let theory = PointLayout(specs: model.theoryObservables, timeCount: timeCount)
        let empty = PointLayout(specs: [], timeCount: timeCount)
        realizationTheory = theoryMode == .perRealization ? theory : empty
        pointTheory = theoryMode == .perPoint || theoryMode == .perPointCollective ? theory : empty
    }

    /// True when `PointContext(model: model, timeCount: timeCount)` would equal this
    /// context, found without building its layouts: neighbouring points of a sweep
    /// mostly share one, and a million-point plan would otherwise build and drop a
    /// million sets of layouts.
    func matches(_ model: any Model, timeCount: Int) -> Bool {
        guard simulation.timeCount == timeCount, modelKind == type(of: model).kind,
              theoryMode == model.theoryMode, lossObservable == model.lossObservable,
              simulation.specs == model.observables else { return false }
        let theory = model.theoryObservables
        let perPoint = theoryMode == .perPoint || theoryMode == .perPointCollective
        return realizationTheory.specs == (theoryMode == .perRealization ? theory : [])
            && pointTheory.specs == (perPoint ? theory : [])
    }
}

/// The context of every sweep point, stored as the distinct contexts and, per point, the
/// index of its own (4 bytes a point). A random-access collection indexed by point.
struct PointContexts: RandomAccessCollection, Sendable {
    /// The distinct contexts, in order of first appearance.
    private(set) var distinct: [PointContext] = []
    /// How many points have each distinct context.
    private(set) var counts: [Int] = []
    private var indexOfPoint: [UInt32] = []
    private var lookup: [PointContext: UInt32] = [:]

    /// Appends the context of the next point, whose model is `model`: the previous
    /// point's when it matches (checked without building a context), else built.
    mutating func append(model: any Model, timeCount: Int) {
        if let last = indexOfPoint.last, distinct[Int(last)].matches(model, timeCount: timeCount) {
            indexOfPoint.append(last)
            counts[Int(last)] += 1
        } else {
            append(PointContext(model: model, timeCount: timeCount))
        }
    }

    /// Appends the context of the next point.
    mutating func append(_ context: PointContext) {
        let index: UInt32
        if let last = indexOfPoint.last, distinct[Int(last)] == context {
            index = last
        } else if let known = lookup[context] {
            index = known
        } else {
            index = UInt32(distinct.count)
            distinct.append(context)
            counts.append(0)
            lookup[context] = index
        }
        indexOfPoint.append(index)
        counts[Int(index)] += 1
    }

    var startIndex: Int { 0 }
    var endIndex: Int { indexOfPoint.count }
    subscript(point: Int) -> PointContext { distinct[Int(indexOfPoint[point])] }
}
