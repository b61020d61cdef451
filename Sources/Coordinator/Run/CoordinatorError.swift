/// A problem the Coordinator reports to the user in one line (what is wrong and how to
/// fix it); the CLI prints it and exits non-zero.
public struct CoordinatorError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
