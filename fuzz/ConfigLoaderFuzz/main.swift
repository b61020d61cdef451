// SwiftPM gives an executable target's entry point its own name and links `main` to it, so
// libFuzzer's own `main` is not used: this one hands the command line to libFuzzer's driver
// (-max_total_time=..., corpus directories; see fuzz/run.sh).
import CFuzzerDriver
import Foundation

var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, fuzzConfigLoader))
