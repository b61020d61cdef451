// dynsweep-bench: micro-benchmarks of the solvers' hot loops. Results are recorded in
// docs/benchmarks.md. Usage: dynsweep-bench <name> [options]; names are listed by --help.
import Foundation

let benchmarks: [(name: String, help: String, run: ([String]) throws -> Void)] = [
    ("sgd", "teacher-student SGD steps per second (N=784, M=K=4, erf, batch 1)", benchSGD),
    ("neural-ode", "neural_ode epochs per second at N = 100, 200, 400 (t_final 1, dt 0.05), K pass vs steps, bandwidth bound", benchNeuralODE),
    ("neural-ode-theory", "neural_ode DMFT solve time against epochs and the inference-time grid", benchNeuralODETheory),
    ("gated-rnn", "gated_rnn training sequence-steps per second (T=1024/256, diagonal gate, Adam) and one record's diagnostics", benchGatedRNN),
    ("dmft", "deep-linear DMFT time and memory at T = 100, 200, 400 (L=4), and the simulation of the same curve", benchDMFT),
]

let args = Array(CommandLine.arguments.dropFirst())
if args.isEmpty || args[0] == "--help" || args[0] == "-h" {
    print("usage: dynsweep-bench <name> [options]\n\nbenchmarks:")
    for b in benchmarks { print("  \(b.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(b.help)") }
    exit(0)
}
guard let bench = benchmarks.first(where: { $0.name == args[0] }) else {
    FileHandle.standardError.write("dynsweep-bench: unknown benchmark '\(args[0])' (see --help)\n".data(using: .utf8)!)
    exit(2)
}
do { try bench.run(Array(args.dropFirst())) } catch {
    FileHandle.standardError.write("dynsweep-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
