import CVectorKernels

/// The instruction sets the C kernels (`CVectorKernels`) are compiled for. Each kernel is
/// one body built three times with floating-point contraction off, so every set gives the
/// same bits; the choice changes only the speed.
public enum VectorInstructionSet: Int32, CaseIterable, Sendable, Comparable {
    case baseline = 0
    case avx2 = 1
    /// AVX512F and AVX512DQ.
    case avx512 = 2

    /// The widest set this CPU supports, read once.
    public static let best = VectorInstructionSet(rawValue: dynsweep_best_isa()) ?? .baseline

    /// Every set this CPU can run, narrowest first (for tests that compare them).
    public static var available: [VectorInstructionSet] { allCases.filter { $0 <= best } }

    public static func < (a: VectorInstructionSet, b: VectorInstructionSet) -> Bool { a.rawValue < b.rawValue }

    /// This set if the CPU has it, else the widest it has: a kernel never traps on an
    /// instruction the CPU lacks.
    @usableFromInline var runnable: Int32 { Swift.min(self, Self.best).rawValue }
}
