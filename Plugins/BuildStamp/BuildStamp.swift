import Foundation
import PackagePlugin

/// Stamps the `dynsweep` executable with the source revision it is built from: before
/// every build, `/bin/sh` runs `git describe --always --dirty --abbrev=12` in the package
/// directory and writes `BuildStamp.swift` (an enum with that string) into the plugin's
/// output directory, which SwiftPM compiles into the target. A run then reads a constant
/// and starts no process (forking after `MPI_Init` is unsupported on some interconnects).
///
/// The stamp is "unknown" when git is not installed or the package directory is not the
/// top of a git checkout (an unpacked archive, a copy). It holds no build time, so the
/// same commit gives the same stamp. The file is rewritten only when its text changes:
/// an unchanged tree recompiles nothing.
///
/// A prebuild command, not a build command: a build command runs only when declared input
/// files change, and whether the tree is dirty depends on every tracked file.
@main
struct BuildStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let work = context.pluginWorkDirectoryURL
        let generated = work.appending(path: "generated", directoryHint: .isDirectory)
        return [
            .prebuildCommand(
                displayName: "Stamping \(target.name) with git describe of the package",
                executable: URL(filePath: "/bin/sh"),
                arguments: [
                    "-c", Self.script, "stamp",
                    context.package.directoryURL.path(percentEncoded: false),
                    generated.path(percentEncoded: false),
                    work.appending(path: "BuildStamp.swift.tmp").path(percentEncoded: false),
                ],
                environment: [:],
                outputFilesDirectory: generated),
        ]
    }

    /// `sh -c SCRIPT stamp PACKAGE_DIR OUTPUT_DIR TEMP_FILE`. Git's environment overrides
    /// are dropped and GIT_CEILING_DIRECTORIES keeps git from finding a repository above
    /// the package directory. Characters that could end a Swift string literal are removed.
    static let script = #"""
        package_dir=$1 output_dir=$2 temp_file=$3
        unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_COMMON_DIR GIT_OBJECT_DIRECTORY
        GIT_CEILING_DIRECTORIES=$(dirname "$package_dir")
        export GIT_CEILING_DIRECTORIES
        stamp=
        if command -v git >/dev/null 2>&1; then
            stamp=$(git -C "$package_dir" describe --always --dirty --abbrev=12 2>/dev/null | tr -cd 'A-Za-z0-9._/+-')
        fi
        [ -n "$stamp" ] || stamp=unknown
        content="// Written by the BuildStamp plugin (Plugins/BuildStamp) before every build; do not edit.

        /// What the BuildStamp plugin found when this binary was built.
        enum BuildStamp {
            /// \`git describe --always --dirty --abbrev=12\` of the package directory, or \"unknown\".
            static let gitDescribe = \"$stamp\"
        }"
        output_file=$output_dir/BuildStamp.swift
        if [ -f "$output_file" ] && [ "$(cat "$output_file")" = "$content" ]; then
            exit 0
        fi
        mkdir -p "$output_dir" && printf '%s\n' "$content" > "$temp_file" && mv "$temp_file" "$output_file"
        """#
}
