// libFuzzer entry for the config loader: `make validate-fuzz` (fuzz/run.sh) builds this
// with -sanitize=fuzzer and runs it for a fixed time over fuzz/corpus/config-loader.
//
// Each input is a config file, optionally preceded by `#set KEY=VALUE` lines that are
// passed as --set overrides (so the override parser is fuzzed too). Loading may throw
// any ConfigError (that is the point of a hostile input); what it must never do is trap,
// crash, hang or allocate the problem. A config that loads is written back as canonical
// TOML (`resolvedTOML`), which must load again to the same canonical text.
import Solvers
import SweepConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    var overrides: [String] = []
    var body = Substring(text)
    while body.hasPrefix("#set "), let end = body.firstIndex(of: "\n") {
        overrides.append(String(body[body.index(body.startIndex, offsetBy: 5)..<end]))
        body = body[body.index(after: end)...]
    }
    // Loaded as the CLI loads it (the first point's model only), then at most 1024 points
    // spread over the sweep are built as SweepPlan builds them: a sweep may have 16.7M
    // points, and building every model (about 17 us each) would make one input take
    // minutes without exercising anything that 1024 points do not.
    guard var config = try? RunConfig(toml: String(body), fileName: "fuzz.toml", overrides: overrides,
                                      checkingEveryPoint: false) else { return 0 }
    let count = config.pointCount
    let stride = max(1, count / 1024)
    for index in Swift.stride(from: 0, to: count, by: stride) {
        guard (try? config.pointValidation.model(of: config.point(index))) != nil else { return 0 }
    }
    _ = config.point(count - 1).label
    // The canonical form parses to the same canonical form (docs/config.md, "resolved").
    do {
        let again = try RunConfig(toml: config.resolvedTOML, fileName: "resolved.toml", checkingEveryPoint: false)
        if again.resolvedTOML != config.resolvedTOML {
            fatalError("resolvedTOML does not round-trip:\n\(config.resolvedTOML)\n---\n\(again.resolvedTOML)")
        }
    } catch {
        fatalError("resolvedTOML of a valid config does not load (\(error)):\n\(config.resolvedTOML)")
    }
    return 0
}
