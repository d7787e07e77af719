/* paths.h — internal: the per-path implementations behind kernels.h and the
 * GEMM framework shared by the SIMD paths. Not for use by experiments. */
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
    void dact_tanh_relu_l_f32_##X(size_t, size_t, const float *, size_t,         \
                                  const float *, size_t, const float *, size_t,  \
                                  float *, size_t);                              \
    void colsum_f32_##X(size_t, size_t, const float *, size_t, float, float *);  \
    void axpy_f32_##X(size_t, size_t, float, const float *, size_t, float *,     \
                      size_t);                                                   \
    void scale_f32_##X(size_t, size_t, float, float *, size_t);                  \
    void colnorm_f32_##X(size_t, size_t, float *, size_t, double);               \
    double frob_dot_f32_##X(size_t, size_t, const float *, size_t, const float *, \
                            size_t);                                             \
    void frob_sums_f32_##X(size_t, size_t, const float *, size_t, const float *, \
                           size_t, double[3]);                                  \
    void rand_normal_f32_##X(rand_stream *, size_t, float *);                   \
    void rand_signs_f32_##X(rand_stream *, size_t, float *);

FA_DECLARE_PATH(scalar)
FA_DECLARE_PATH(avx2)
FA_DECLARE_PATH(neon)

/* The AVX-512 path has its own GEMM, tanh and sampling kernels and shares
 * the rest with AVX2 (dispatch.c). */
void gemm_nn_f32_avx512(size_t, size_t, size_t, float, const float *, size_t,
                        const float *, size_t, float, float *, size_t);
void gemm_tn_f32_avx512(size_t, size_t, size_t, float, const float *, size_t,
                        const float *, size_t, float, float *, size_t);
void gemm_nt_f32_avx512(size_t, size_t, size_t, float, const float *, size_t,
                        const float *, size_t, float, float *, size_t);
void act_tanh_relu_f32_avx512(size_t, size_t, const float *, size_t, float *, size_t);
void dact_tanh_relu_f32_avx512(size_t, size_t, const float *, size_t, const float *,
                               size_t, float *, size_t);
void rand_normal_f32_avx512(rand_stream *, size_t, float *);
void rand_signs_f32_avx512(rand_stream *, size_t, float *);

/* ---- Direct GEMM framework (gemm_direct.c, gemm_tile.h) -------------------
 *
 * The SIMD paths share one driver and differ only in their vector
 * operations. A is read in place (the micro-kernel only broadcasts its
 * elements), B too for NN and TN; for NT a transposed copy of B is made so
 * that rows of op(B) are contiguous. The problem handed to a path: */
typedef struct gemm_prob {
    size_t m, n, k;
    float alpha, beta;
    const float *a;     /* op(A)(i, p) = a[i * ars + p * aps] */
    size_t ars, aps;
    const float *b;     /* op(B)(p, j) = b[p * ldb + j] */
    size_t ldb;
    float *c;
    size_t ldc;
    int from_c;         /* the sums start from C, not +0 (k blocks: gemm_tile.h) */
} gemm_prob;

typedef enum { GEMM_NN, GEMM_TN, GEMM_NT } gemm_form;

/* Any form: handles the empty cases and k == 0, prepares the problem and
 * calls the path's sweep (which needs m, n, k >= 1). */
void gemm_direct(void (*sweep)(const gemm_prob *), gemm_form form, size_t m,
                 size_t n, size_t k, float alpha, const float *A, size_t lda,
                 const float *B, size_t ldb, float beta, float *C, size_t ldc);

/* The fixed combination of the eight lanes of a Frobenius sum (kernels.h). */
static inline double fa_combine8(const double s[8])
{
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* An elementwise kernel on matrices without padding between rows (every
 * ld == n) may treat them as one row of m n elements. */
static inline void fa_flatten(size_t *m, size_t *n, int no_padding)
{
    if (no_padding && *m > 1) {
        *n *= *m;
        *m = 1;
    }
}

/* The three public forms of a path X whose GEMM is gemm_direct with the
 * sweep function SWEEP. */
#define FA_DIRECT_GEMM_FORM(X, SWEEP, form, FORM)                                 \
    void gemm_##form##_f32_##X(size_t m, size_t n, size_t k, float alpha,        \
                               const float *A, size_t lda, const float *B,       \
                               size_t ldb, float beta, float *C, size_t ldc)     \
    {                                                                            \
        gemm_direct(SWEEP, FORM, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);  \
    }
#define FA_DIRECT_GEMM_FORMS(X, SWEEP)                                            \
    FA_DIRECT_GEMM_FORM(X, SWEEP, nn, GEMM_NN)                                   \
    FA_DIRECT_GEMM_FORM(X, SWEEP, tn, GEMM_TN)                                   \
    FA_DIRECT_GEMM_FORM(X, SWEEP, nt, GEMM_NT)

/* ---- Gaussian sampler (kernels.h; rand_scalar.c) --------------------------- */

#define RAND_GAMMA 0x9e3779b97f4a7c15ULL   /* SplitMix64's increment */
#define RAND_MIX1 0xbf58476d1ce4e5b9ULL
#define RAND_MIX2 0x94d049bb133111ebULL

static inline uint64_t rand_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * RAND_MIX1;
    z = (z ^ (z >> 27)) * RAND_MIX2;
    return z ^ (z >> 31);
}

/* Word c of a sequence with this key. */
static inline uint64_t rand_word_at(uint64_t key, uint64_t c)
{
    return rand_mix64(key + (c + 1) * RAND_GAMMA);
}

/* The slow path of kernels.h for a half-word u that the fast test rejected;
 * draws spare words from s. Shared by all paths, so its bits are the same. */
float rand_normal_slow(uint32_t u, rand_stream *s);

#endif
