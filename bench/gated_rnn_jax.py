"""The reference of issue 13's gated_rnn benchmark: the same training step in JAX (jit,
exact BPTT through lax.scan, Adam written out, float64 unless --float32), one CPU thread.
Prints training sequence-steps per second at each shape, beside `dynsweep-bench gated-rnn`.

    python3 bench/gated_rnn_jax.py [--float32] [--adamw] [--shape T,D,H,batch;...] [--seconds S] [--repeats R] [--no-pin]
    (needs `pip install "jax[cpu]"`; not part of CI)

The network (as dynsweep's gated_rnn with gate = "diagonal", a full U_s):
    s_t = sigmoid(W_s x_t + U_s h_{t-1} + b_s),
    h_t = (1 - s_t) * h_{t-1} + s_t * tanh(W_x x_t + b_x + W_h h_{t-1}),   h_{-1} = 0,
    yhat_t = w_out . h_t + b_out,   loss = mean over the batch and t of (yhat_t - y_t)^2.
[W_x; W_s] and [W_h; U_s] are stacked, as in dynsweep, so each step is one (B x H) @ (H x 2H)
product and the input projection of all steps is one product before the scan. Weights are
initialized as dynsweep's (N(0, 1/fan_in) for W_x, W_h, w_out; gate weights 0, b_s = logit(0.05)).

One training step = one minibatch of `batch` sequences: forward, value_and_grad (reverse-mode
through lax.scan, every state kept: exact BPTT), global gradient-norm clip to 1.0, then
Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8, bias-corrected) with weight decay 1e-4 added to
the clipped gradient (L2, like dynsweep's optimizer = "adam", which dynsweep-bench uses);
--adamw decays the weights instead (theta *= 1 - lr wd first, dynsweep's "adamw"). The whole
step is one jitted function, buffers donated.

Timing: one step compiles and runs before the clock starts (compile excluded); then each
repeat runs steps until `seconds` have passed (at least 2 steps), on a few pre-drawn random
minibatches (the time does not depend on the data). A sequence-step is one time step of one
sequence, forward + backward + update: rate = steps * batch * T / seconds. Printed: the
median over repeats of the wall-clock rate, and of the rate in process CPU time (all
threads; on a loaded machine it is the fairer figure beside dynsweep-bench, which times its
thread's CPU). The process pins itself to one CPU (the highest it may use; run it under
`taskset -c N` to choose) unless --no-pin.
"""
import argparse
import os
import statistics
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--float32", action="store_true", help="float32 instead of float64")
parser.add_argument("--adamw", action="store_true", help="decoupled weight decay (adamw) instead of L2 in the gradient")
parser.add_argument("--shape", default="1024,16,128,32;256,16,64,32", help="T,D,H,batch;... (default: issue 13's two)")
parser.add_argument("--seconds", type=float, default=3.0, help="timed seconds per repeat")
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
args = parser.parse_args()

# One core: the XLA flag alone leaves XLA's thread pools running beside the main thread
# (JAX 0.10 on CPU used ~1.5 cores); pinned before jax is imported, XLA sizes them to 1.
if not args.no_pin and hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", not args.float32)
DTYPE = jnp.float32 if args.float32 else jnp.float64
LR, BETA1, BETA2, EPS, WD, CLIP, S0 = 1e-3, 0.9, 0.999, 1e-8, 1e-4, 1.0, 0.05


def init(key, D, H):
    kx, kh, ko = jax.random.split(key, 3)
    wx = jax.random.normal(kx, (H, D), DTYPE) / jnp.sqrt(D)
    wh = jax.random.normal(kh, (H, H), DTYPE) / jnp.sqrt(H)
    logit = jnp.log(S0 / (1 - S0))
    return {
        "W_in": jnp.concatenate([wx, jnp.zeros((H, D), DTYPE)]),           # [W_x; W_s]   (2H x D)
        "b_in": jnp.concatenate([jnp.zeros(H, DTYPE), jnp.full(H, logit, DTYPE)]),  # [b_x; b_s]
        "W_rec": jnp.concatenate([wh, jnp.zeros((H, H), DTYPE)]),          # [W_h; U_s]   (2H x H)
        "w_out": jax.random.normal(ko, (H,), DTYPE) / jnp.sqrt(H),
        "b_out": jnp.zeros((), DTYPE),
    }


