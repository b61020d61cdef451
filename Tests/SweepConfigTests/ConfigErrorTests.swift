import Solvers
@testable import SweepConfig
import XCTest

/// Every validation error is one line that names the key, says how to fix it, and
/// points at the file's line when there is one.
final class ConfigErrorTests: XCTestCase {
    func testSyntaxErrorCarriesTheLine() {
        let message = configError("[run]\nseed = 1\nrealizations = = 3\n")
        assertContains(message, "test.toml:3:", "TOML syntax error")
        assertContains(configError("[run]\nseed = ", file: nil), "line 2:", "TOML syntax error")
    }

    func testUnknownSection() {
        let message = configError(minimal("[runn]\nseed = 3"))
        assertContains(message, "test.toml:4:", "unknown section [runn]", "did you mean [run]?")
        assertContains(configError(minimal("[outputs]\nx = 1")), "unknown section [outputs]", "[run], [model]")
        assertContains(configError("seed = 3\n" + minimal()), "test.toml:1:", "key seed is outside any section",
                       "belongs under [run]")
        assertContains(configError("run = 3\n" + minimal()), "run must be a section")
    }

    func testUnknownKeysSuggestTheNearestName() {
        assertContains(configError(minimal("eat = 0.3")), "test.toml:4:", "unknown key model.eat; did you mean model.eta?")
        assertContains(configError(minimal("[run]\nrealisations = 3")), "test.toml:5:",
                       "unknown key run.realisations; did you mean run.realizations?")
        assertContains(configError(minimal("[record]\npoint = 3")), "unknown key record.point; did you mean record.points?")
        assertContains(configError(minimal("[theory]\nenable = false")), "unknown key theory.enable; did you mean theory.enabled?")
        assertContains(configError(minimal("[sweep]\nETA = [0.1]")), "unknown key sweep.ETA; did you mean sweep.eta?")
        assertContains(configError(minimal("[[sweep.zip]]\nnn = [1]\neta = [0.1]")),
                       "unknown key sweep.zip[1].nn; did you mean sweep.zip[1].N?")
        assertContains(configError(minimal("zzzzzz = 1")), "unknown key model.zzzzzz; valid keys: kind, N, eta, K")
    }

    func testUnknownModelKindListsTheKnownKinds() {
        let message = configError("[model]\nkind = \"fak\"\n")
        assertContains(message, "test.toml:2:", "unknown model kind \"fak\"", "known kinds: fake, fake_discrete",
                       "did you mean \"fake\"?")
    }

    func testMissingKind() {
        assertContains(configError("[model]\nK = 2\n"), "missing model.kind", "known kinds: fake, fake_discrete")
        assertContains(configError("[run]\nseed = 2\n"), "missing [model] section", "kind =")
        assertContains(configError("[model]\nkind = 3\n"), "model.kind must be a string, got integer 3")
    }

    func testWrongTypes() {
        assertContains(configError(minimal().replacingOccurrences(of: "K = 2", with: "K = \"two\"")),
                       "test.toml:3:", "model.K must be an integer, got string \"two\"")
        assertContains(configError(minimal("N = 2.5")), "model.N must be an integer, got real number 2.5")
        assertContains(configError(minimal("eta = true")), "model.eta must be a real number, got boolean true")
        assertContains(configError(minimal("flag = 1")), "model.flag must be true or false, got integer 1")
        assertContains(configError(minimal("activation = \"rleu\"")),
                       "model.activation must be one of \"erf\", \"relu\", \"linear\", got \"rleu\"; did you mean \"relu\"?")
        assertContains(configError(minimal("N = [1, 2]")), "model.N must be an integer, got list [1, 2]",
                       "to sweep it, put it under [sweep]")
        assertContains(configError(minimal("[sweep]\nN = [1, \"x\"]")), "sweep.N (value 2) must be an integer, got string \"x\"")
        assertContains(configError(minimal("[run]\nname = 5")), "run.name must be a string, got integer 5")
        assertContains(configError(minimal("[run]\nname = \"a/b\"")), "run.name must not contain '/'")
        assertContains(configError(minimal("[run]\noutput = \"\"")), "run.output must be a non-empty string")
        assertContains(configError(minimal("[theory]\nenabled = \"yes\"")), "theory.enabled must be true or false")
        assertContains(configError(minimal("[record]\nspacing = \"logarithmic\"")),
                       "record.spacing must be one of \"linear\", \"log\", got \"logarithmic\"")
        assertContains(configError(minimal("when = 1979-05-27")), "unknown key model.when")
        assertContains(configError(minimal("eta = 1979-05-27")), "model.eta must be a real number, got date")
    }

    func testUserTextWithLineBreaksStaysOnOneLine() {
        let message = configError(minimal("activation = \"re\\nlu\""))
        assertContains(message, "got \"re\\nlu\"")
        assertContains(configError(minimal(), set: ["model.activation=\"a\\nb\""]), "--set model.activation=")
    }

    func testRequiredParameterMissing() {
        let message = configError("[model]\nkind = \"fake\"\n")
        assertContains(message, "missing required parameter model.K", "student hidden units", "set it under [model]")
    }

