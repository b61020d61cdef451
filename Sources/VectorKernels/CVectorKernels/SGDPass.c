// The teacher-student SGD step's linear algebra in one pass over W (CVectorKernels.h).
//
// Four rows at a time, eight doubles per vector: for the updated (student) rows the pending
// update and the first sample's dot products share one read and write of each row (the
// rows, 25 KB at N = 784, stay in L1 for the batch's other samples); other rows only get
// dot products. Every clone adds in the same order, so the result is bit-identical across
// instruction sets.
#include "CVectorKernels.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
// Vectors pass by value only between always-inline helpers (see BoxMuller.c).
#pragma clang diagnostic ignored "-Wpsabi"

typedef double v8d __attribute__((vector_size(64)));
typedef double v8d_unaligned __attribute__((vector_size(64), aligned(8)));

#define KERNEL_INLINE static inline __attribute__((always_inline))

KERNEL_INLINE v8d load8(const double *p) { return *(const v8d_unaligned *)p; }
KERNEL_INLINE void store8(double *p, v8d v) { *(v8d_unaligned *)p = v; }

/// The lanes' sum, pairwise in a fixed order.
KERNEL_INLINE double lane_sum(v8d a) {
    return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
}

KERNEL_INLINE void fused_pass_body(double *weights, size_t width, size_t rows, size_t update_rows,
                                   const double *coefficients, const double *previous, const double *inputs,
                                   size_t input_stride, size_t batch, double scale, double *fields,
                                   size_t field_stride) {
    for (size_t r = 0; r < rows; r += 4) {
        double *w0 = weights + r * width, *w1 = w0 + width, *w2 = w1 + width, *w3 = w2 + width;
        int update = coefficients != 0 && r < update_rows;
        for (size_t s = 0; s < batch; s++) {
            const double *x = inputs + s * input_stride;
            v8d a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
            if (update && s == 0) {
                for (size_t j = 0; j < width; j += 8) {
                    v8d u0 = load8(w0 + j), u1 = load8(w1 + j), u2 = load8(w2 + j), u3 = load8(w3 + j);
                    for (size_t p = 0; p < batch; p++) {
                        const double *c = coefficients + p * update_rows + r;
                        v8d xp = load8(previous + p * input_stride + j);
                        u0 = u0 + c[0] * xp;
                        u1 = u1 + c[1] * xp;
                        u2 = u2 + c[2] * xp;
                        u3 = u3 + c[3] * xp;
                    }
                    store8(w0 + j, u0);
                    store8(w1 + j, u1);
                    store8(w2 + j, u2);
                    store8(w3 + j, u3);
                    v8d xv = load8(x + j);
                    a0 = a0 + u0 * xv;
                    a1 = a1 + u1 * xv;
                    a2 = a2 + u2 * xv;
                    a3 = a3 + u3 * xv;
                }
            } else {
                for (size_t j = 0; j < width; j += 8) {
                    v8d xv = load8(x + j);
                    a0 = a0 + load8(w0 + j) * xv;
                    a1 = a1 + load8(w1 + j) * xv;
                    a2 = a2 + load8(w2 + j) * xv;
                    a3 = a3 + load8(w3 + j) * xv;
                }
            }
            double *h = fields + s * field_stride + r;
            h[0] = lane_sum(a0) * scale;
            h[1] = lane_sum(a1) * scale;
            h[2] = lane_sum(a2) * scale;
            h[3] = lane_sum(a3) * scale;
        }
    }
}

#define FUSED_PASS_PARAMETERS                                                                                 \
    double *weights, size_t width, size_t rows, size_t update_rows, const double *coefficients,              \
        const double *previous, const double *inputs, size_t input_stride, size_t batch, double scale,       \
        double *fields, size_t field_stride
#define FUSED_PASS_ARGUMENTS                                                                                  \
    weights, width, rows, update_rows, coefficients, previous, inputs, input_stride, batch, scale, fields,    \
        field_stride

static void fused_pass_baseline(FUSED_PASS_PARAMETERS) { fused_pass_body(FUSED_PASS_ARGUMENTS); }

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void fused_pass_avx2(FUSED_PASS_PARAMETERS) {
    fused_pass_body(FUSED_PASS_ARGUMENTS);
}

__attribute__((target("avx512f,avx512dq"))) static void fused_pass_avx512(FUSED_PASS_PARAMETERS) {
    fused_pass_body(FUSED_PASS_ARGUMENTS);
}
#endif

void dynsweep_sgd_fused_pass(FUSED_PASS_PARAMETERS, int isa) {
#if defined(__x86_64__)
    if (isa >= DYNSWEEP_ISA_AVX512) {
        fused_pass_avx512(FUSED_PASS_ARGUMENTS);
        return;
    }
    if (isa >= DYNSWEEP_ISA_AVX2) {
        fused_pass_avx2(FUSED_PASS_ARGUMENTS);
        return;
    }
#else
    (void)isa;
#endif
    fused_pass_baseline(FUSED_PASS_ARGUMENTS);
}