def loss(params, x, y):
    """x: (T, B, D), y: (T, B); mean over T and B of (yhat - y)^2."""
    H = params["w_out"].shape[0]
    z_in = x @ params["W_in"].T + params["b_in"]  # (T, B, 2H), all steps at once

    def step(h, z):
        z = z + h @ params["W_rec"].T
        c = jnp.tanh(z[:, :H])
        s = jax.nn.sigmoid(z[:, H:])
        h = (1 - s) * h + s * c
        return h, h

    h0 = jnp.zeros((x.shape[1], H), x.dtype)
    _, hs = jax.lax.scan(step, h0, z_in)  # (T, B, H)
    yhat = hs @ params["w_out"] + params["b_out"]
    return jnp.mean((yhat - y) ** 2)


def train_step(params, m, v, count, x, y):
    value, grad = jax.value_and_grad(loss)(params, x, y)
    leaves = jax.tree_util.tree_leaves(grad)
    norm = jnp.sqrt(sum(jnp.sum(g * g) for g in leaves))
    scale = jnp.where(norm > CLIP, CLIP / norm, 1.0).astype(DTYPE)
    count = count + 1
    c1 = 1 - BETA1 ** count.astype(DTYPE)
    c2 = 1 - BETA2 ** count.astype(DTYPE)

    def update(p, g, m, v):
        g = g * scale
        if args.adamw:
            p = p * (1 - LR * WD)
        else:
            g = g + WD * p
        m = BETA1 * m + (1 - BETA1) * g
        v = BETA2 * v + (1 - BETA2) * g * g
        return p - LR * (m / c1) / (jnp.sqrt(v / c2) + EPS), m, v

    out = jax.tree_util.tree_map(update, params, grad, m, v)
    pick = lambda i: jax.tree_util.tree_map(lambda t: t[i], out, is_leaf=lambda t: isinstance(t, tuple))
    return pick(0), pick(1), pick(2), count, value


train_step = jax.jit(train_step, donate_argnums=(0, 1, 2))


def bench(T, D, H, B, seconds, repeats):
    key = jax.random.PRNGKey(13)
    kp, kd = jax.random.split(key)
    params = init(kp, D, H)
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    count = jnp.zeros((), jnp.int32)
    batches = []
    for k in jax.random.split(kd, 4):
        kx, ky = jax.random.split(k)
        batches.append((jax.random.normal(kx, (T, B, D), DTYPE), jax.random.normal(ky, (T, B), DTYPE)))
    params, m, v, count, value = train_step(params, m, v, count, *batches[0])  # compile + first step
    value.block_until_ready()
    wall_rates, cpu_rates, step_times = [], [], []
    for _ in range(repeats):
        steps = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        while steps < 2 or time.perf_counter() - wall0 < seconds:
            params, m, v, count, value = train_step(params, m, v, count, *batches[steps % len(batches)])
            steps += 1
            value.block_until_ready()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        wall_rates.append(steps * B * T / wall)
        cpu_rates.append(steps * B * T / cpu)
        step_times.append(wall / steps)
    assert jnp.isfinite(value), "loss is not finite"
    return statistics.median(wall_rates), statistics.median(cpu_rates), statistics.median(step_times)


if __name__ == "__main__":
    shapes = [[int(n) for n in s.split(",")] for s in args.shape.split(";") if s.strip()]
    precision = "float32" if args.float32 else "float64"
    decay = "adamw" if args.adamw else "adam+L2"
    print(f"jax {jax.__version__} {precision} ({decay}): shape (T, D, H, batch)   "
          "train seq-steps/s (wall)   (cpu)   step (s)")
    for T, D, H, B in shapes:
        wall, cpu, step = bench(T, D, H, B, args.seconds, args.repeats)
        label = f"({T}, {D}, {H}, {B})".ljust(28)
        print(f"jax {precision}: {label} {wall:11.3g}   {cpu:11.3g}   {step:8.4f}")