    func testSweepForms() {
        assertContains(configError(minimal("[sweep]\neta = []")), "test.toml:5:", "sweep.eta is an empty list")
        assertContains(configError(minimal("[sweep]\neta = 0.3")), "sweep.eta must be a list of values or a range",
                       "set it under [model]")
        assertContains(configError(minimal("[sweep]\neta = { log = [0.0, 1.0, 3] }")), "sweep.eta",
                       "log range needs start > 0 and stop > 0")
        assertContains(configError(minimal("[sweep]\neta = { log = [0.1, 1.0, 0] }")), "sweep.eta",
                       "count (third number) of a range must be a whole number >= 1")
        assertContains(configError(minimal("[sweep]\neta = { linear = [0.1, 1.0, 2.5] }")), "count")
        assertContains(configError(minimal("[sweep]\neta = { linear = [0.1, 1.0] }")),
                       "sweep.eta must be { linear = [start, stop, count] } or { log = [start, stop, count] }")
        assertContains(configError(minimal("[sweep]\neta = { lin = [0.1, 1.0, 3] }")), "did you mean linear?")
        assertContains(configError(minimal("[sweep]\neta = { linear = [0.1, nan, 3] }")), "must be finite")
        assertContains(configError(minimal("[sweep]\nN = { linear = [1, 4, 3] }")), "sweep.N gives 2.5",
                       "not a whole number", "N is an integer")
        assertContains(configError(minimal("[sweep]\nactivation = { linear = [1, 4, 4] }")),
                       "sweep.activation: a range needs a numeric parameter")
        assertContains(configError(minimal("[sweep]\nN = [1, 2, 1]")), "sweep.N lists 1 more than once")
    }

    func testZipErrors() {
        let message = configError(minimal("[[sweep.zip]]\neta = [0.1, 0.5]\nN = [10, 20, 30]"))
        assertContains(message, "test.toml:4:", "sweep.zip[1]: lists have different lengths (N has 3, eta has 2)")
        assertContains(configError(minimal("[sweep]\neta = [0.1]\n[[sweep.zip]]\neta = [0.2]\nN = [1]")),
                       "eta is swept twice (sweep.eta and sweep.zip[1].eta)")
        assertContains(configError(minimal("[sweep]\nzip = 3")), "sweep.zip must be [[sweep.zip]] groups")
        assertContains(configError(minimal("[sweep]\nzip = [1]")), "sweep.zip[1] must be a table of parameter lists")
    }

    func testParameterBothFixedAndSwept() {
        let message = configError(minimal("eta = 0.2\n[sweep]\neta = [0.1, 0.3]"))
        assertContains(message, "test.toml:6:", "model.eta is set in [model] and swept as sweep.eta; keep only one")
    }

    func testEndTimeParameterCannotBeSwept() {
        assertContains(configError(minimal("[sweep]\nt_max = [1.0, 2.0]")),
                       "sweep.t_max: the end-time parameter t_max cannot be swept", "one time axis", "one sweep per t_max")
        assertContains(configError(minimal("[[sweep.zip]]\nt_max = [1.0, 2.0]\neta = [0.1, 0.2]")),
                       "sweep.zip[1].t_max: the end-time parameter")
    }

    func testRunSectionRanges() {
        assertContains(configError(minimal("[run]\nrealizations = -1")), "test.toml:5:",
                       "run.realizations must be >= 0 (0 runs the theory only), got -1")
        assertContains(configError(minimal("[run]\nrealizations = 5000000000")), "run.realizations = 5000000000 exceeds")
        assertContains(configError(minimal("[run]\nseed = -5")), "run.seed must be a non-negative integer, got -5")
        assertContains(configError(minimal("[run]\nseed = \"abc\"")), "run.seed must be an integer, got string \"abc\"")
        assertContains(configError(minimal("[run]\nseed = 1.5")), "run.seed must be an integer, got real number 1.5")
        assertContains(configError(minimal("[run]\nrealizations = 4\nblocks = 8")),
                       "run.blocks = 8 exceeds run.realizations = 4")
        assertContains(configError(minimal("[run]\nblocks = 0")), "run.blocks must be >= 1, got 0")
        assertContains(configError(minimal("[run]\ndiverge_above = 0")), "run.diverge_above must be > 0")
        assertContains(configError(minimal("[run]\nrealizations = 0\n[theory]\nenabled = false")),
                       "nothing would be computed")
    }

    func testRecordPointsRange() {
        assertContains(configError(minimal("[record]\npoints = 0")), "test.toml:5:", "record.points must be between 1 and")
        assertContains(configError(minimal("[record]\npoints = 100000000")), "record.points must be between 1 and 1000000")
    }

    func testModelErrorsNameTheSweepPoint() {
        let message = configError(minimal().replacingOccurrences(of: "K = 2", with: "") + "\n[sweep]\nK = [2, 0, 1]")
        XCTAssertEqual(message, "test.toml: at sweep point K=0: model.K = 0: the student needs at least one hidden unit")
        let single = configError(minimal("eta = -1.0"))
        XCTAssertEqual(single, "test.toml:4: model.eta = -1.0 is out of range: it must be > 0")
    }

    func testTooManyPoints() {
        let message = configError(minimal().replacingOccurrences(of: "K = 2", with: "") + """

        [sweep]
        K = { linear = [1, 300, 300] }
        N = { linear = [1, 300, 300] }
        eta = { linear = [0.1, 1.0, 300] }
        """)
        assertContains(message, "more than the 16777216 points", "K: 300", "split it into several runs")
    }
}
