# dynsweep: the two commands of the README.
#   make demo   installs what is missing, builds in release mode and runs the quickstart
#               sweep on all local cores with mpirun
#   make test   installs what is missing and runs the whole test suite
#   make validate  checks beyond the test suite, one sub-target each (add yours to the list):
#               validate-fuzz  libFuzzer on the config loader for FUZZ_SECONDS (fuzz/run.sh)
#               validate-neural-ode  the neural_ode DMFT against N = 100, 200, 400 simulations
# Other targets: build, bench, slurm-test (a real one-node Slurm cluster, as root), clean.

NP ?= $(shell nproc)
FUZZ_SECONDS ?= 60
BUILD_DIR := .build/release
# mpirun refuses to run as root unless told; on a laptop or cluster login node this is a no-op.
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1
export OPENBLAS_NUM_THREADS := 1

.PHONY: deps build demo test validate validate-fuzz validate-neural-ode slurm-test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	swift build -c release --product dynsweep

demo: build
	@mkdir -p out
	mpirun --oversubscribe -np $(NP) -x OPENBLAS_NUM_THREADS $(BUILD_DIR)/dynsweep run examples/quickstart.toml --output out/quickstart.h5 --force
	@echo "open it with: python3 -c \"import xarray; print(xarray.open_dataset('out/quickstart.h5', engine='h5netcdf'))\""

# Tests run in release mode (the physics tests simulate thousands of SGD steps) and one
# at a time: MPI tests spawn mpirun, and parallel MPI singletons can deadlock.
test: deps
	swift build -c release
	swift test -c release --no-parallel

# Every validation, each a sub-target, so that more can be listed here.
validate: validate-fuzz validate-neural-ode

# The config loader must never crash, trap, hang or allocate a problem, whatever the bytes
# (fuzz/run.sh builds a libFuzzer binary in .build/fuzz and runs it from the committed corpus).
validate-fuzz: deps
	fuzz/run.sh $(FUZZ_SECONDS)

# neural_ode's theory against its simulation at three widths and three settings: the gap per
# N and its finite-size exponent (results in docs/models/neural_ode_dmft.md, sec. 12; ~10 min).
validate-neural-ode: build
	NP=$(NP) validate/neural_ode_theory.sh

# A sweep cut by its Slurm time limit and requeued must end with the same file as an
# uninterrupted run: starts slurmctld/slurmd/munged on this machine (root; ~4 minutes).
slurm-test: build
	tests/slurm/test_requeue.sh "$(CURDIR)/$(BUILD_DIR)/dynsweep"

bench: build
	swift build -c release --product dynsweep-bench
	bench/run.sh

clean:
	rm -rf .build out
