"""The reference of issue 11's neural_ode benchmark: the same SGD loop in JAX (jit, float64,
autodiff through the RK4 steps), one CPU thread. Prints epochs per second at each N.

    python3 bench/neural_ode_jax.py 100 200 400      (needs `pip install "jax[cpu]"`)

Per epoch, as the dynsweep model: build M(w) = g_J J/sqrt N + (g_K/N) K.w, integrate
teacher (fixed M(w*)) and student from one fresh x(0) on the sphere with spherical
confinement, loss |xhat - x|^2/2, gradient by reverse-mode autodiff, w <- w - eta grad.
"""
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)


def make_epoch(N, t_final=1.0, dt=0.05, gJ=1.0, gK=1.0, eta=0.2):
    steps = int(round(t_final / dt))

    def drift(M, x):
        f = M @ x
        return f - (x @ f) / (x @ x) * x

    def integrate(M, x):
        def step(x, _):
            k1 = drift(M, x)
            k2 = drift(M, x + 0.5 * dt * k1)
            k3 = drift(M, x + 0.5 * dt * k2)
            k4 = drift(M, x + dt * k3)
            return x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4), None
        return jax.lax.scan(step, x, None, length=steps)[0]

    def coupling(J, K, w):
        return gJ / jnp.sqrt(N) * J + gK / N * jnp.einsum("ijk,k->ij", K, w)

    def loss(w, J, K, teacher_final, x0):
        return 0.5 * jnp.sum((integrate(coupling(J, K, w), x0) - teacher_final) ** 2)

    @jax.jit
    def epoch(w, J, K, Mstar, x0):
        teacher_final = integrate(Mstar, x0)
        value, grad = jax.value_and_grad(loss)(w, J, K, teacher_final, x0)
        return w - eta * grad, value

    return epoch, coupling


def bench(N, seconds=3.0):
    key = jax.random.PRNGKey(0)
    kJ, kK, kw, kx = jax.random.split(key, 4)
    J = jax.random.normal(kJ, (N, N))
    K = jax.random.normal(kK, (N, N, N))
    wstar = jax.random.normal(kw, (N,))
    wstar = wstar * jnp.sqrt(N) / jnp.linalg.norm(wstar)
    epoch, coupling = make_epoch(N)
    Mstar = coupling(J, K, wstar)
    w = jnp.zeros(N).at[0].set(jnp.sqrt(N))
    xs = jax.random.normal(kx, (64, N))
    xs = xs * jnp.sqrt(N) / jnp.linalg.norm(xs, axis=1, keepdims=True)
    w, value = epoch(w, J, K, Mstar, xs[0])
    value.block_until_ready()  # compile
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        w, value = epoch(w, J, K, Mstar, xs[count % 64])
        count += 1
    value.block_until_ready()
    return count / (time.perf_counter() - start)


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [100, 200]:
        print(f"jax: N={n}: {bench(n):.1f} epochs/s")
