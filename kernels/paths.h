/* paths.h — internal: the per-path implementations behind kernels.h and the
 * GEMM framework shared by the SIMD paths. Not for use by experiments. */
#ifndef FA_KERNELS_PATHS_H
#define FA_KERNELS_PATHS_H

#include "kernels.h"

/* Every path's functions, with exactly the contracts of kernels.h: the
 * scalar path and AVX2 provide all of them, NEON too; the AVX-512 path
 * provides those its table (dispatch.c) uses. */
#define FA_DECLARE_PATHS(ret, name, params, args)                              \
    ret name##_f32_scalar params;                                              \
    ret name##_f32_avx2 params;                                                \
    ret name##_f32_avx512 params;                                              \
    ret name##_f32_neon params;
FA_KERNELS(FA_DECLARE_PATHS)
#undef FA_DECLARE_PATHS

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

/* Pasting a path's suffix: FA_CAT(gemm_nn_f32, avx2) is gemm_nn_f32_avx2. */
#define FA_CAT_(a, b) a##_##b
#define FA_CAT(a, b) FA_CAT_(a, b)
/* FA_GEMM_ARGS without its parentheses */
#define FA_UNPAREN(...) __VA_ARGS__
#define FA_EXPAND(x) x

/* The three public forms of a path X whose GEMM is gemm_direct with the
 * sweep function SWEEP. */
#define FA_DIRECT_GEMM_FORM(X, SWEEP, form, FORM)                                 \
    void gemm_##form##_f32_##X FA_GEMM_PARAMS                                    \
    {                                                                            \
        gemm_direct(SWEEP, FORM, FA_EXPAND(FA_UNPAREN FA_GEMM_ARGS));           \
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

/* Samples per round of a SIMD sampler (rand_simd.h): a round writes every
 * candidate and queues the rejected lanes without a branch (a branch per
 * step would mispredict on a fifth of the steps); the slow path takes them
 * after the round. */
enum { RAND_ROUND = 512 };

/* The rejected lanes of a round in increasing order, as half-word and offset
 * (the AVX-512 and NEON queues; room for a whole last vector past the end,
 * for AVX-512's full-width stores). */
typedef struct rand_list {
    uint32_t u[RAND_ROUND + 16], t[RAND_ROUND + 16];
    size_t n;
} rand_list;

/* The slow path of kernels.h for a half-word u that the fast test rejected;
 * draws spare words from s. Shared by all paths, so its bits are the same. */
float rand_normal_slow(uint32_t u, rand_stream *s);

/* The slow path for every lane of the list, in its order. */
static inline void rand_list_drain(const rand_list *q, rand_stream *s, float *x)
{
    for (size_t r = 0; r < q->n; r++)
        x[q->t[r]] = rand_normal_slow(q->u[r], s);
}

#endif
