#!/usr/bin/env bash
# make validate: the neural_ode DMFT against the simulation at N = 100, 200, 400 (issue 12).
# Three settings of (g_J, g_K, t_final, eta): ordinary learning (1, 1, 1, 0.5), slow learning
# (1, 1, 0.3, 1.0), and near the largest stable learning rate (1, 1, 1, 1.0; eta_max ~ 1.25).
# Prints, per setting, observable and N, the largest |simulation - theory| over epochs in
# units of its SEM and absolute, and the finite-size exponent fitted to the RMS gap against N.
# Results are recorded in docs/models/neural_ode_dmft.md, sec. 12. About 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/dynsweep
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
out=${VALIDATE_OUT:-$(mktemp -d)}
np=${NP:-$(nproc)}
run() {  # name, then --set arguments
    local name=$1; shift
    mpirun --oversubscribe -np "$np" -x OPENBLAS_NUM_THREADS "$bin" run validate/neural_ode_theory.toml \
        --output "$out/$name.h5" --force --quiet "$@"
}
run ordinary --set model.t_final=1.0 --set model.eta=0.5 --set model.epochs=12 --set record.points=13
run slow     --set model.t_final=0.3 --set model.eta=1.0 --set model.epochs=20 --set record.points=21
run edge     --set model.t_final=1.0 --set model.eta=1.0 --set model.epochs=20 --set record.points=21
python3 validate/neural_ode_theory.py "$out"/ordinary.h5 "$out"/slow.h5 "$out"/edge.h5
