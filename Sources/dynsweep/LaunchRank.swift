import Foundation

/// This process's rank as the launcher sets it in the environment (OpenMPI's mpirun,
/// PMIx, MPICH's PMI, Slurm's srun), known before MPI starts: command-line usage errors
/// are found before `MPI_Init`, and only the first rank should print them, not one copy
/// per rank.
enum LaunchRank {
    static let variables = ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"]

    /// True on every rank but the first of a launched job (false for a single process).
    static var isSecondary: Bool {
        let environment = ProcessInfo.processInfo.environment
        guard let value = variables.lazy.compactMap({ environment[$0] }).first else { return false }
        return value.trimmingCharacters(in: .whitespaces) != "0"
    }
}
