#!/usr/bin/env bash
# dynsweep benchmarks (not timed tests). Prints a report to stdout; docs/benchmarks.md
# records the numbers of the reference machine. Run from the repository root after
# `swift build -c release` (make bench does both).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== SGD throughput, one process (N=784, M=K=4, erf, batch 1)"
# Side by side with a plain C loop of the same step (bench/plain_c/sgd_loop.c, cc -O2), in
# three alternating pairs: a virtualized machine drifts by 10-30% between runs, so the
# report is the median of each and the median of the pairs' ratios.
cc -O2 -o "$out/sgd_loop" bench/plain_c/sgd_loop.c -lm
rates=() plain=() ratios=()
for pair in 1 2 3; do
    line=$("$bin/dynsweep-bench" sgd)
    echo "$line"
    rates+=("$(echo "$line" | sed -n 's/.* steps: \([0-9.e+]*\) steps\/s.*/\1/p')")
    line=$("$out/sgd_loop" 300000)
    echo "  $line"
    plain+=("$(echo "$line" | sed -n 's/.* steps: \([0-9.e+]*\) steps\/s.*/\1/p')")
    ratios+=("$(awk -v a="${rates[-1]}" -v b="${plain[-1]}" 'BEGIN { print a / b }')")
done
median() { printf "%s\n" "$@" | sort -g | sed -n 2p; }
printf "  median of 3: dynsweep %.4g steps/s, plain C %.4g steps/s, ratio %.2fx (median of the pairs' ratios)\n" \
    "$(median "${rates[@]}")" "$(median "${plain[@]}")" "$(median "${ratios[@]}")"

echo
echo "== deep-linear DMFT (L=4) against T, and the simulation of the same curve"
"$bin/dynsweep-bench" dmft

echo
echo "== kernel_dmft Monte Carlo: seconds per iteration (tanh, L=2; bench/kernel_dmft.toml)"
# One theory-only point; the run logs the solve time, the file holds the iteration count.
kernel_iteration() {  # ranks, then --set arguments; prints seconds per iteration
    local ranks=$1; shift
    local log
    log=$(mpirun --oversubscribe -np "$ranks" -x OPENBLAS_NUM_THREADS "$bin/dynsweep" run bench/kernel_dmft.toml \
        --output "$out/kernel.h5" --force "$@" 2>&1)
    local seconds iterations
    seconds=$(echo "$log" | sed -n 's/.*solved by all [0-9]* rank(s) in \([0-9.]*\) s.*/\1/p' | head -1)
    iterations=$(h5dump -d dmft_iterations_theory "$out/kernel.h5" | sed -n 's/.*(0,0): \([0-9.]*\).*/\1/p' | head -1)
    awk -v s="$seconds" -v i="$iterations" 'BEGIN { printf "%.4f %d", s / i, i }'
}
for samples in 1000 2000 4000 8000; do
    read -r per iters <<<"$(kernel_iteration 1 --set model.samples=$samples)"
    printf "  samples %5d, 1 rank: %.3f s per iteration (%d iterations)\n" "$samples" "$per" "$iters"
done
# Single pairs vary by 10-20% on a virtualized machine: three alternating pairs, median.
kernel_speedup() {  # label, then --set arguments; prints the pairs and their median
    local label=$1; shift
    local ratios=() one two
    for pair in 1 2 3; do
        read -r one _ <<<"$(kernel_iteration 1 "$@")"
        read -r two _ <<<"$(kernel_iteration 2 "$@")"
        ratios+=("$(awk -v a="$one" -v b="$two" 'BEGIN { print a / b }')")
        printf "  4000 samples, pair %d: 1 rank %.3f s, 2 ranks %.3f s per %s: %.2fx\n" "$pair" "$one" "$two" \
            "$label" "${ratios[-1]}"
    done
    printf "  speed-up 1 -> 2 ranks at 4000 samples (median of 3 pairs): %.2fx\n" \
        "$(printf "%s\n" "${ratios[@]}" | sort -g | sed -n 2p)"
}
kernel_speedup iteration
for P in 5 10 20; do
    read -r per _ <<<"$(kernel_iteration 1 --set model.P=$P)"
    printf "  P = %2d, T = 2 (grid %4d): %.3f s per iteration\n" "$P" "$((P * 21))" "$per"
done
for T in 0.5 1.0 2.0; do
    read -r per _ <<<"$(kernel_iteration 1 --set model.T=$T)"
    printf "  P = 10, T = %s (grid %4d): %.3f s per iteration\n" "$T" "$(awk -v t="$T" 'BEGIN { print 10 * (t / 0.1 + 1) }')" "$per"
