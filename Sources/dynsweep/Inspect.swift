import ArgumentParser
import Coordinator
import Foundation

extension Dynsweep {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what an output file holds: dimensions, variables, provenance and whether it is complete.",
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
                guard FileManager.default.fileExists(atPath: file) else {
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
                print(summary.render(attributeWidth: width > 0 ? width : Int.max))
            } catch {
                ErrorReporting.fail(error)
            }
        }
    }
}
