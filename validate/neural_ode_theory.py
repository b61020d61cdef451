"""Gap between the neural_ode simulation and its DMFT per N (validate/neural_ode_theory.sh).

For each file (one setting, a sweep over N) and each of m, q, test_loss: per N, the largest
|mean - theory| over epochs, in SEMs and absolute, and the RMS gap over epochs; then the
exponent p of RMS gap ~ N^-p fitted by least squares in log-log (p = 1 is a 1/N finite-size
effect; a gap that does not shrink, p ~ 0, would be a wrong theory)."""
import sys

import h5py
import numpy as np

for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        Ns = f["N"][...]
        eta = f["eta"][...] if "eta" in f else None
        print(f"{path.split('/')[-1]}: N = {list(Ns)}")
        for name in ["m", "q", "test_loss"]:
            mean, sem, theory = f[f"{name}_mean"][...], f[f"{name}_sem"][...], f[f"{name}_theory"][...]
            rms = []
            for i, N in enumerate(Ns):
                gap = mean[i] - theory[i]
                with np.errstate(divide="ignore", invalid="ignore"):
                    z = np.where(sem[i] > 0, np.abs(gap) / sem[i], 0)
                worst = int(np.nanargmax(np.abs(gap)))
                rms.append(float(np.sqrt(np.nanmean(gap ** 2))))
                print(f"  {name:9s} N={N:4d}: max |gap| {np.nanmax(np.abs(gap)):.4f} at epoch {worst} "
                      f"({z[worst]:.1f} SEM), max {np.nanmax(z):.1f} SEM, RMS gap {rms[-1]:.4f}")
            p = -np.polyfit(np.log(Ns), np.log(rms), 1)[0]
            print(f"  {name:9s} RMS gap ~ N^-{p:.2f}   (N x RMS gap: {', '.join(f'{N * r:.2f}' for N, r in zip(Ns, rms))})")
