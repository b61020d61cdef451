#!/usr/bin/env bash
# Installs what dynsweep needs on Debian/Ubuntu, skipping what is already there:
# OpenMPI, parallel HDF5 (openmpi build) with its tools, OpenBLAS; and, for the tests
# that open output files with xarray, python3 packages h5py, h5netcdf and xarray.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libopenmpi-dev openmpi-bin libopenblas-dev libhdf5-openmpi-dev hdf5-tools pkg-config)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${DYNSWEEP_SKIP_PYTHON:-0}" != "1" ] && command -v python3 >/dev/null; then
    if ! python3 -c "import xarray, h5netcdf, h5py" 2>/dev/null; then
        echo "install-deps: installing python packages xarray h5netcdf h5py"
        python3 -m pip install -q xarray h5netcdf h5py 2>&1 | grep -v -i "warning" || true
    fi
fi
