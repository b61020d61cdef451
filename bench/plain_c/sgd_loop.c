// The teacher-student SGD step as a C programmer would first write it: the yardstick
// issue 16 measures dynsweep against (docs/benchmarks.md). N = 784, M = K = 4,
// g(x) = erf(x / sqrt 2), batch 1, learning rate 0.5, fixed second layers v = v* = 1,
// the same step dynsweep-bench sgd times:
//
//   lambda = W x / sqrt N, rho = W* x / sqrt N, Delta = sum g(rho) - sum g(lambda),
//   W_k += (eta / sqrt N) Delta g'(lambda_k) x,   x ~ N(0, I_N) fresh every step.
//
// Inputs: xorshift128+ (Vigna 2014) uniforms and the Box-Muller transform with libm's
// log, sqrt, cos and sin; everything else plain scalar loops. Built with `cc -O2`, no
// -march flags (bench/run.sh). Prints steps per second of the thread's CPU time.
//
// Usage: sgd_loop [steps] (default 200000).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 784, K = 4, M = 4 };

static uint64_t state[2] = {0x9E3779B97F4A7C15ull, 0xD1B54A32D192ED03ull};

static uint64_t next_word(void) {
    uint64_t s1 = state[0];
    const uint64_t s0 = state[1];
    state[0] = s0;
    s1 ^= s1 << 23;
    state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return state[1] + s0;
}

/// A uniform variate in (0, 1) from 53 bits.
static double uniform(void) { return ((double)(next_word() >> 11) + 0.5) * 0x1p-53; }

static void fill_gaussian(double *x, int n) {
    for (int i = 0; i < n; i += 2) {
        double r = sqrt(-2 * log(uniform())), theta = 2 * M_PI * uniform();
        x[i] = r * cos(theta);
        if (i + 1 < n) x[i + 1] = r * sin(theta);
    }
}

static double g(double x) { return erf(x * M_SQRT1_2); }
static double g_prime(double x) { return sqrt(2 / M_PI) * exp(-0.5 * x * x); }

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv) {
    long steps = argc > 1 ? atol(argv[1]) : 200000;
    if (steps <= 0) {
        fprintf(stderr, "sgd_loop: steps must be a positive integer, got '%s'\n", argv[1]);
        return 2;
    }
    static double W[K][N], Wstar[M][N], x[N];
    const double eta = 0.5, scale = 1 / sqrt((double)N);
    for (int k = 0; k < K; k++) fill_gaussian(W[k], N);
    for (int m = 0; m < M; m++) fill_gaussian(Wstar[m], N);

    double start = cpu_seconds(), check = 0;
    for (long step = 0; step < steps; step++) {
        fill_gaussian(x, N);
        double lambda[K], rho[M], delta = 0;
        for (int k = 0; k < K; k++) {
            double sum = 0;
            for (int j = 0; j < N; j++) sum += W[k][j] * x[j];
            lambda[k] = sum * scale;
            delta -= g(lambda[k]);
        }
        for (int m = 0; m < M; m++) {
            double sum = 0;
            for (int j = 0; j < N; j++) sum += Wstar[m][j] * x[j];
            rho[m] = sum * scale;
            delta += g(rho[m]);
        }
        for (int k = 0; k < K; k++) {
            double c = eta * scale * delta * g_prime(lambda[k]);
            for (int j = 0; j < N; j++) W[k][j] += c * x[j];
        }
        check += delta * delta;
    }
    double seconds = cpu_seconds() - start;
    printf("plain C loop: N=%d M=%d K=%d batch=1 erf, %ld steps: %.4g steps/s (CPU %.3f s; mean Delta^2 %.3g)\n", N, M,
           K, steps, steps / seconds, seconds, check / steps);
    return 0;
}
