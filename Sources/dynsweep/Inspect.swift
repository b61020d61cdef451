import ArgumentParser
import Coordinator
import Foundation
import ResultArchive

extension Dynsweep {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what an output file holds (dimensions, variables, provenance), or how far an interrupted run got.",
            discussion: """
                Examples:
                  dynsweep inspect out/quickstart.h5
                  dynsweep inspect out/quickstart.h5 --config     # print the resolved config that produced it
                """)

        @Argument(help: ArgumentHelp("An HDF5 file written by dynsweep run.", valueName: "file"))
        var file: String

        @Flag(help: "Print the resolved TOML config stored in the file (it can be run again as it is).")
        var config = false

        @Option(help: "Cut attribute values to this many characters (0: no limit).")
        var width = 100

        func run() throws {
            do {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                    throw CoordinatorError("\(file) is a directory, not an output file; name the .h5 file a run wrote")
                }
                let journal = JournalSummary.read(outputPath: file)
                guard FileManager.default.fileExists(atPath: file) else {
                    if let journal {
                        // An interrupted run: say how far it got and how to continue.
                        let percent = 100 * Double(journal.finishedItems) / Double(max(journal.totalItems, 1))
                        print("\(file): partial: the run was interrupted with \(journal.finishedItems) of "
                            + "\(journal.totalItems) work items done (\(String(format: "%.0f", percent))%), "
                            + "journal \(journal.directory), built from \(journal.commit)")
                        print("continue it with: dynsweep run CONFIG --output \(file) --resume "
                            + "(the config is in the journal's manifest)")
                        if config { print(journal.config) }
                        return
                    }
                    if FileManager.default.fileExists(atPath: file + ".partial") {
                        throw CoordinatorError("\(file) does not exist, but \(file).partial does: "
                            + "that run did not finish (the .partial file is incomplete)")
                    }
                    throw CoordinatorError("\(file) does not exist")
                }
                let summary = try ResultReader.summary(path: file)
                if config {
                    guard let entry = summary.attributes.first(where: { $0.0 == "config" }),
                          case .string(let text) = entry.1 else {
                        throw CoordinatorError("\(file) has no `config` attribute: it was not written by dynsweep run")
                    }
                    print(text)
                    return
                }
                // Status, format and build first; for a file without a format, that dynsweep did not write it.
                var heading = summary.heading
                if journal != nil, !heading.isEmpty {
                    heading[0] += " (a journal of a later, interrupted run of this output also exists)"
                }
                heading.forEach { print($0) }
                print(summary.render(attributeWidth: width > 0 ? width : Int.max))
            } catch {
                ErrorReporting.fail(error)
            }
        }
    }
}
