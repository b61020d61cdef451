// Box-Muller normal variates from Philox4x32-10 counter blocks, 16 blocks per chunk in
// 16 x 64-bit lanes (see CVectorKernels.h for the layout a fill produces). Sixteen lanes are
// two AVX-512 registers per value: two independent dependency chains through the
// logarithm and the polynomials, which 8 lanes leave latency-bound.
//
// Philox4x32-10 (Salmon et al., SC'11) is the generator of Sources/Solvers/Random/Philox.swift,
// with the same counter and key layout, so a stream here is the same stream there. Each
// 32-bit word sits in the low half of a 64-bit lane, so its 32 x 32 -> 64-bit products are
// single vpmuludq/pmuludq instructions. Logarithm, sine and cosine are fdlibm's kernels
// (FreeBSD msun e_log.c, k_sin.c, k_cos.c: below 1 ulp on their ranges) written for lanes:
// the angle is reduced to [-pi/4, pi/4) exactly in integer arithmetic from the 32-bit word
// (its top two bits after a shift of 2^29 are the quadrant), so no argument reduction in
// floating point is needed.
#include "CVectorKernels.h"

#include <string.h>

// Bit-identical results on every instruction set: never fuse a * b + c.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
// Vectors pass by value only between always-inline helpers, never across a call, so the
// calling-convention difference between instruction sets that -Wpsabi warns of never arises.
#pragma clang diagnostic ignored "-Wpsabi"

typedef uint64_t lanes_u64 __attribute__((vector_size(128)));
typedef int64_t lanes_i64 __attribute__((vector_size(128)));
typedef double lanes_f64 __attribute__((vector_size(128)));

#define KERNEL_INLINE static inline __attribute__((always_inline))

static const uint64_t low32 = 0xffffffffu;

/// w exactly, for lanes below 2^52 (the exponent of 2^52 makes the integer the mantissa).
KERNEL_INLINE lanes_f64 unsigned_to_double(lanes_u64 w) {
    return (lanes_f64)(w | 0x4330000000000000ull) - 0x1p52;
}

/// k exactly, for |k| < 2^51 (offset by 1.5 * 2^52 so negative values keep the exponent).
KERNEL_INLINE lanes_f64 signed_to_double(lanes_i64 k) {
    return (lanes_f64)(lanes_u64)(k + (int64_t)0x4338000000000000ll) - 0x1.8p52;
}

KERNEL_INLINE void store_unaligned(double *p, lanes_f64 v) {
    typedef double lanes_f64_unaligned __attribute__((vector_size(128), aligned(8)));
    *(lanes_f64_unaligned *)p = v;
}

/// Ten Philox rounds on 16 blocks at once; c0..c3 are the counter words, in and out.
KERNEL_INLINE void philox_rounds(lanes_u64 *c0, lanes_u64 *c1, lanes_u64 *c2, lanes_u64 *c3, uint32_t k0, uint32_t k1) {
    lanes_u64 a = *c0, b = *c1, c = *c2, d = *c3;
    uint64_t key0 = k0, key1 = k1;
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            key0 = (uint32_t)(key0 + 0x9E3779B9u);
            key1 = (uint32_t)(key1 + 0xBB67AE85u);
        }
        lanes_u64 p0 = (a & low32) * (uint64_t)0xD2511F53u;
        lanes_u64 p1 = (c & low32) * (uint64_t)0xCD9E8D57u;
        a = (p1 >> 32) ^ b ^ key0;
        b = p1 & low32;
        c = (p0 >> 32) ^ d ^ key1;
        d = p0 & low32;
    }
    *c0 = a; *c1 = b; *c2 = c; *c3 = d;
}

/// ln x for normal x in (0, 1] (fdlibm e_log.c: x = 2^k (1 + f), sqrt(2)/2 <= 1 + f < sqrt(2),
/// ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f)).
KERNEL_INLINE lanes_f64 log_unit_interval(lanes_f64 x) {
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                 Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                 Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                 Lg7 = 1.479819860511658591e-01;
    lanes_u64 bits = (lanes_u64)x;
    lanes_u64 hx = (bits >> 32) & 0x000fffffu;
    lanes_u64 halve = (hx + 0x95f64u) & 0x100000u;   // 2^20 when the mantissa is above sqrt(2)
    lanes_i64 k = (lanes_i64)(bits >> 52) - 1023 + (lanes_i64)(halve >> 20);
    lanes_f64 f = (lanes_f64)((bits & 0x000fffffffffffffull) | ((halve ^ 0x3ff00000u) << 32)) - 1.0;
    lanes_f64 s = f / (2.0 + f);
    lanes_f64 dk = signed_to_double(k);
    lanes_f64 z = s * s, w = z * z;
    lanes_f64 t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    lanes_f64 t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    lanes_f64 R = t2 + t1;
    lanes_f64 hfsq = 0.5 * f * f;
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
}