done

echo "== kernel_dmft time march: seconds per solve (march + one checking iteration), T = 4 (grid 410)"
for samples in 1000 2000 4000 8000; do
    read -r per _ <<<"$(kernel_iteration 1 --set model.solver=march --set model.T=4 --set model.samples=$samples)"
    printf "  samples %5d, 1 rank: %.3f s per solve\n" "$samples" "$per"
done
kernel_speedup solve --set model.solver=march --set model.T=4

echo
echo "== speed-up from 1 to 2 ranks: bench/speedup.toml (32 realizations, simulation + theory)"
# Wall seconds of one config on 1 and 2 ranks, and the ratio.
rank_speedup() {  # config, output name
    local -A seconds
    local ranks start end
    for ranks in 1 2; do
        start=$(date +%s.%N)
        mpirun --oversubscribe -np "$ranks" -x OPENBLAS_NUM_THREADS "$bin/dynsweep" run "$1" \
            --output "$out/$2$ranks.h5" --quiet --force >/dev/null
        end=$(date +%s.%N)
        seconds[$ranks]=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
        printf "  %d rank(s): %.2f s wall\n" "$ranks" "${seconds[$ranks]}"
    done
    printf "  speed-up 1 -> 2 ranks: %.2fx\n" "$(awk -v a="${seconds[1]}" -v b="${seconds[2]}" 'BEGIN { print a / b }')"
}
rank_speedup bench/speedup.toml speedup

echo
echo "== peak memory (max RSS of one process) against realizations: bench/memory.toml"
for r in 16 256 4096; do
    # Peak resident memory of the child, from getrusage (KiB on Linux).
    rss=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
        "$bin/dynsweep" run bench/memory.toml --set run.realizations=$r --output "$out/mem$r.h5" --quiet --force)
    printf "  %5d realizations: %6.1f MiB\n" "$r" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done

echo
echo "== checkpoint and progress overhead: examples/quickstart.toml on 2 ranks"
# The run reports how long rank 0 waited for its journal (fsyncs run in the background)
# and the progress reporter runs inside RunControl.poll(); compare with --quiet off/on.
mpirun --oversubscribe -np 2 -x OPENBLAS_NUM_THREADS "$bin/dynsweep" run examples/quickstart.toml \
    --output "$out/quickstart.h5" --force 2>&1 | grep -E "checkpoints|wrote" | sed 's/^/  /'

echo
echo "== neural_ode: epochs per second per core, beside the JAX reference of the same loop"
# JAX runs only where it is installed: set JAX_PYTHON to a python3 that has it
# (python3 -m venv v && v/bin/pip install "jax[cpu]"; then JAX_PYTHON=v/bin/python).
jax_python=${JAX_PYTHON:-python3}
for repeat in 1 2 3; do
    echo "  -- repeat $repeat"
    "$bin/dynsweep-bench" neural-ode --n 100,200,400 | sed 's/^/  /'
    "$bin/dynsweep-bench" neural-ode --n 200,400 --storage float32 | sed 's/^/  /'
    if "$jax_python" -c "import jax" 2>/dev/null; then
        "$jax_python" bench/neural_ode_jax.py 100 200 400 2>/dev/null | sed 's/^/  /'
    else
        echo "  (JAX not installed for $jax_python: no reference)"
    fi
done

echo
echo "== gated_rnn: training sequence-steps per second per core (float64), beside the JAX reference"
# Issue 13's shapes (T, D, H, batch) = (1024, 16, 128, 32) and (256, 16, 64, 32); the JAX
# script is bench/gated_rnn_jax.py (same JAX_PYTHON as above), float64 and float32.
# Alternated, three rounds: compare medians (docs/benchmarks.md).
for repeat in 1 2 3; do
    echo "  -- repeat $repeat"
    "$bin/dynsweep-bench" gated-rnn | sed 's/^/  /'
    if "$jax_python" -c "import jax" 2>/dev/null; then
        "$jax_python" bench/gated_rnn_jax.py 2>/dev/null | sed 's/^/  /'
        "$jax_python" bench/gated_rnn_jax.py --float32 2>/dev/null | sed 's/^/  /'
    else
        echo "  (JAX not installed for $jax_python: no reference)"
    fi
done

echo
echo "== neural_ode DMFT: solve time against epochs and grid; theory-only grid on 1 and 2 ranks"
"$bin/dynsweep-bench" neural-ode-theory | sed 's/^/  /'
rank_speedup bench/neural_ode_theory.toml node_theory
