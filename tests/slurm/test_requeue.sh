#!/usr/bin/env bash
# A sweep cut by its Slurm time limit and requeued ends with the same file as an
# uninterrupted run. Runs against a real one-node Slurm cluster (scripts/slurm-local.sh),
# as root, through slurm/sweep.sbatch:
#
#     tests/slurm/test_requeue.sh [DYNSWEEP]      (or DYNSWEEP=path tests/slurm/test_requeue.sh)
#
# It builds nothing: pass the release binary (.build/release/dynsweep). Steps:
#   1. bring the cluster up (and take it down at the end if this test brought it up);
#   2. reference: the sweep below (about 90 s on 2 ranks) as one Slurm job with a 10-minute
#      limit;
#   3. the same sweep with --time=1 and --signal=B:USR1@10: Slurm checks time limits every
#      30 s and signals when less than 10 + 30 s are left, so 20-50 s into each attempt;
#      the ranks stop with status 75, the script requeues the job, and each attempt
#      continues the journal (usually 3 attempts);
#   4. checks: the job was signalled by Slurm, stopped with 75, was requeued, started again
#      with --resume and a journal on disk, completed with status 0 and no journal left;
#      and every dataset of the two files is identical (h5diff; root attributes such as
#      ranks and times differ by design and are not compared).
# Prints `N passed, N failed` last; exits 1 on any failure. About 4 minutes on an idle machine.
# Environment: SLURM_TEST_KEEP=1 keeps the work directory (and a cluster it started);
# SLURM_TEST_DIR chooses the work directory (default: a new one under ${TMPDIR:-/tmp}).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dynsweep=${1:-${DYNSWEEP:-}}
passed=0
failed=0
jobs_submitted=()
cluster_started=0

