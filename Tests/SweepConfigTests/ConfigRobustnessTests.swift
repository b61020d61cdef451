import Solvers
@testable import SweepConfig
import XCTest

/// No input may crash or hang the parser: every hostile input ends in a one-line
/// `ConfigError` (or, when it is valid TOML for a valid config, in a config).
final class ConfigRobustnessTests: XCTestCase {
    func testGarbageIsASyntaxErrorOrAConfigError() {
        let inputs = [
            "", "\u{0}", "\u{0}\u{1}\u{2}[[[", "[", "]]]", "=", "a =", "[model", "[[sweep.zip]", "\"unterminated",
            "'''", "\"\"\"", "[model]\nkind = \"fake\"\nK = 2\nK = 3", "[model]\n[model]",
            "[model]\nkind = \"fake\"\n[model.sub]\nx = 1", "🙂 = 1", String(repeating: "x", count: 100_000),
            String(bytes: (0..<255).map { UInt8($0) }, encoding: .isoLatin1) ?? "",
        ]
        for input in inputs {
            _ = configError(input)
        }
    }

    /// toml++ asserts (SIGABRT, the whole process) on a header whose first key starts with
    /// neither a bare-key character nor a quote, and on a `}` where an array expects a value;
    /// found by the fuzz target (fuzz/). Refused with the line, while `[` opening a line
    /// inside a multi-line array or string stays data.
    func testHeadersWithoutAKeyAreASyntaxErrorNotAnAbort() throws {
        for value in ["[}]", "[1, }]", "[1, # c\n }]", "[\n}]", "1979-05-27T:30:07Z", "[1979-05-27t]"] {
            assertContains(configError(minimal("N = " + value)), "test.toml:", "TOML syntax error")
        }
        for header in ["[[[sweep.zip]]", "[[=]]", "[[.a]]", "[.a]", "[=]", "[[ [a]]", "[[#]]", "[[,]]", "[ +]"] {
            assertContains(configError(minimal() + "\n" + header + "\nx = 1\n"), "test.toml:", "TOML syntax error")
        }
        let inArray = minimal() + "\n[sweep]\nK = [\n  [1],\n  [ +2],\n]\n"
        let inString = "[run]\nname = \"\"\"\n[=]\n[[.a]]\"\"\"\n" + minimal() + "\n# [=]\n"
        for text in [inArray, inString] {
            do {
                _ = try RunConfig(toml: text, fileName: "test.toml", models: fakeModels)
            } catch {
                XCTAssertFalse(error.description.contains("table header"), "\(error)")
            }
        }
    }

    func testDeepNestingIsRefused() {
        let depth = 10_000
        let arrays = "[model]\nkind = \"fake\"\nK = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        assertContains(configError(arrays), "TOML syntax error")
        let tables = "[model]\nkind = \"fake\"\nK = " + String(repeating: "{ a = ", count: depth) + "1"
            + String(repeating: " }", count: depth)
        assertContains(configError(tables), "TOML syntax error")
        let dotted = "[" + Array(repeating: "a", count: 40).joined(separator: ".") + "]\nx = 1\n" + minimal()
        assertContains(configError(dotted), "test.toml:1:", "nested more than 16 levels")
        // toml++ recurses once per key part: this header used to overflow the stack.
        let deepHeader = "\n[" + Array(repeating: "a", count: 500_000).joined(separator: " . ") + "]\nx = 1\n"
        assertContains(configError(deepHeader), "test.toml:2:", "dotted key with more than 64 parts")
        let deepKey = minimal(Array(repeating: "\"q\"", count: 100_000).joined(separator: ".") + " = 1")
        assertContains(configError(deepKey), "test.toml:4:", "dotted key with more than 64 parts")
        let arraysInRange = minimal("[sweep]\neta = " + String(repeating: "{ log = ", count: 40) + "1"
            + String(repeating: " }", count: 40))
        _ = configError(arraysInRange)
    }

    func testLargeDocumentsStayFast() {
        let start = Date()
        _ = configError(minimal((0..<50_000).map { "k\($0) = \($0)" }.joined(separator: "\n")))
        _ = configError(minimal((0..<50_000).map { "[s\($0)]" }.joined(separator: "\n")))
        _ = configError(minimal("[sweep]\neta = [" + Array(repeating: "0.5", count: 100_000).joined(separator: ",") + "]"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "parsing must stay linear in the document size")
    }

    func testHugeNumbers() throws {
        assertContains(configError(minimal("N = 99999999999999999999999")), "TOML syntax error")
        assertContains(configError(minimal("N = 1e300")), "model.N must be an integer, got real number 1e+300")
        XCTAssertEqual(try config(minimal("N = 9223372036854775807")).baseParameters["N"], .int(Int.max))
        // A huge sweep count must be refused before anything is allocated.
        assertContains(configError(minimal("[sweep]\neta = { linear = [0.1, 1.0, 9223372036854775807] }")),
                       "exceeds the 16777216 sweep points")
        assertContains(configError(minimal("[sweep]\neta = { linear = [0.1, 1.0, 1e300] }")), "count")
        assertContains(configError(minimal("[record]\npoints = 9223372036854775807")), "record.points must be between")
        assertContains(configError(minimal("[run]\nseed = 1e300")), "run.seed must be an integer")
    }

    func testNaNAndInfinityAreRefused() {
        for value in ["nan", "+nan", "-nan", "inf", "-inf", "+inf"] {
            assertContains(configError(minimal("eta = \(value)")), "model.eta must be a finite real number")
            assertContains(configError(minimal("[sweep]\neta = [0.1, \(value)]")), "finite real number")
            assertContains(configError(minimal("[sweep]\neta = { log = [0.1, \(value), 3] }")), "must be finite")
            _ = configError(minimal("[run]\ndiverge_above = \(value)"))
            _ = configError(minimal("[record]\nspacing = \"log\"\nt_min = \(value)"))
        }
        assertContains(configError(minimal("N = nan")), "model.N must be an integer, got real number nan")
        assertContains(configError(minimal("[run]\ndiverge_above = nan")), "run.diverge_above must be a finite real number")
    }

    func testHostileOverrides() {
        for argument in ["", "=", "==", ".=", "a.=1", ".b=1", "model.=1", "model.K=[[[[[[", "model.K=\u{0}",
                         "model.K={", "model.K=1 2", "model.K=\"", "sweep.zip=5", "sweep.zip=[1, 2]",
                         "model.K=" + String(repeating: "[", count: 5000)] {
            _ = configError(minimal(), set: [argument])
        }
    }
}
