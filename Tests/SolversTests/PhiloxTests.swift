import XCTest
import Solvers

/// Philox4x32-10 against the known-answer vectors shipped with Random123 (kat_vectors):
/// if any of these fail, every stream in the project is wrong.
final class PhiloxTests: XCTestCase {
    private func check(_ counter: (UInt32, UInt32, UInt32, UInt32), _ key: (UInt32, UInt32),
                       _ expected: (UInt32, UInt32, UInt32, UInt32), line: UInt = #line) {
        let r = Philox4x32.block(counter, key: key)
        XCTAssertEqual([r.0, r.1, r.2, r.3], [expected.0, expected.1, expected.2, expected.3],
                       String(format: "got %08x %08x %08x %08x", r.0, r.1, r.2, r.3), line: line)
    }

    func testZeroCounterZeroKey() {
        check((0, 0, 0, 0), (0, 0), (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
    }

    func testAllOnes() {
        check((0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), (0xffff_ffff, 0xffff_ffff),
              (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
    }

    func testPiDigits() {
        check((0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), (0xa409_3822, 0x299f_31d0),
              (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }
}
