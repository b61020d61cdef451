/// A model broke its own declaration: it returned an observable it does not declare, left
/// one out, or gave one the wrong size, or read a setup field no parameter declares. This
/// is a bug in the model, not in the user's config, so it is reported as an internal
/// error (exit status 1), never as bad input.
public struct ModelContractViolation: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "internal error: \(message) (a bug in the model, not in the config)" }
}
