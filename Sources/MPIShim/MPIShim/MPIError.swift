/// A failed MPI call, with the routine name and MPI's own error string.
public struct MPIError: Error, CustomStringConvertible, Sendable {
    public let routine: String
    public let code: Int32
    public let message: String
    public var description: String { "\(routine) failed: \(message) (code \(code))" }
}