say() { echo "test_requeue: $*"; }
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {   # check NAME COMMAND...: passes when the command succeeds
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
cleanup() {
    local id
    for id in "${jobs_submitted[@]}"; do scancel "$id" 2>/dev/null || true; done
    if [ "$cluster_started" -eq 1 ] && [ "${SLURM_TEST_KEEP:-0}" != 1 ]; then
        "$repo/scripts/slurm-local.sh" down >/dev/null 2>&1 || true
    fi
    if [ "$failed" -eq 0 ] && [ "${SLURM_TEST_KEEP:-0}" != 1 ] && [ -n "${work:-}" ] && [ -z "${SLURM_TEST_DIR:-}" ]; then
        rm -rf "$work"
    elif [ -n "${work:-}" ]; then
        say "work directory kept: $work"
    fi
}
trap cleanup EXIT

# --- preconditions -------------------------------------------------------------------
if [ -z "$dynsweep" ] || [ ! -x "$dynsweep" ]; then
    fail "dynsweep binary: pass its path as \$1 or \$DYNSWEEP (got '${dynsweep}')"
    finish
fi
dynsweep=$(cd "$(dirname "$dynsweep")" && pwd)/$(basename "$dynsweep")
if [ "$(id -u)" -ne 0 ]; then
    fail "the local Slurm cluster needs root"
    finish
fi
if ! "$dynsweep" help run 2>&1 | grep -q -- '--resume'; then
    fail "$dynsweep has no --resume option (build the tree with the journal/resume feature)"
    finish
fi
for tool in h5diff h5ls; do
    command -v "$tool" >/dev/null || { fail "$tool not found (apt-get install hdf5-tools)"; finish; }
done

# --- cluster -------------------------------------------------------------------------
if ! sinfo -h >/dev/null 2>&1; then cluster_started=1; fi
if ! "$repo/scripts/slurm-local.sh" up; then
    fail "scripts/slurm-local.sh up"
    finish
fi
pass "one-node Slurm cluster is up ($(sinfo -h -o '%P %a %D %T %N' | head -1))"

work=${SLURM_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dynsweep-slurm-test.XXXXXX")}
mkdir -p "$work"
rm -rf "$work"/ref.h5* "$work"/cut.h5* "$work"/*.log
say "work directory $work, binary $dynsweep"

# About 90 s on 2 idle cores (2-3 times that on a busy machine): 156 realizations of about
# 1 s each, so a stop loses little. It must outlast the first attempt (signal 20-50 s in).
cat > "$work/sweep.toml" <<'EOF'
[run]
name = "slurm-requeue-test"
seed = 7
realizations = 52

[model]
kind = "teacher_student"
N = 250
M = 2
eta = 0.5
sigma = 0.0
activation = "erf"
t_max = 2000.0

[sweep]
K = [1, 2, 3]

[record]
points = 40
spacing = "log"
EOF

job_field() {   # job_field ID FIELD: one field of `scontrol show job`
    scontrol show job "$1" -o 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

# wait_job ID TIMEOUT: polls every 2 s until the job is in a final state and not pending
# a requeue; prints each change of (state, restarts) and, once the job is pending after a
# requeue, records the journal's entries in $journal_seen. Returns 1 on timeout.
journal_seen=""
wait_job() {
    local id=$1 timeout=$2 deadline state restarts last="" now journal
    deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt "$deadline" ]; do
        state=$(job_field "$id" JobState)
        restarts=$(job_field "$id" Restarts)
        now="$state restarts=${restarts:-?}"
        if [ "$now" != "$last" ]; then
            say "job $id: $now  [$(squeue -h -j "$id" -o '%i %P %j %T %M %l %R' 2>/dev/null)] at ${SECONDS}s"
            last=$now
        fi
        if [ "$state" = PENDING ] && [ "${restarts:-0}" -ge 1 ] && [ -z "$journal_seen" ]; then
            journal=$(find "$work/cut.h5.journal" -type f 2>/dev/null | wc -l)
            journal_seen="$journal file(s) in cut.h5.journal while the job waited to restart"
            say "$journal_seen"
        fi
        case "$state" in
            COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED) return 0 ;;
        esac
        sleep 2
    done
    say "job $id: still ${state:-unknown} after ${timeout} s; cancelling it"
    scancel "$id" 2>/dev/null || true
    return 1
}

show_log() { say "---- $1 ----"; sed 's/^/    /' "$1" 2>/dev/null; say "---- end of $1 ----"; }

submit() {   # submit NAME SBATCH_OPTIONS... -- SCRIPT_ARGS...: prints the job id
    local name=$1; shift
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    shift
    (cd "$work" && DYNSWEEP=$dynsweep sbatch --parsable --job-name="$name" --ntasks=2 \
        --output="$work/$name.log" "${opts[@]}" "$repo/slurm/sweep.sbatch" "$@") | cut -d';' -f1
}

# --- 1. the reference, uninterrupted --------------------------------------------------
t0=$SECONDS
ref_id=$(submit ref --time=10 -- sweep.toml --output "$work/ref.h5" --quiet)
if [ -z "$ref_id" ]; then fail "sbatch of the reference run"; finish; fi
jobs_submitted+=("$ref_id")
say "reference: job $ref_id"
if wait_job "$ref_id" 420; then
    check "reference job $ref_id completed with exit code 0:0" \
        test "$(job_field "$ref_id" JobState) $(job_field "$ref_id" ExitCode)" = "COMPLETED 0:0"
else
    fail "reference job $ref_id finished in time"
fi
check "reference file written" test -f "$work/ref.h5"
[ -f "$work/ref.h5" ] || { show_log "$work/ref.log"; finish; }
say "reference took $((SECONDS - t0)) s"

# --- 2. the same sweep, cut by a 1-minute time limit and requeued --------------------
t1=$SECONDS
cut_id=$(submit cut --time=1 --signal=B:USR1@10 -- sweep.toml --output "$work/cut.h5" --quiet)
if [ -z "$cut_id" ]; then fail "sbatch of the time-limited run"; finish; fi
jobs_submitted+=("$cut_id")
say "time-limited run: job $cut_id (--time=1 --signal=B:USR1@10)"
if wait_job "$cut_id" 540; then
    check "time-limited job $cut_id completed with exit code 0:0" \
        test "$(job_field "$cut_id" JobState) $(job_field "$cut_id" ExitCode)" = "COMPLETED 0:0"
else
    fail "time-limited job $cut_id finished in time"
fi
say "time-limited run took $((SECONDS - t1)) s"
restarts=$(job_field "$cut_id" Restarts)
log=$work/cut.log
show_log "$log"
say "jobcomp records of job $cut_id (one per attempt):"
grep "JobId=$cut_id " /var/lib/slurm-local/jobcomp.log 2>/dev/null |
    grep -o 'JobId=[0-9]* .*JobState=[A-Z_]* \|StartTime=[^ ]* EndTime=[^ ]*\|ExitCode=[^ ]*\|DerivedExitCode=[^ ]*' |
    paste -d' ' - - - - | sed 's/^/    /'

check "the job was requeued (Restarts=${restarts:-?} >= 1)" test "${restarts:-0}" -ge 1
if [ "${restarts:-0}" -eq 0 ] && grep -q "attempt 1: finished" "$log"; then
    say "the sweep finished before Slurm's signal: this machine is faster than the test expects; raise run.realizations in the test's config"
fi
check "Slurm signalled the batch script before the time limit (SIGUSR1)" \
    grep -q "attempt 1: SIGUSR1: the time limit is near" "$log"
check "dynsweep said it stopped and can be resumed with --resume" \
    grep -qi "stopped.*--resume" "$log"
check "the step exited with status 75 and the script requeued the job" \
    grep -q "attempt 1: stopped (status 75) before the time limit.*requeueing" "$log"
check "attempt 2 started with restart count 1" grep -q "attempt 2: start .*restart count 1" "$log"
check "attempt 2 launched with --resume" grep -q "attempt 2: launch: .* --resume" "$log"
check "the journal held finished blocks while the job waited (${journal_seen:-not observed})" \
    test "${journal_seen%% *}" -gt 0 2>/dev/null
last_attempt=$((restarts + 1))
check "the last attempt ($last_attempt) finished with status 0" \
    grep -q "attempt $last_attempt: finished: status 0" "$log"
check "no journal left after the completed run" test ! -e "$work/cut.h5.journal"
check "output file written" test -f "$work/cut.h5"
grep -h "^wrote " "$log" | sed 's/^/test_requeue: dynsweep: /'

# --- 3. the two files: every dataset identical ----------------------------------------
if [ -f "$work/ref.h5" ] && [ -f "$work/cut.h5" ]; then
    datasets() { h5ls -r "$1" | awk '$2 == "Dataset" { print $1 }' | sort; }
    ref_sets=$(datasets "$work/ref.h5")
    cut_sets=$(datasets "$work/cut.h5")
    check "both files hold the same $(echo "$ref_sets" | grep -c .) datasets" test "$ref_sets" = "$cut_sets"
    for ds in $ref_sets; do
        if out=$(h5diff "$work/ref.h5" "$work/cut.h5" "$ds" "$ds" 2>&1); then
            pass "dataset $ds identical"
        else
            fail "dataset $ds differs: $(echo "$out" | head -5)"
        fi
    done
fi
say "total $SECONDS s"
finish
