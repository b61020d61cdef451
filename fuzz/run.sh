#!/bin/sh
# Builds the config-loader fuzz target with libFuzzer and runs it for a fixed time
# (`make validate-fuzz`; README, "Layout", on the tests). Usage: fuzz/run.sh [SECONDS]
#
# The target exists only when DYNSWEEP_FUZZ=1 (Package.swift), and is built in its own
# build directory (.build/fuzz) with every Swift module instrumented, so the normal
# `swift build` and `swift test` never see it. The committed corpus
# (fuzz/corpus/config-loader: the examples and hostile variants) is the seed; what the
# fuzzer adds goes to .build/fuzz/corpus, and a crashing input to .build/fuzz/artifacts/.
# Exit status 0: no crash, trap, timeout or out-of-memory within the budget.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=.build/fuzz
DYNSWEEP_FUZZ=1 swift build -c release --product dynsweep-fuzz-config --build-path "$build" \
    -Xswiftc -sanitize=fuzzer
bin=$(DYNSWEEP_FUZZ=1 swift build -c release --product dynsweep-fuzz-config --build-path "$build" --show-bin-path)
mkdir -p "$build/corpus" "$build/artifacts"
# -timeout: one input must load within 30 s (a config is refused or checked point by
# point; 16.7M points is the most a sweep may have). -rss_limit_mb: loading never
# allocates a problem's data, so 2 GB is a bug.
# The Swift runtime's backtracer would take a crash before libFuzzer writes the input.
SWIFT_BACKTRACE=enable=no exec "$bin/dynsweep-fuzz-config" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$build/corpus" fuzz/corpus/config-loader
