import Foundation
import PackagePlugin

/// Stamps the `dynsweep` executable with the source revision it is built from: in every
/// build, `/bin/sh` runs `git describe --always --dirty --abbrev=12` in the package
/// directory and writes `BuildStamp.swift` (an enum holding that string), which SwiftPM
/// compiles into the target. A run then reads a constant and starts no process (forking
/// after `MPI_Init` is unsupported on some interconnects).
///
/// The stamp is "unknown" when git is not installed or the package directory is not the
/// top of a git checkout (an unpacked archive, a copy). It holds no build time, so the
/// same commit gives the same stamp. The file is rewritten only when its text changes,
/// so a build with nothing else to do compiles nothing.
///
/// A build command that runs in every build, not a prebuild command: SwiftPM runs prebuild
/// commands only when it plans the build again (a file added or removed, the manifest or
/// the environment changed), so an edit or a commit would leave the stamp stale. The
/// command's input is its own work directory, which the script touches after each run:
/// the next build always finds the input changed and runs it again.
@main
struct BuildStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let work = context.pluginWorkDirectoryURL
        // The input must exist before the first build runs the command.
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let output = work.appending(path: "BuildStamp.swift")
        return [
            .buildCommand(
                displayName: "Stamping \(target.name) with git describe of the package",
                executable: URL(filePath: "/bin/sh"),
                arguments: [
                    "-c", Self.script, "stamp",
                    context.package.directoryURL.path(percentEncoded: false),
                    output.path(percentEncoded: false),
                    work.path(percentEncoded: false),
                ],
                inputFiles: [work],
                outputFiles: [output]),
        ]
    }

    /// `sh -c SCRIPT stamp PACKAGE_DIR OUTPUT_FILE WORK_DIR`. Git's environment overrides
    /// are dropped, GIT_CEILING_DIRECTORIES keeps git from finding a repository above the
    /// package directory, and `--no-optional-locks` keeps it from rewriting the index
    /// under a git command the user runs meanwhile. Characters that could end a Swift
    /// string literal are removed from the stamp.
    static let script = #"""
        package_dir=$1 output_file=$2 work_dir=$3
        unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_COMMON_DIR GIT_OBJECT_DIRECTORY
        GIT_CEILING_DIRECTORIES=$(dirname "$package_dir")
        export GIT_CEILING_DIRECTORIES
        stamp=
        if command -v git >/dev/null 2>&1; then
            stamp=$(git --no-optional-locks -C "$package_dir" describe --always --dirty --abbrev=12 2>/dev/null \
                | tr -cd 'A-Za-z0-9._/+-')
        fi
        [ -n "$stamp" ] || stamp=unknown
        content="// Written by the BuildStamp plugin (Plugins/BuildStamp) in every build; do not edit.

        /// What the BuildStamp plugin found when this binary was built.
        enum BuildStamp {
            /// \`git describe --always --dirty --abbrev=12\` of the package directory, or \"unknown\".
            static let gitDescribe = \"$stamp\"
        }"
        if ! { [ -f "$output_file" ] && [ "$(cat "$output_file")" = "$content" ]; }; then
            printf '%s\n' "$content" > "$output_file.tmp" && mv "$output_file.tmp" "$output_file" || exit 1
        fi
        # Changes this command's input, so that the next build runs it again.
        touch -c "$work_dir"
        """#
}
