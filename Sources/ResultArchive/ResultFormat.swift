/// The name and schema version of the files `dynsweep run` writes, stored in the root
/// attribute `dynsweep_format` beside the build's `dynsweep_version` and `git_commit`, so
/// that a reader (and `dynsweep inspect`) can tell a dynsweep result, and its layout,
/// from any other HDF5 file.
///
/// Version 1 is the layout of docs/output.md: dimensions `point` (one coordinate per swept
/// parameter), `time` (coordinate `time`), an observable's own axes and, with
/// `--keep-realizations`, `realization`; data variables `X_mean`, `X_std`, `X_sem`,
/// `X_theory`, `X_theory_sem`, `X_realizations`, `X_theory_realizations`, `count` and
/// `diverged`; root attributes `config`, `model_kind`, `seed`, `realizations`, `blocks`,
/// `time_meaning`, `status` and the provenance ones.
///
/// Bump the number when a reader of the current version would misread a new file: a
/// variable, dimension or attribute renamed, removed or given another meaning or shape.
/// Adding a variable or attribute that such a reader can ignore needs no bump.
package enum ResultFormat {
    /// The root attribute that holds the format.
    package static let attribute = "dynsweep_format"
    /// What this build writes: name, slash, schema version.
    package static let current = "dynsweep-sweep/1"
    /// What `dynsweep extrapolate` writes: the sweep grid without its size axis, with
    /// `X_extrapolated`, `X_extrapolated_sem`, `X_extrapolated_chi2dof`, `X_theory`,
    /// `X_theory_sem` and the `extrapolat*` root attributes (docs/analysis.md).
    package static let extrapolation = "dynsweep-extrapolation/1"
    /// The formats this build writes.
    package static let known: Set<String> = [current, extrapolation]
}
