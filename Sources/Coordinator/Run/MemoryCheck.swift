import Foundation

/// Refuses a run that cannot fit in memory, before it starts, with the numbers.
enum MemoryCheck {
    /// Physical memory of this node in bytes.
    static var physicalMemory: Double {
        Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// Ranks sharing this node: OpenMPI and Slurm tell; otherwise assume all of them.
    static func ranksOnThisNode(worldSize: Int) -> Int {
        let env = ProcessInfo.processInfo.environment
        for key in ["OMPI_COMM_WORLD_LOCAL_SIZE", "SLURM_NTASKS_PER_NODE", "MPI_LOCALNRANKS"] {
            if let v = env[key], let n = Int(v.split(separator: "(").first ?? ""), n > 0 { return n }
        }
        return worldSize
    }

    static func check(bytesPerRank: Double, worldSize: Int) throws {
        let local = ranksOnThisNode(worldSize: worldSize)
        let needed = bytesPerRank * Double(local)
        let available = physicalMemory
        if needed > 0.9 * available {
            throw CoordinatorError(String(format:
                "the run needs about %@ of memory on this node (%@ per rank x %d ranks), but the node has %@; "
                + "use fewer realizations with --keep-realizations, fewer record points, fewer ranks per node, or smaller sizes",
                format(needed), format(bytesPerRank), local, format(available)))
        }
    }

    static func format(_ bytes: Double) -> String {
        let gib = Double(1 << 30), mib = Double(1 << 20)
        if bytes >= gib { return String(format: "%.1f GiB", bytes / gib) }
        if bytes >= mib { return String(format: "%.1f MiB", bytes / mib) }
        return String(format: "%.0f KiB", bytes / 1024)
    }
}
