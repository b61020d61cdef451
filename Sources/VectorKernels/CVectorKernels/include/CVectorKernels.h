// Vectorized numerical kernels for the Solvers' hot loops, written in C because Swift
// cannot choose an instruction set per function: a Swift build targets baseline x86-64
// (SSE2), where 64-bit lane multiplies are emulated and 4-wide double vectors are split in
// two (docs/benchmarks.md records the Swift attempts). Each kernel here is one portable
// body compiled three times, for AVX-512, AVX2 and the baseline, and chosen at run time by
// what the CPU supports. Every clone performs the same IEEE operations in the same order
// (no FMA contraction, no reassociation), so all three give bit-identical results: a
// realization's numbers do not depend on the node it ran on.
#ifndef DYNSWEEP_C_VECTOR_KERNELS_H
#define DYNSWEEP_C_VECTOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets a kernel can run on; `dynsweep_best_isa` picks the widest available.
enum {
    DYNSWEEP_ISA_BASELINE = 0,
    DYNSWEEP_ISA_AVX2 = 1,
    DYNSWEEP_ISA_AVX512 = 2,
};

/// The widest instruction set this CPU supports (AVX-512 needs AVX512F and AVX512DQ).
int dynsweep_best_isa(void);

/// Philox4x32-10 blocks consumed by a Box-Muller fill of `count` variates: whole chunks of
/// 16 blocks (64 variates), 16 * ceil(count / 64).
uint64_t dynsweep_box_muller_blocks(size_t count);

/// Fills out[0 ..< count] with standard normal variates by the Box-Muller transform of a
/// Philox4x32-10 stream (key (k0, k1), counter words 2 and 3 fixed at (w2, w3), counter
/// words 0-1 the 64-bit block index from `first_block` on).
///
/// Chunk c of 16 consecutive blocks b = first_block + 16c + l (lane l = 0..15), whose words
/// are (r0, r1, r2, r3), gives 64 variates: out[64c + l] and out[64c + 16 + l] are the
/// cosine and sine variates of the pair (r0, r1), out[64c + 32 + l] and out[64c + 48 + l]
/// those of (r2, r3). A pair (a, b) maps to radius sqrt(-2 ln((a + 1/2) 2^-32)) and angle
/// 2 pi b 2^-32, so every variate has 32 bits of its own (|z| < 6.8). The unused part of
/// the last chunk is discarded; the fill consumes dynsweep_box_muller_blocks(count) blocks.
/// `isa` must be one `dynsweep_best_isa` allows (a lower one is always allowed).
void dynsweep_box_muller_fill(double *out, size_t count, uint64_t first_block, uint32_t k0, uint32_t k1,
                              uint32_t w2, uint32_t w3, int isa);

/// The transform alone, for tests: the cosine and sine variates of the word pair (a, b)
/// exactly as a fill computes them (baseline build).
void dynsweep_box_muller_pair(uint32_t a, uint32_t b, double *cosine_variate, double *sine_variate);

/// One pass over the rows of a weight matrix for a teacher-student SGD step (issue 16):
/// applies the pending update of the previous batch to the first `update_rows` rows and
/// computes every row's local fields for the new batch, so each row is read once per step.
///
/// `weights` is rows x width (width a multiple of 8, rows and update_rows multiples of 4;
/// padding is zero); the samples are rows of `inputs` and `previous`, `input_stride` apart,
/// of which the first `width` entries are used. When `coefficients` is not NULL, row
/// r < update_rows += sum over p of coefficients[p * update_rows + r] * previous[p * input_stride ..],
/// added in order p = 0, 1, ... Then fields[s * field_stride + r] = (row r . inputs[s * input_stride ..])
/// * scale for every sample s < batch, the dot product summed in 8 lanes and then across
/// them in a fixed order. `isa` as for the fill.
void dynsweep_sgd_fused_pass(double *weights, size_t width, size_t rows, size_t update_rows,
                             const double *coefficients, const double *previous, const double *inputs,
                             size_t input_stride, size_t batch, double scale, double *fields, size_t field_stride,
                             int isa);

#ifdef __cplusplus
}
#endif

#endif