/// The two variates of the pairs (a, b): radius from a, angle from b.
KERNEL_INLINE void box_muller(lanes_u64 a, lanes_u64 b, lanes_f64 *zc, lanes_f64 *zs) {
    const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                 S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                 S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                 C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                 C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    // u = (a + 1/2) 2^-32 in (0, 1): never 0, so the radius is finite (at most 6.77).
    lanes_f64 u = (unsigned_to_double(a) + 0.5) * 0x1p-32;
    lanes_f64 radius = __builtin_elementwise_sqrt(-2.0 * log_unit_interval(u));

    // Angle 2 pi b 2^-32 = q pi/2 + x: q from the top bits of b + 2^29, x in [-pi/4, pi/4).
    lanes_u64 t = (b + 0x20000000u) & low32;
    lanes_u64 q = t >> 30;
    lanes_f64 x = signed_to_double((lanes_i64)(t & 0x3fffffffu) - 0x20000000) * 0x1.921fb54442d18p-30;
    lanes_f64 z = x * x, w = z * z;
    lanes_f64 sine = x + z * x * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    lanes_f64 r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    lanes_f64 hz = 0.5 * z, one_minus = 1.0 - hz;
    lanes_f64 cosine = one_minus + (((1.0 - one_minus) - hz) + z * r);

    // cos(q pi/2 + x), sin(q pi/2 + x): swap for odd q, signs from q, by bit operations.
    lanes_u64 swap = (lanes_u64){0} - (q & 1u);
    lanes_u64 cos_bits = ((lanes_u64)(radius * sine) & swap) | ((lanes_u64)(radius * cosine) & ~swap);
    lanes_u64 sin_bits = ((lanes_u64)(radius * cosine) & swap) | ((lanes_u64)(radius * sine) & ~swap);
    *zc = (lanes_f64)(cos_bits ^ (((q + 1u) & 2u) << 62));
    *zs = (lanes_f64)(sin_bits ^ ((q & 2u) << 62));
}

KERNEL_INLINE void box_muller_fill_body(double *out, size_t count, uint64_t first_block, uint32_t k0,
                                        uint32_t k1, uint32_t w2, uint32_t w3) {
    const lanes_u64 lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    size_t chunks = (count + 63) / 64;
    for (size_t chunk = 0; chunk < chunks; chunk++) {
        lanes_u64 block = (first_block + 16 * (uint64_t)chunk) + lanes;
        lanes_u64 c0 = block & low32, c1 = block >> 32, c2 = (lanes_u64){0} + w2, c3 = (lanes_u64){0} + w3;
        philox_rounds(&c0, &c1, &c2, &c3, k0, k1);
        lanes_f64 z0, z1, z2, z3;
        box_muller(c0, c1, &z0, &z1);
        box_muller(c2, c3, &z2, &z3);
        size_t left = count - 64 * chunk;
        if (left >= 64) {
            store_unaligned(out + 64 * chunk, z0);
            store_unaligned(out + 64 * chunk + 16, z1);
            store_unaligned(out + 64 * chunk + 32, z2);
            store_unaligned(out + 64 * chunk + 48, z3);
        } else {
            lanes_f64 z[4] = {z0, z1, z2, z3};
            memcpy(out + 64 * chunk, z, left * sizeof(double));
        }
    }
}

static void box_muller_fill_baseline(double *out, size_t count, uint64_t first_block, uint32_t k0,
                                     uint32_t k1, uint32_t w2, uint32_t w3) {
    box_muller_fill_body(out, count, first_block, k0, k1, w2, w3);
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void box_muller_fill_avx2(double *out, size_t count, uint64_t first_block, uint32_t k0, uint32_t k1,
                                 uint32_t w2, uint32_t w3) {
    box_muller_fill_body(out, count, first_block, k0, k1, w2, w3);
}

__attribute__((target("avx512f,avx512dq")))
static void box_muller_fill_avx512(double *out, size_t count, uint64_t first_block, uint32_t k0,
                                   uint32_t k1, uint32_t w2, uint32_t w3) {
    box_muller_fill_body(out, count, first_block, k0, k1, w2, w3);
}
#endif

void dynsweep_box_muller_pair(uint32_t a, uint32_t b, double *cosine_variate, double *sine_variate) {
    lanes_f64 zc, zs;
    box_muller((lanes_u64){0} + a, (lanes_u64){0} + b, &zc, &zs);
    *cosine_variate = zc[0];
    *sine_variate = zs[0];
}

int dynsweep_best_isa(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) return DYNSWEEP_ISA_AVX512;
    if (__builtin_cpu_supports("avx2")) return DYNSWEEP_ISA_AVX2;
#endif
    return DYNSWEEP_ISA_BASELINE;
}

uint64_t dynsweep_box_muller_blocks(size_t count) {
    return 16 * (((uint64_t)count + 63) / 64);
}

void dynsweep_box_muller_fill(double *out, size_t count, uint64_t first_block, uint32_t k0, uint32_t k1,
                              uint32_t w2, uint32_t w3, int isa) {
#if defined(__x86_64__)
    if (isa >= DYNSWEEP_ISA_AVX512) {
        box_muller_fill_avx512(out, count, first_block, k0, k1, w2, w3);
        return;
    }
    if (isa >= DYNSWEEP_ISA_AVX2) {
        box_muller_fill_avx2(out, count, first_block, k0, k1, w2, w3);
        return;
    }
#else
    (void)isa;
#endif
    box_muller_fill_baseline(out, count, first_block, k0, k1, w2, w3);
}
