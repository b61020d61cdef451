/// What `ParameterSchema` looks up at every sweep point, built once per schema: the
/// declared names, the specs in order and each declaration's position by its field. A
/// class, so that copying a schema (every `Self.schema` read, every `ResolvedParameters`)
/// retains one reference instead of each table; all of it is immutable.
final class ParameterLookup<Setup>: Sendable {
    /// The declared names, for the unknown-name check.
    let names: Set<String>
    /// The specs in declaration order, read in place by `resolve` rather than copied out
    /// of each declaration (closures and strings) at every point.
    let specs: [ParameterSpec]
    /// Declaration positions by the hash of their field (key paths are not `Sendable`
    /// dictionary keys), confirmed with `==`.
    private let byHash: [Int: [Int]]
    /// Declaration positions by the byte offset of their stored field in `Setup` (-1: no
    /// declaration there), when every declaration binds a distinct stored property:
    /// reading a key path's offset walks one component, where hashing it runs SipHash
    /// over its buffer, and a setup reads about ten fields at every sweep point.
    private let byOffset: [Int]

    init(_ declarations: [ParameterDeclaration<Setup>]) {
        names = Set(declarations.map(\.spec.name))
        specs = declarations.map(\.spec)
        var index: [Int: [Int]] = [:]
        for (i, declaration) in declarations.enumerated() { index[declaration.field.hashValue, default: []].append(i) }
        byHash = index
        byOffset = Self.offsets(of: declarations)
    }

    /// `byOffset` for `declarations`, or empty when a field is not a stored property of
    /// `Setup` or two declarations share an offset (then `index(of:in:)` hashes).
    private static func offsets(of declarations: [ParameterDeclaration<Setup>]) -> [Int] {
        var table = [Int](repeating: -1, count: MemoryLayout<Setup>.size + 1)
        for (i, declaration) in declarations.enumerated() {
            guard let field = declaration.field as? PartialKeyPath<Setup>,
                  let offset = MemoryLayout<Setup>.offset(of: field), table.indices.contains(offset),
                  table[offset] < 0 else { return [] }
            table[offset] = i
        }
        return table
    }

    /// The position in `declarations` of the (first) declaration bound to `field`.
    func index(of field: PartialKeyPath<Setup> & Sendable, in declarations: [ParameterDeclaration<Setup>]) -> Int? {
        if !byOffset.isEmpty {
            guard let offset = MemoryLayout<Setup>.offset(of: field), byOffset.indices.contains(offset) else { return nil }
            let i = byOffset[offset]
            return i >= 0 && declarations[i].field == field ? i : nil
        }
        return byHash[field.hashValue]?.first { declarations[$0].field == field }
    }
}
