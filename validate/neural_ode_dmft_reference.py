"""Independent reference implementation (numpy) of the neural_ode DMFT of
docs/models/neural_ode_dmft.md: the numbers NeuralODETheoryTests checks the Swift solver
against came from it. Pure numpy, deterministic (no Monte Carlo). Usage: python3 this-file."""
import numpy as np

def Phi2(x, nterms=120):
    """sum_n x^n/(n!)^2 = I0(2 sqrt x) (x>=0), J0(2 sqrt(-x)) (x<0). Vectorised."""
    x = np.asarray(x, float); out = np.ones_like(x); term = np.ones_like(x)
    for n in range(1, nterms):
        term = term * x / (n * n); out = out + term
        if np.all(np.abs(term) < 1e-17 * np.maximum(1, np.abs(out))): break
    return out

def dPhi2(x, nterms=120):
    """d/dx Phi2 = sum_{n>=1} x^{n-1}/((n-1)! n!)."""
    x = np.asarray(x, float); term = np.ones_like(x); out = np.ones_like(x)
    for n in range(1, nterms):
        term = term * x / (n * (n + 1)); out = out + term
        if np.all(np.abs(term) < 1e-17 * np.maximum(1, np.abs(out))): break
    return out

def params(m, q, gJ, gK):
    sA2 = gJ**2 + gK**2          # teacher entry variance * N
    sB2 = gJ**2 + gK**2 * q      # student
    c = gJ**2 + gK**2 * m        # teacher-student covariance * N
    return sA2, sB2, c

def overlap_C(t, m, q, gJ, gK):
    """C(t) = x(t).xhat(t)/N for the spherical flows, large N, w independent of K."""
    sA2, sB2, c = params(m, q, gJ, gK)
    t = np.asarray(t, float)
    return Phi2(c * t * t) / np.sqrt(Phi2(sA2 * t * t) * Phi2(sB2 * t * t))

def loss(m, q, gJ, gK, T):
    return 1.0 - overlap_C(T, m, q, gJ, gK)

def mu_t(t, s2):
    """spherical multiplier mu(t) = x.Mx/N for Ginibre variance s2/N: (1/2) d/dt log Phi2(s2 t^2)."""
    t = np.asarray(t, float)
    return s2 * t * dPhi2(s2 * t * t) / Phi2(s2 * t * t)

def drive_terms(m, q, gJ, gK, T):
    """D = gK^2 dL/dc, Gamma = 2 gK^2 dL/dsB2 (exact large-N derivatives)."""
    sA2, sB2, c = params(m, q, gJ, gK)
    T2 = T * T
    PA, PB, Pc = Phi2(sA2 * T2), Phi2(sB2 * T2), Phi2(c * T2)
    dPc, dPB = T2 * dPhi2(c * T2), T2 * dPhi2(sB2 * T2)
    D = -gK**2 * dPc / np.sqrt(PA * PB)
    Gam = gK**2 * (Pc / np.sqrt(PA * PB)) * dPB / PB
    return float(D), float(Gam)

