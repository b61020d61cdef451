/// What a model records, keyed by observable name: for each declared observable, its
/// trajectory of `times.count * sizePerTime` numbers (time outermost, then the extra
/// dimensions, row-major). Matched to the declaration by name, never by position, so a
/// model cannot label one observable's data with another's name by listing them in a
/// different order; `ObservableSpec.check` refuses a missing, extra or mis-sized entry.
public struct Trajectories: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var storage: [String: [Double]]

    public init() { storage = [:] }

    /// `["loss": loss, "Q": q]`; a repeated name keeps its last trajectory.
    public init(dictionaryLiteral elements: (String, [Double])...) {
        storage = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The trajectory of observable `name`, or nil if it was not recorded.
    public subscript(name: String) -> [Double]? {
        get { storage[name] }
        set { storage[name] = newValue }
    }

    /// The trajectory of `name`; throws `ModelContractViolation` when it is missing (for
    /// tests and tools that read a record by name).
    public func trajectory(_ name: String) throws -> [Double] {
        guard let values = storage[name] else {
            throw ModelContractViolation("no observable \"\(name)\" was recorded (recorded: \(names.joined(separator: ", ")))")
        }
        return values
    }

    /// Recorded names, sorted.
    public var names: [String] { storage.keys.sorted() }
    public var isEmpty: Bool { storage.isEmpty }

    /// The same record with `other`'s trajectories added (theirs win on a shared name).
    public func merging(_ other: Trajectories) -> Trajectories {
        var merged = self
        for (name, values) in other.storage { merged.storage[name] = values }
        return merged
    }
}

extension ObservableSpec {
    /// Throws a `ModelContractViolation` naming `model` and the observable unless
    /// `record` holds exactly the observables of `specs`, each with
    /// `timeCount * sizePerTime` values. `what` says which record ("simulation", "theory").
    public static func check(_ record: Trajectories, against specs: [ObservableSpec], timeCount: Int,
                             model: String, what: String) throws {
        for spec in specs {
            guard let values = record[spec.name] else {
                throw ModelContractViolation("model \(model) declares the \(what) observable \"\(spec.name)\" "
                    + "but did not record it")
            }
            guard values.count == timeCount * spec.sizePerTime else {
                throw ModelContractViolation("model \(model)'s \(what) observable \"\(spec.name)\" has \(values.count) "
                    + "values, but its declared shape needs \(timeCount) times x \(spec.sizePerTime)")
            }
        }
        let declared = Set(specs.map(\.name))
        if let extra = record.names.first(where: { !declared.contains($0) }) {
            throw ModelContractViolation("model \(model) recorded the \(what) observable \"\(extra)\", which it does "
                + "not declare")
        }
    }
}
