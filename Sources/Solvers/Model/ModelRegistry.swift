/// Every model kind dynsweep knows. Adding a model means adding its folder and one entry
/// here; nothing in the Coordinator or the CLI changes.
public enum ModelRegistry {
    public static let all: [any Model.Type] = [
        TeacherStudent.self,
        DeepLinear.self,
        KernelDMFT.self,
        NeuralODE.self,
        GatedRNN.self,
        TimeScaleSDE.self,
    ]

    /// The model type for a `model.kind` string.
    public static func model(kind: String) -> (any Model.Type)? {
        all.first { $0.kind == kind }
    }

    public static var kinds: [String] { all.map { $0.kind } }
}