def noise_var(m, q, gJ, gK, T, n=200):
    """Sigma_xi = gK^2 ||dl/dB||_F^2 / N^2 from the backward DMFT (deterministic quadrature)."""
    sA2, sB2, c = params(m, q, gJ, gK)
    s = np.linspace(0, T, n + 1); h = T / n
    wq = np.full(n + 1, h); wq[0] = wq[-1] = h / 2           # trapezoid weights
    # forward covariances of z = (yhat(s), y(s)), s on grid
    S, Sp = np.meshgrid(s, s, indexing='ij')
    Cbb = Phi2(sB2 * S * Sp); Caa = Phi2(sA2 * S * Sp); Cab = Phi2(c * S * Sp)  # <y(s) yhat(s')>: Cab[s,s'] sym
    Cz = np.block([[Cbb, Cab], [Cab, Caa]])
    PA, PB, Pc = Phi2(sA2 * T * T), Phi2(sB2 * T * T), Phi2(c * T * T)
    alpha = 1 / np.sqrt(PA); CT = Pc / np.sqrt(PA * PB); beta = CT / np.sqrt(PB)
    # r + D(tau) = sum_j L[tau, j] z_j ; tau on same grid (tau = T - t)
    tau = s
    TAU, V = np.meshgrid(tau, T - s, indexing='ij')           # V[.,j] = T - s_j
    def k(s2):  # int_0^tau Phi2(s2 u v) du = tau * Phi3(s2 v tau)
        x = s2 * V * TAU; out = np.ones_like(x); term = np.ones_like(x)
        for nn in range(1, 120):
            term = term * x / (nn * (nn + 1)); out += term
        return TAU * out
    Lb = -beta * sB2 * k(sB2) * wq[None, :]
    La = alpha * c * k(c) * wq[None, :]
    Lb[:, -1] += -beta; La[:, -1] += alpha                     # terminal r = alpha y(T) - beta yhat(T)
    L = np.hstack([Lb, La])
    Ssrc = L @ Cz @ L.T
    # C_pi = S + sB2 * int int Phi2(sB2 (tau-u)(tau'-u')) S(u,u')
    TT, UU = np.meshgrid(tau, tau, indexing='ij')
    dT = np.clip(TT - UU, 0, None)
    mask = (UU <= TT + 1e-12).astype(float)
    W = mask * wq[None, :]                                      # int_0^tau du  (trapezoid on full grid, masked)
    # better: cumulative trapezoid for each row tau_i over u in [0, tau_i]
    W = np.zeros((n + 1, n + 1))
    for i in range(1, n + 1):
        W[i, :i + 1] = h; W[i, 0] = W[i, i] = h / 2
    # kernel Kf[i,j,k,l] = Phi2(sB2 (tau_i-u_k)(tau_j-u_l)) -- do as sum over series terms (separable)
    Cpi = Ssrc.copy()
    term_pow = [np.ones_like(dT)]
    acc = np.zeros_like(Ssrc); fact = 1.0
    for nn in range(0, 80):
        P = dT ** nn                                          # (tau_i - u_k)^n
        A_ = (W * P)                                          # weights * (tau-u)^n
        contrib = sB2 * (sB2 ** nn) / (fact ** 2) * (A_ @ Ssrc @ A_.T)
        acc += contrib
        fact *= (nn + 1)
        if np.max(np.abs(contrib)) < 1e-16 * max(1, np.max(np.abs(acc))): break
    Cpi = Ssrc + acc
    # Sigma = gK^2/PB * int int Cpi(T-t, T-t') Phi2(sB2 t t') dt dt'
    Cpi_t = Cpi[::-1, ::-1]                                     # index by t = T - tau
    G2 = (wq[:, None] * wq[None, :] * Cpi_t * Cbb).sum() / PB
    return gK**2 * G2, dict(Cpi=Cpi, S=Ssrc, alpha=alpha, beta=beta, CT=CT, L=L, Cz=Cz)

def first_epoch(m, q, gJ, gK, T, eta, n=200):
    D, Gam = drive_terms(m, q, gJ, gK, T)
    Sig, _ = noise_var(m, q, gJ, gK, T, n)
    a = D + Gam * m                 # g.w*/N
    bq = Gam * q + D * m            # g.w/N
    g2 = Gam**2 * q + 2 * Gam * D * m + D**2 + Sig   # |g|^2/N
    dm = -eta * a
    dq = -2 * eta * bq + eta**2 * g2
    return dict(D=D, Gamma=Gam, Sigma=Sig, gws=a, gw=bq, g2=g2, dm=dm, dq=dq,
                loss=float(loss(m, q, gJ, gK, T)))

def recursion(m0, q0, gJ, gK, T, eta, epochs, n=120):
    ms, qs, ls = [m0], [q0], [float(loss(m0, q0, gJ, gK, T))]
    m, q = m0, q0
    for e in range(epochs):
        r = first_epoch(m, q, gJ, gK, T, eta, n)
        m, q = m + r['dm'], q + r['dq']
        ms.append(m); qs.append(q); ls.append(float(loss(m, q, gJ, gK, T)))
    return np.array(ms), np.array(qs), np.array(ls)

if __name__ == '__main__':
    import sys
    for (m0, q0, gJ, gK, T, eta) in [(0, 1, 1, 1, 0.1, 1.0), (0, 1, 1, 1, 1.0, 0.5), (0.5, 1, 1, 1, 1.0, 0.5), (0, 1, 0.5, 1.5, 1.5, 0.2)]:
        r = first_epoch(m0, q0, gJ, gK, T, eta)
        print((m0, q0, gJ, gK, T, eta), {k: round(v, 6) for k, v in r.items()})
