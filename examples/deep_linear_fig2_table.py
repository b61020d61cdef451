#!/usr/bin/env python3
"""Prints the optimal learning rate per width (seed 004, Fig. 2) from a dynsweep output.

Usage: python3 examples/deep_linear_fig2_table.py deep_linear_fig2.h5 [--by nu] [--loss test_loss_theory]

For every value of the grouping parameter (default nu) and every parameterization, the
eta with the lowest loss at the last record time; diverged solves (NaN) never win.
Needs h5py and numpy (pip install h5py numpy).
"""
import argparse
import h5py
import numpy as np

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("path")
parser.add_argument("--by", default="nu", help="swept parameter to group by (default nu)")
parser.add_argument("--loss", default="test_loss_theory", help="variable to minimize")
args = parser.parse_args()

with h5py.File(args.path, "r") as f:
    loss = f[args.loss][:, -1]
    eta = f["eta"][:]
    by = f[args.by][:]
    kinds = [k.decode() if isinstance(k, bytes) else str(k) for k in f["parameterization"][:]] \
        if "parameterization" in f else ["-"] * len(eta)

print(f"optimal eta by {args.by} ({args.loss} at the last record time)")
print(f"{'parameterization':>16} {args.by:>8} {'eta*':>10} {'loss at eta*':>14}")
for kind in sorted(set(kinds)):
    for value in sorted(set(by)):
        rows = [i for i in range(len(eta)) if kinds[i] == kind and by[i] == value]
        finite = [i for i in rows if np.isfinite(loss[i])]
        if not finite:
            print(f"{kind:>16} {value:>8g} {'all diverged':>10}")
            continue
        best = min(finite, key=lambda i: loss[i])
        print(f"{kind:>16} {value:>8g} {eta[best]:>10.4g} {loss[best]:>14.6g}")
