import ArgumentParser
import Coordinator
import Foundation
import Solvers

extension Dynsweep {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a run would do: points, realizations, work per rank, cost and memory. Runs nothing.",
            discussion: """
                Examples:
                  dynsweep plan examples/quickstart.toml
                  dynsweep plan sweep.toml --ranks 64 --set run.realizations=1024
                """)

        @OptionGroup var config: ConfigOptions

        @Option(help: "Number of MPI ranks to plan for.")
        var ranks = 1

        @Flag(help: "Plan for --keep-realizations (stores every trajectory).")
        var keepRealizations = false

        func run() throws {
            do {
                guard ranks >= 1 else { throw ValidationError("--ranks must be at least 1") }
                let plan = try SweepPlan(config: try config.load(), listingWork: false)
                print(PlanReport(plan: plan, ranks: ranks, keepRealizations: keepRealizations).text)
            } catch let error as ValidationError {
                throw error
            } catch {
                ErrorReporting.fail(error)
            }
        }
    }
}

/// The human-readable plan of a sweep.
struct PlanReport {
    let plan: SweepPlan
    let ranks: Int
    let keepRealizations: Bool

    var text: String {
        let config = plan.config
        var lines: [String] = []
        lines.append("run \"\(config.name)\": model \(config.modelKind), seed \(config.seed)")
        lines.append("output: \(config.output ?? "\(config.name).h5")")
        lines.append("sweep: \(plan.pointCount) point(s) x \(config.realizations) realization(s)"
            + " = \(plan.pointCount * config.realizations) realizations"
            + ", \(plan.work.blocksPerPoint) block(s) per point")
        if let target = config.target {
            let bound: String
            switch target.bound {
            case .relative(let fraction): bound = "SEM <= \(format(fraction)) x |mean|"
            case .absolute(let value): bound = "SEM <= \(format(value))"
            }
            lines.append("target: \(bound) of \(target.observable) at every record time; the realizations above are "
                + "the first round, then rounds of up to \(plan.work.blocksPerPoint) block(s) until it is met, at most "
                + "\(target.maxRealizations) per point (\(plan.pointCount * target.maxRealizations) in all)")
        }
        lines.append("record: \(plan.times.count) times from \(format(plan.times.first ?? 0)) to "
            + "\(format(plan.times.last ?? 0)) (\(config.modelType.timeAxis.meaning))")
        lines.append("theory: \(config.theoryEnabled ? describe(plan.theoryMode) : "disabled")")
        if config.theoryReplicas > 1 {
            let deterministic = plan.pointCount - plan.stochasticTheoryPoints
            lines.append("theory replicas: \(config.theoryReplicas) independent solves at each of "
                + "\(plan.stochasticTheoryPoints) point(s) with a Monte Carlo theory (mean as X_theory, standard error "
                + "as X_theory_sem)" + (deterministic > 0
                    ? "; \(deterministic) point(s) with a deterministic theory are solved once (X_theory_sem = 0)" : ""))
        }
        lines.append("work: \(plan.work.itemCount) item(s), about \(String(format: "%.1f", plan.itemsPerRank(ranks))) "
            + "per rank on \(ranks) rank(s), handed out largest first")
        let gflop = plan.totalFlops / 1e9
        lines.append(String(format: "cost: %.3g GFLOP in all, %.3g GFLOP per rank", gflop, gflop / Double(ranks))
            + (config.target.map { target in
                String(format: " (the first round; at most about %.3g GFLOP at the cap)",
                       gflop * Double(target.maxRealizations) / Double(max(config.realizations, 1)))
            } ?? ""))
        let bytes = plan.bytesPerRank(ranks: ranks, keepRealizations: keepRealizations)
        lines.append("memory: about \(formatBytes(bytes)) per rank")
        if plan.pointCount > 0, !plan.point(0).swept.isEmpty {
            lines.append("points:")
            for point in (0..<min(plan.pointCount, 50)).map(plan.point) {
                let label = point.swept.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
                lines.append("  \(point.index): \(label)")
            }
            if plan.pointCount > 50 { lines.append("  ... (\(plan.pointCount - 50) more)") }
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ mode: TheoryMode) -> String {
        switch mode {
        case .perRealization: return "per realization, averaged like the simulation"
        case .perPoint: return "one solve per point"
        case .perPointCollective: return "one solve per point by all ranks together (Monte Carlo split over ranks)"
        case .none: return "none"
        }
    }

    private func format(_ x: Double) -> String { String(format: "%g", x) }

    private func formatBytes(_ bytes: Double) -> String {
        let gib = Double(1 << 30)
        if bytes >= gib { return String(format: "%.2f GiB", bytes / gib) }
        return String(format: "%.1f MiB", bytes / Double(1 << 20))
    }
}
