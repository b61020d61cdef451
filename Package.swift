// swift-tools-version:6.0
//
// dynsweep: disorder-averaged simulations and theory solvers of learning dynamics,
// run as parameter sweeps on MPI clusters. The folder tree is the architecture, one
// target per folder; the dependencies below are the only imports the compiler allows
// (the picture and the reasons are in docs/design.md, "Targets"):
//
//   Sources/MPIShim          the only code that talks to MPI and parallel HDF5
//   Sources/LinearAlgebra    BLAS and LAPACK, for the Solvers (no MPI)
//   Sources/VectorKernels    vectorized C kernels for the Solvers' hot loops, one body per
//                            instruction set, behind a typed Swift API (no MPI, no BLAS)
//   Sources/Solvers          the physics: pure functions of parameters and a random stream
//   Sources/SweepStatistics  exact streaming statistics; depends on nothing
//   Sources/SweepConfig      the TOML config, checked against the models (no MPI)
//   Sources/SweepDataset     the labelled result in memory; depends on nothing
//   Sources/ResultArchive    that result as a netCDF-4 HDF5 file (write and read)
//   Sources/Plot             SVG figures of a result (no MPI, no HDF5)
//   Sources/Analysis         statistics of a finished result: theory verdicts (no MPI, no HDF5)
//   Sources/Coordinator      the runner: work plan, scheduling, journal, reduction, assembly
//   Sources/dynsweep         the command-line interface
//
// Declarations one target offers another are `package`: there is no library product.
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

        // Typed Swift API over MPI and parallel HDF5 (for the runner and the archive).
        .target(name: "MPIShim", dependencies: ["CMPI", "CHDF5"], path: "Sources/MPIShim/MPIShim"),
        // Typed Swift API over BLAS/LAPACK (used by Solvers; knows nothing of MPI).
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], path: "Sources/LinearAlgebra/LinearAlgebra"),

        // Vectorized C kernels (Box-Muller from Philox blocks, the fused SGD pass), compiled
        // for AVX-512, AVX2 and baseline and chosen at run time; bit-identical on all three
        // (CVectorKernels.h). Only their typed Swift API, VectorKernels, is for the Solvers.
        .target(name: "CVectorKernels", path: "Sources/VectorKernels/CVectorKernels"),
        .target(name: "VectorKernels", dependencies: ["CVectorKernels"], path: "Sources/VectorKernels/VectorKernels"),

        .target(name: "Solvers", dependencies: ["LinearAlgebra", "VectorKernels"]),
        .target(name: "SweepStatistics"),
        .target(name: "SweepConfig", dependencies: [
            "Solvers",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The result value is shared by the runner, the archive and Plot; Plot and the
        // archive do not know each other (the CLI reads a file's subset for a figure).
        .target(name: "SweepDataset"),
        .target(name: "ResultArchive", dependencies: ["SweepDataset", "MPIShim"]),
        .target(name: "Plot", dependencies: ["SweepDataset"]),
        .target(name: "Analysis", dependencies: ["SweepDataset"]),
        .target(name: "Coordinator", dependencies: [
            "Solvers", "MPIShim", "SweepConfig", "SweepStatistics", "SweepDataset", "ResultArchive",
        ]),
        .executableTarget(name: "dynsweep", dependencies: [
            "Coordinator", "SweepConfig", "SweepDataset", "ResultArchive", "Plot", "Analysis",
            "Solvers", "MPIShim", "LinearAlgebra",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], plugins: ["BuildStamp"]),
        // Writes `git describe` of the package into the dynsweep target in every build.
        .plugin(name: "BuildStamp", capability: .buildTool()),

        // Benchmarks (not timed tests): `swift run -c release dynsweep-bench --help`.
        .executableTarget(name: "dynsweep-bench", dependencies: ["Solvers", "LinearAlgebra"],
                          path: "bench/Sources/dynsweep-bench"),

        .testTarget(name: "SolversTests", dependencies: ["Solvers", "LinearAlgebra", "VectorKernels"]),
        .testTarget(name: "SweepStatisticsTests", dependencies: ["SweepStatistics"]),
        .testTarget(name: "SweepConfigTests", dependencies: ["SweepConfig", "Solvers"]),
        .testTarget(name: "ResultArchiveTests", dependencies: ["ResultArchive", "SweepDataset", "MPIShim"]),
        // PlotFileTests reads a written file back as `dynsweep plot` does, hence the archive.
        .testTarget(name: "PlotTests", dependencies: ["Plot", "SweepDataset", "ResultArchive", "MPIShim"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "SweepDataset"]),
        .testTarget(name: "CoordinatorTests", dependencies: [
            "Coordinator", "SweepConfig", "SweepStatistics", "SweepDataset", "Solvers", "MPIShim",
        ]),
        .testTarget(name: "IntegrationTests", dependencies: ["MPIShim"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer target of the config loader, declared only when DYNSWEEP_FUZZ=1: it links
// libFuzzer (-sanitize=fuzzer), so a normal build must not see it.
// Built and run by fuzz/run.sh (`make validate-fuzz`), in .build/fuzz, with every Swift
// module it uses compiled with -sanitize=fuzzer for coverage.
if Context.environment["DYNSWEEP_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzerDriver", path: "fuzz/CFuzzerDriver"),
        .executableTarget(name: "dynsweep-fuzz-config", dependencies: ["SweepConfig", "Solvers", "CFuzzerDriver"],
                          path: "fuzz/ConfigLoaderFuzz"),
    ]
}
