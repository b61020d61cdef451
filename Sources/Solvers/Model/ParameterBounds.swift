/// The values a numeric parameter may take: an optional lower and upper end, each open
/// or closed. Declared once with the parameter, checked by the config loader and by the
/// model's own validation alike, and printed by `dynsweep models`.
public struct ParameterBounds: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double?
    public var lowerIsOpen: Bool
    public var upper: Double?
    public var upperIsOpen: Bool

    public init(lower: Double?, lowerIsOpen: Bool = false, upper: Double? = nil, upperIsOpen: Bool = false) {
        self.lower = lower
        self.lowerIsOpen = lowerIsOpen
        self.upper = upper
        self.upperIsOpen = upperIsOpen
    }

    /// x > value.
    public static func above(_ value: Double) -> Self { Self(lower: value, lowerIsOpen: true) }
    /// x >= value.
    public static func atLeast(_ value: Double) -> Self { Self(lower: value) }
    /// lower <= x <= upper.
    public static func within(_ lower: Double, _ upper: Double) -> Self { Self(lower: lower, upper: upper) }
    /// lower < x <= upper.
    public static func aboveUpTo(_ lower: Double, _ upper: Double) -> Self {
        Self(lower: lower, lowerIsOpen: true, upper: upper)
    }
    /// lower < x < upper... and the other combinations are spelled out with `init`.
    public static let positive = above(0)
    public static let nonNegative = atLeast(0)

    /// Whether `x` lies within the bounds (NaN never does).
    public func contains(_ x: Double) -> Bool {
        guard !x.isNaN else { return false }
        if let lower, lowerIsOpen ? !(x > lower) : !(x >= lower) { return false }
        if let upper, upperIsOpen ? !(x < upper) : !(x <= upper) { return false }
        return true
    }

    /// "> 0", ">= 1", "between 1 and 31", "in (0, 1]".
    public var description: String {
        switch (lower, upper) {
        case (nil, nil): return "any value"
        case (let l?, nil): return (lowerIsOpen ? "> " : ">= ") + Self.number(l)
        case (nil, let u?): return (upperIsOpen ? "< " : "<= ") + Self.number(u)
        case (let l?, let u?):
            if !lowerIsOpen && !upperIsOpen { return "between \(Self.number(l)) and \(Self.number(u))" }
            return "in " + (lowerIsOpen ? "(" : "[") + Self.number(l) + ", " + Self.number(u) + (upperIsOpen ? ")" : "]")
        }
    }

    /// Whole numbers without a decimal point, others as Swift prints them.
    static func number(_ x: Double) -> String {
        if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
