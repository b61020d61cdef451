/// The complete, type-checked parameters of one sweep point (config values over the
/// model's defaults). Accessors throw a `ModelError` rather than trap, so a model's
/// initializer can never crash on user input.
public struct ParameterSet: Sendable, Hashable {
    public let values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue]) { self.values = values }

    public func value(_ name: String) throws -> ParameterValue {
        guard let v = values[name] else { throw ModelError("missing parameter model.\(name)") }
        return v
    }

    public func double(_ name: String) throws -> Double {
        guard let d = try value(name).doubleValue else {
            throw ModelError("model.\(name) must be a real number")
        }
        return d
    }

    public func int(_ name: String) throws -> Int {
        guard let i = try value(name).intValue else { throw ModelError("model.\(name) must be an integer") }
        return i
    }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = try value(name) else { throw ModelError("model.\(name) must be true or false") }
        return b
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = try value(name) else { throw ModelError("model.\(name) must be a string") }
        return s
    }
}
