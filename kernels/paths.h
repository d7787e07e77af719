/* paths.h — internal: the per-path implementations behind kernels.h and the
 * packed-GEMM framework shared by the SIMD paths. Not for use by experiments. */
#ifndef FA_KERNELS_PATHS_H
#define FA_KERNELS_PATHS_H

#include "kernels.h"

/* Each path X provides these, with exactly the contracts of kernels.h. */
#define FA_DECLARE_PATH(X)                                                        \
    void gemm_nn_f32_##X(size_t, size_t, size_t, float, const float *, size_t,   \
                         const float *, size_t, float, float *, size_t);         \
    void gemm_tn_f32_##X(size_t, size_t, size_t, float, const float *, size_t,   \
                         const float *, size_t, float, float *, size_t);         \
    void gemm_nt_f32_##X(size_t, size_t, size_t, float, const float *, size_t,   \
                         const float *, size_t, float, float *, size_t);         \
    void act_relu_f32_##X(size_t, size_t, const float *, size_t, float *, size_t); \
    void act_tanh_relu_f32_##X(size_t, size_t, const float *, size_t, float *,   \
                               size_t);                                          \
    void dact_relu_f32_##X(size_t, size_t, const float *, size_t, const float *, \
                           size_t, float *, size_t);                             \
    void dact_tanh_relu_f32_##X(size_t, size_t, const float *, size_t,           \
                                const float *, size_t, float *, size_t);         \
    void colnorm_f32_##X(size_t, size_t, float *, size_t, double);               \
    double frob_dot_f32_##X(size_t, size_t, const float *, size_t, const float *, \
                            size_t);                                             \
    void frob_sums_f32_##X(size_t, size_t, const float *, size_t, const float *, \
                           size_t, double[3]);

FA_DECLARE_PATH(scalar)
FA_DECLARE_PATH(avx2)
FA_DECLARE_PATH(neon)

/* ---- Packed GEMM framework (gemm_packed.c) --------------------------------
 *
 * The SIMD paths share one blocked, packed driver (BLIS-style) and differ
 * only in their micro-kernel. Packing copies op(A) into row panels of MR rows
 * and op(B) into column panels of NR columns, both laid out p-major (for each
 * p: MR, resp. NR, consecutive values), zero-padded in M and N but never in K:
 * a padded k would add terms to the chain and could flip the sign of a zero.
 *
 * The micro-kernel computes one MR x NR tile of the chain
 *     acc = start;  for p < kc: acc[r][c] = fma(a[p][r], b[p][c], acc[r][c])
 * where start is +0 (s_in == NULL) or the partial sums s_in carried over from
 * the previous k block. Then, if final, it writes out = alpha*acc (+ beta*out
 * when beta != 0, as fmaf(beta, out, alpha*acc)); otherwise out = acc. Because
 * the partial sums are carried in float, splitting k into blocks does not
 * change a single bit of the chain.
 */
typedef struct gemm_tile {
    size_t kc;
    const float *a;       /* packed: kc x MR */
    const float *b;       /* packed: kc x NR */
    const float *s_in;    /* NULL, or MR x NR partial sums with leading dim lds */
    size_t lds;
    float *out;           /* MR x NR destination with leading dim ldo */
    size_t ldo;
    int final;
    float alpha, beta;
} gemm_tile;

typedef struct gemm_ukernel {
    size_t mr, nr;
    void (*tile)(const gemm_tile *t);   /* full MR x NR tiles only */
} gemm_ukernel;

typedef enum { GEMM_NN, GEMM_TN, GEMM_NT } gemm_form;

void gemm_packed(const gemm_ukernel *uk, gemm_form form, size_t m, size_t n,
                 size_t k, float alpha, const float *A, size_t lda,
                 const float *B, size_t ldb, float beta, float *C, size_t ldc);

/* The fixed combination of the eight lanes of a Frobenius sum (kernels.h). */
static inline double fa_combine8(const double s[8])
{
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* Copy the n < 8 leftover floats of a row into t[0..n-1] and zero the rest.
 * A SIMD path adds the padding's products (+0 * +0 = +0) to its lanes; that
 * changes no bit, because a lane sum that starts at +0 is never -0. */
static inline void fa_tail8(float t[8], const float *x, size_t n)
{
    for (size_t j = 0; j < 8; j++)
        t[j] = j < n ? x[j] : 0.0f;
}

/* The three public forms of a path X whose GEMM is gemm_packed with the
 * micro-kernel UK. */
#define FA_PACKED_GEMM_FORM(X, UK, form, FORM)                                    \
    void gemm_##form##_f32_##X(size_t m, size_t n, size_t k, float alpha,        \
                               const float *A, size_t lda, const float *B,       \
                               size_t ldb, float beta, float *C, size_t ldc)     \
    {                                                                            \
        gemm_packed(UK, FORM, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);     \
    }
#define FA_PACKED_GEMM_FORMS(X, UK)                                               \
    FA_PACKED_GEMM_FORM(X, UK, nn, GEMM_NN)                                      \
    FA_PACKED_GEMM_FORM(X, UK, tn, GEMM_TN)                                      \
    FA_PACKED_GEMM_FORM(X, UK, nt, GEMM_NT)

#endif
