#!/usr/bin/env python3
"""Prints theory against networks for a kernel_dmft output (seed 002, Figs. 1 and 2).

Usage: python3 examples/kernel_dmft_compare.py kernel_dmft_fig1.h5 [--times 5]

For every sweep point: the loss of the width-N networks (mean +- SEM over realizations)
beside the DMFT's at a few record times, the alignment A(Phi_DMFT, Phi_NN) (the seed's
cosine similarity) of the final feature and gradient kernels in every layer, and the
total-variation distance between the preactivation densities at the first and last
record (Fig. 1(b)-(c); 0 is identical, 1 disjoint).
Needs h5py and numpy (pip install h5py numpy).
"""
import argparse
import h5py
import numpy as np

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("path")
parser.add_argument("--times", type=int, default=5, help="record times to print (default 5)")
args = parser.parse_args()


def alignment(a, b):
    return float(np.sum(a * b) / np.sqrt(np.sum(a * a) * np.sum(b * b)))


with h5py.File(args.path, "r") as f:
    time = f["time"][:]
    dimensions = ("point", "time", "layer", "sample_i", "sample_j", "count", "diverged")
    swept = [k for k in f.keys() if f[k].shape == f["point"].shape and k not in dimensions]
    picks = np.unique(np.linspace(0, len(time) - 1, args.times).round().astype(int))
    for p in range(f["point"].shape[0]):
        label = ", ".join(f"{k} = {f[k][p]}" for k in swept)
        print(f"point {p}: {label} (residual {f['dmft_residual_theory'][p, 0]:.1e})")
        print(f"  {'t':>6} {'loss networks':>24} {'loss DMFT':>12}")
        for i in picks:
            print(f"  {time[i]:6.2f} {f['loss_mean'][p, i]:12.4e} +- {f['loss_sem'][p, i]:9.2e} "
                  f"{f['loss_theory'][p, i]:12.4e}")
        last = len(time) - 1
        for l in range(f["phi_kernel_theory"].shape[2]):
            if np.isnan(f["phi_kernel_theory"][p, last, l]).all():
                continue  # a shallower point of a depth sweep
            a_phi = alignment(f["phi_kernel_mean"][p, last, l], f["phi_kernel_theory"][p, last, l])
            a_g = alignment(f["g_kernel_mean"][p, last, l], f["g_kernel_theory"][p, last, l])
            line = f"  layer {l + 1}: alignment of the final Phi {a_phi:.4f}, of G {a_g:.4f}"
            if "h_density_theory" in f:
                width = 10.0 / f["h_density_theory"].shape[3]
                tv = [0.5 * width * float(np.sum(np.abs(f["h_density_mean"][p, i, l] - f["h_density_theory"][p, i, l])))
                      for i in (0, last)]
                line += f"; density distance at start {tv[0]:.3f}, at end {tv[1]:.3f}"
            print(line)
