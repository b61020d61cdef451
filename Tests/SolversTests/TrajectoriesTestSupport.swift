import Solvers
import XCTest

/// An observable's name as the tests spell it (`out.simulation[.eg]`): reading a record
/// by name, never by position, and failing the test when the model did not record it.
struct ObservableName: Hashable {
    let name: String
    init(_ name: String) { self.name = name }

    // teacher_student
    static let eg = ObservableName("eg"), Q = ObservableName("Q"), R = ObservableName("R"), v = ObservableName("v")
    // deep_linear
    static let testLoss = ObservableName("test_loss"), trainLoss = ObservableName("train_loss")
    static let Ch = ObservableName("C_h"), Cg = ObservableName("C_g")
    // kernel_dmft
    static let loss = ObservableName("loss"), deltaNorm = ObservableName("delta_norm")
    static let phiTrace = ObservableName("phi_trace"), phiTrace0 = ObservableName("phi_trace0")
    static let gTrace = ObservableName("g_trace"), gTrace0 = ObservableName("g_trace0")
    static let phiKernel = ObservableName("phi_kernel"), gKernel = ObservableName("g_kernel")
    static let hDensity = ObservableName("h_density"), iterations = ObservableName("dmft_iterations")
    static let residual = ObservableName("dmft_residual")
    // neural_ode (loss and test_loss as above)
    static let m = ObservableName("m"), q = ObservableName("q")
}

extension Trajectories {
    /// The trajectory of `observable`; fails the test (and returns nothing) when it is missing.
    subscript(_ observable: ObservableName) -> [Double] {
        guard let values = self[observable.name] else {
            XCTFail("no observable \(observable.name) in the record (recorded: \(names.joined(separator: ", ")))")
            return []
        }
        return values
    }

    /// Every trajectory's bit patterns, for bit-for-bit comparisons.
    var bitPatterns: [String: [UInt64]] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, (self[$0] ?? []).map(\.bitPattern)) })
    }
}
