/// A problem with a model's parameters or run, described in one line for the user:
/// what is wrong and how to fix it.
public struct ModelError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
