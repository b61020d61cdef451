#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for testing slurm/sweep.sbatch against a
# real scheduler (time limits, --signal, --requeue). Debian/Ubuntu, as root.
#
#     scripts/slurm-local.sh [up]     install what is missing, write the config, start
#                                     munged, slurmctld and slurmd, wait until the node is idle
#     scripts/slurm-local.sh down     stop the daemons this script started (by pid file)
#     scripts/slurm-local.sh status   say what runs and what sinfo shows
#
# Idempotent: `up` on a running cluster only checks it (and restarts the daemons if the
# config it writes has changed). The config is tuned for tests, not production:
#   - no accounting database (sacct needs slurmdbd + MariaDB): finished jobs stay visible
#     to `scontrol show job` for MinJobAge seconds and are logged by jobcomp/filetxt
#     in $SLURM_LOCAL_STATE/jobcomp.log (one line per finished attempt, requeues included);
#   - AuthInfo cred_expire=10: a requeued job waits cred_expire+1 s before it may start
#     again (default 120 s);
#   - the scheduler runs every 2 s, so a requeued job restarts promptly;
#   - the daemons talk over 127.0.0.1, so the host name need not resolve.
# Environment: SLURM_LOCAL_WAIT (seconds to wait for the node, default 60).
set -euo pipefail

action=${1:-up}
wait_s=${SLURM_LOCAL_WAIT:-60}
conf_dir=/etc/slurm
conf=$conf_dir/slurm.conf
state=/var/lib/slurm-local          # spool, state and logs of this test cluster
marker="# written by dynsweep scripts/slurm-local.sh"
host=$(hostname -s)

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: error: $*" >&2; exit 1; }

# pid_alive FILE NAME: the pid in FILE is a live (not zombie) process called NAME.
pid_alive() {
    local pid
    [ -f "$1" ] || return 1
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
    # Field 3 of /proc/PID/stat is the state; Z is a zombie (its parent has not reaped it).
    [ "$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" != Z ]
}

stop_pidfile() {   # stop_pidfile NAME FILE: TERM the pid in FILE, wait up to 10 s, then KILL
    local name=$1 file=$2 pid i
    pid_alive "$file" "$name" || { rm -f "$file"; return 0; }
    pid=$(cat "$file")
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
        pid_alive "$file" "$name" || break
        sleep 0.2
    done
    if pid_alive "$file" "$name"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$file"
}

write_conf() {   # prints "changed" when the config on disk was (re)written
    local cpus mem new
    cpus=$(nproc)
    # Leave 1 GiB to the system; Slurm counts in MiB.
    mem=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) - 1024 ))
    new=$(cat <<EOF
$marker
# One-node test cluster; see the script for what each unusual setting is for.
ClusterName=dynsweep-local
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=cred_expire=10
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state/jobcomp.log
MinJobAge=3600
KillWait=30
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=2
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
)
    if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
        die "$conf exists and was not written by this script; move it away to use a local test cluster"
    fi
    if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new" ]; then
        mkdir -p "$conf_dir"
        printf '%s\n' "$new" > "$conf.tmp"
        mv "$conf.tmp" "$conf"
        echo changed
    fi
}

install_missing() {
    local p missing=()
    for p in slurm-wlm munge; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        apt-get update -qq
        # No init system here may start them; this script starts the daemons itself.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

start_munge() {
    local pidfile=/run/munge/munged.pid
    if [ ! -s /etc/munge/munge.key ]; then
        say "creating the munge key"
        mkdir -p /etc/munge
        if command -v mungekey >/dev/null; then
            mungekey -c -f -k /etc/munge/munge.key
        else
            dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
        fi
    fi
    chown munge:munge /etc/munge /etc/munge/munge.key
    chmod 700 /etc/munge
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    chmod 755 /run/munge
    if pid_alive "$pidfile" munged && munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
        return 0
    fi
    say "starting munged"
    rm -f /run/munge/munge.socket.2.lock
    runuser -u munge -- /usr/sbin/munged
    local i
    for i in $(seq 1 50); do
        munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "munged does not answer (munge -n | unmunge fails)"
}

node_state() { sinfo -h -N -n "$host" -o '%T' 2>/dev/null | head -1 || true; }

wait_idle() {
    local deadline=$(( SECONDS + wait_s )) st=""
    while [ $SECONDS -lt $deadline ]; do
        st=$(node_state)
        case "$st" in
            idle|mixed|allocated|completing) say "node $host is $st"; return 0 ;;
            down*|drain*|fail*)
                # A node that was down (e.g. after an unclean stop) comes back with RESUME.
                scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
        esac
        sleep 1
    done
    say "slurmctld log (last lines):"; tail -n 20 "$state/slurmctld.log" 2>/dev/null || true
    say "slurmd log (last lines):"; tail -n 20 "$state/slurmd.log" 2>/dev/null || true
    die "node $host is not idle after ${wait_s} s (state '${st:-none}')"
}

up() {
    [ "$(id -u)" -eq 0 ] || die "run as root (the daemons run as root here)"
    install_missing
    mkdir -p "$state/ctld" "$state/d"
    start_munge
    local changed
    changed=$(write_conf)
    if [ -n "$changed" ]; then
        say "wrote $conf"
        stop_pidfile slurmd "$state/slurmd.pid"
        stop_pidfile slurmctld "$state/slurmctld.pid"
    fi
    if ! pid_alive "$state/slurmctld.pid" slurmctld; then
        say "starting slurmctld"
        # -c: clear the saved state (jobs) only when the config changed; a restart with the
        # same config keeps queued jobs.
        if [ -n "$changed" ]; then slurmctld -c; else slurmctld; fi
    fi
    if ! pid_alive "$state/slurmd.pid" slurmd; then
        say "starting slurmd"
        slurmd
    fi
    wait_idle
}

down() {
    stop_pidfile slurmd "$state/slurmd.pid"
    stop_pidfile slurmctld "$state/slurmctld.pid"
    stop_pidfile munged /run/munge/munged.pid
}

status() {
    local n f
    for n in munged:/run/munge/munged.pid slurmctld:$state/slurmctld.pid slurmd:$state/slurmd.pid; do
        f=${n#*:}
        if pid_alive "$f" "${n%%:*}"; then say "${n%%:*} running (pid $(cat "$f"))"; else say "${n%%:*} not running"; fi
    done
    sinfo 2>&1 || true
}

case "$action" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) die "usage: $0 [up|down|status]" ;;
esac
