/// A problem the Coordinator reports to the user in one line (what is wrong and how to
/// fix it); the CLI prints it and exits non-zero.
package struct CoordinatorError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
