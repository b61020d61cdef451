// swift-tools-version:6.0
//
// dynsweep: disorder-averaged simulations and theory solvers of learning dynamics,
// run as parameter sweeps on MPI clusters. The folder tree is the architecture:
//
//   Sources/MPIShim      the only code that talks C (OpenMPI, parallel HDF5, OpenBLAS)
//   Sources/Solvers      the physics: pure functions of parameters and a random stream
//   Sources/Coordinator  config, sweep, scheduling, seeding, statistics, reduction, output
//   Sources/dynsweep     the command-line interface
import PackageDescription

let package = Package(
    name: "dynsweep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dynsweep", targets: ["dynsweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C bridges: system libraries found through pkg-config (see docs/platform.md).
        .systemLibrary(name: "CMPI", path: "Sources/MPIShim/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/MPIShim/CHDF5", pkgConfig: "hdf5-openmpi",
                       providers: [.apt(["libhdf5-openmpi-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/LinearAlgebra/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),

        // Typed Swift API over MPI and parallel HDF5 (used by Coordinator only).
        .target(name: "MPIShim", dependencies: ["CMPI", "CHDF5"], path: "Sources/MPIShim/MPIShim"),
        // Typed Swift API over BLAS/LAPACK (used by Solvers; knows nothing of MPI).
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], path: "Sources/LinearAlgebra/LinearAlgebra"),

        .target(name: "Solvers", dependencies: ["LinearAlgebra"]),
        .target(name: "SweepStatistics"),
        .target(name: "SweepConfig", dependencies: [
            "Solvers",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "Coordinator", dependencies: ["Solvers", "MPIShim", "SweepConfig", "SweepStatistics"]),
        .executableTarget(name: "dynsweep", dependencies: [
            "Coordinator", "SweepConfig", "Solvers", "MPIShim", "LinearAlgebra",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], plugins: ["BuildStamp"]),
        // Writes `git describe` of the package into the dynsweep target in every build.
        .plugin(name: "BuildStamp", capability: .buildTool()),

        // Benchmarks (not timed tests): `swift run -c release dynsweep-bench --help`.
        .executableTarget(name: "dynsweep-bench", dependencies: ["Solvers", "LinearAlgebra"],
                          path: "bench/Sources/dynsweep-bench"),

        .testTarget(name: "SolversTests", dependencies: ["Solvers", "LinearAlgebra"]),
        .testTarget(name: "SweepStatisticsTests", dependencies: ["SweepStatistics"]),
        .testTarget(name: "SweepConfigTests", dependencies: ["SweepConfig", "Solvers"]),
        .testTarget(name: "CoordinatorTests", dependencies: ["Coordinator", "Solvers", "MPIShim"]),
        .testTarget(name: "IntegrationTests", dependencies: ["MPIShim"]),
    ],
    swiftLanguageModes: [.v6]
)
