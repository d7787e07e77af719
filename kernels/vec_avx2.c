/* vec_avx2.c — AVX2+FMA elementwise kernels, column sums and Frobenius
 * reductions. Vector loops over 8 columns of a row (of the whole matrix when
 * it has no padding); the leftover columns go through one masked vector with
 * the same operations, so every element sees the scalar path's operations. */
#include <immintrin.h>
#include <sleef.h>

#include "paths.h"

#define tanh_v Sleef_finz_tanhf8_u10avx2

/* Lanes 0 .. rem-1 of a maskload/maskstore (rem < 8). */
static inline __m256i tail_mask(size_t rem)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)rem),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* Eight lanes at x, or only the lanes of mask (the others read as +0). */
static inline __attribute__((always_inline)) __m256 load8(const float *x, int full,
                                                          __m256i mask)
{
    return full ? _mm256_loadu_ps(x) : _mm256_maskload_ps(x, mask);
}

static inline __attribute__((always_inline)) void store8(float *x, __m256 v, int full,
                                                         __m256i mask)
{
    if (full)
        _mm256_storeu_ps(x, v);
    else
        _mm256_maskstore_ps(x, mask, v);
}

/* Run OP(j, full, mask) over the columns of every row: full vectors, then
 * one masked vector for the leftover columns. A padded lane computes on +0
 * and is never stored, so every element sees the scalar path's operations. */
#define FOR_EACH_VECTOR(m, n, OP)                                              \
    do {                                                                       \
        const __m256i tail_ = tail_mask((n) % 8), full_ = _mm256_set1_epi32(-1); \
        for (size_t i = 0; i < (m); i++) {                                     \
            size_t j = 0;                                                      \
            for (; j + 8 <= (n); j += 8)                                       \
                OP(i, j, 1, full_);                                            \
            if (j < (n))                                                       \
                OP(i, j, 0, tail_);                                            \
        }                                                                      \
    } while (0)

static inline __attribute__((always_inline)) __m256 relu8(__m256 v)
{
    return _mm256_andnot_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ), v);
}

void act_relu_f32_avx2(size_t m, size_t n, const float *Z, size_t ldz,
                       float *L, size_t ldl)
{
    fa_flatten(&m, &n, ldz == n && ldl == n);
#define OP(i, j, full, mask) \
    store8(L + (i) * ldl + (j), relu8(load8(Z + (i) * ldz + (j), full, mask)), full, mask)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void act_tanh_relu_f32_avx2(size_t m, size_t n, const float *Z, size_t ldz,
                            float *L, size_t ldl)
{
    fa_flatten(&m, &n, ldz == n && ldl == n);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        __m256 v = load8(Z + (i) * ldz + (j), full, mask);                     \
        __m256 neg = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);        \
        store8(L + (i) * ldl + (j), _mm256_andnot_ps(neg, tanh_v(v)), full, mask); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void dact_relu_f32_avx2(size_t m, size_t n, const float *G, size_t ldg,
                        const float *Z, size_t ldz, float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldd == n);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        __m256 keep = _mm256_cmp_ps(load8(Z + (i) * ldz + (j), full, mask),     \
                                    _mm256_setzero_ps(), _CMP_GE_OQ);          \
        store8(D + (i) * ldd + (j),                                            \
               _mm256_and_ps(keep, load8(G + (i) * ldg + (j), full, mask)), full, mask); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

/* (z > 0) ? g * fmaf(-t, t, 1) : +0 */
static inline __attribute__((always_inline)) __m256 dtanh8(__m256 g, __m256 z, __m256 t)
{
    __m256 fp = _mm256_fnmadd_ps(t, t, _mm256_set1_ps(1.0f));
    __m256 keep = _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_GT_OQ);
    return _mm256_and_ps(keep, _mm256_mul_ps(g, fp));
}

void dact_tanh_relu_f32_avx2(size_t m, size_t n, const float *G, size_t ldg,
                             const float *Z, size_t ldz, float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldd == n);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        __m256 z = load8(Z + (i) * ldz + (j), full, mask);                     \
        __m256 g = load8(G + (i) * ldg + (j), full, mask);                     \
        store8(D + (i) * ldd + (j), dtanh8(g, z, tanh_v(z)), full, mask);      \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void dact_tanh_relu_l_f32_avx2(size_t m, size_t n, const float *G, size_t ldg,
                               const float *Z, size_t ldz, const float *L, size_t ldl,
                               float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldl == n && ldd == n);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        __m256 z = load8(Z + (i) * ldz + (j), full, mask);                     \
        __m256 g = load8(G + (i) * ldg + (j), full, mask);                     \
        __m256 l = load8(L + (i) * ldl + (j), full, mask);                     \
        store8(D + (i) * ldd + (j), dtanh8(g, z, l), full, mask);              \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void axpy_f32_avx2(size_t m, size_t n, float alpha, const float *X, size_t ldx,
                   float *Y, size_t ldy)
{
    fa_flatten(&m, &n, ldx == n && ldy == n);
    const __m256 a = _mm256_set1_ps(alpha);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        float *y = Y + (i) * ldy + (j);                                        \
        __m256 x = load8(X + (i) * ldx + (j), full, mask);                     \
        store8(y, _mm256_fmadd_ps(a, x, load8(y, full, mask)), full, mask);    \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

/* Up to 32 columns per pass down the rows, each column's sum in one lane. */
void colsum_f32_avx2(size_t m, size_t n, const float *A, size_t lda, float alpha,
                     float *out)
{
    const __m256 a = _mm256_set1_ps(alpha);
    for (size_t j0 = 0; j0 < n; j0 += 32) {
        size_t w = n - j0 < 32 ? n - j0 : 32;
        __m256i mask[4];
        __m256 s[4];
#pragma GCC unroll 4
        for (size_t v = 0; v < 4; v++) {
            size_t lanes = w > 8 * v ? w - 8 * v : 0;
            mask[v] = tail_mask(lanes < 8 ? lanes : 8);
            s[v] = _mm256_setzero_ps();
        }
        for (size_t i = 0; i < m; i++) {
            const float *row = A + i * lda + j0;
#pragma GCC unroll 4
            for (size_t v = 0; v < 4; v++)
                s[v] = _mm256_add_ps(s[v], _mm256_maskload_ps(row + 8 * v, mask[v]));
        }
#pragma GCC unroll 4
        for (size_t v = 0; v < 4; v++)
            _mm256_maskstore_ps(out + j0 + 8 * v, mask[v], _mm256_mul_ps(a, s[v]));
    }
}

void scale_f32_avx2(size_t m, size_t n, float alpha, float *X, size_t ldx)
{
    fa_flatten(&m, &n, ldx == n);
    const __m256 a = _mm256_set1_ps(alpha);
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        float *x = X + (i) * ldx + (j);                                        \
        store8(x, _mm256_mul_ps(a, load8(x, full, mask)), full, mask);         \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

/* Four columns at a time in double; each column's sum runs down the rows as
 * in the specification. */
void colnorm_f32_avx2(size_t m, size_t n, float *W, size_t ldw, double gamma)
{
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    const __m256d g = _mm256_set1_pd(gamma);
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        __m256d ss = zero;
        for (size_t i = 0; i < m; i++) {
            __m256d w = _mm256_cvtps_pd(_mm_loadu_ps(W + i * ldw + j));
            ss = _mm256_add_pd(ss, _mm256_mul_pd(w, w));
        }
        __m256d scale = _mm256_div_pd(g, _mm256_sqrt_pd(ss));
        scale = _mm256_blendv_pd(scale, one, _mm256_cmp_pd(ss, zero, _CMP_EQ_OQ));
        for (size_t i = 0; i < m; i++) {
            float *w = W + i * ldw + j;
            __m256d v = _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w)), scale);
            _mm_storeu_ps(w, _mm256_cvtpd_ps(v));
        }
    }
    colnorm_f32_scalar(m, n - j, W + j, ldw, gamma);
}

/* Eight floats of a row as two vectors of doubles; for the n < 8 leftover
 * floats of a row (full == 0), lanes n..7 are +0 (see fa_tail8 in paths.h
 * for why the padding is harmless). */
static inline __attribute__((always_inline)) void load8d(const float *x, int full,
                                                         __m256i mask, __m256d *lo,
                                                         __m256d *hi)
{
    __m256 v = load8(x, full, mask);
    *lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    *hi = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
}

static inline double combine(__m256d lo, __m256d hi)
{
    double s[8];
    _mm256_storeu_pd(s, lo);
    _mm256_storeu_pd(s + 4, hi);
    return fa_combine8(s);
}

/* <A, B> into out[0] and, when norms, ||A||^2 and ||B||^2 into out[1..2];
 * inlined with a constant norms, so the dot product alone costs no more. */
static inline __attribute__((always_inline)) void frob(size_t m, size_t n, const float *A,
                                                       size_t lda, const float *B, size_t ldb,
                                                       int norms, double out[3])
{
    __m256d ab0 = _mm256_setzero_pd(), ab1 = ab0, aa0 = ab0, aa1 = ab0,
            bb0 = ab0, bb1 = ab0;
#define OP(i, j, full, mask)                                                   \
    do {                                                                       \
        __m256d a0, a1, b0, b1;                                                \
        load8d(A + (i) * lda + (j), full, mask, &a0, &a1);                     \
        load8d(B + (i) * ldb + (j), full, mask, &b0, &b1);                     \
        ab0 = _mm256_add_pd(ab0, _mm256_mul_pd(a0, b0));                       \
        ab1 = _mm256_add_pd(ab1, _mm256_mul_pd(a1, b1));                       \
        if (norms) {                                                           \
            aa0 = _mm256_add_pd(aa0, _mm256_mul_pd(a0, a0));                   \
            aa1 = _mm256_add_pd(aa1, _mm256_mul_pd(a1, a1));                   \
            bb0 = _mm256_add_pd(bb0, _mm256_mul_pd(b0, b0));                   \
            bb1 = _mm256_add_pd(bb1, _mm256_mul_pd(b1, b1));                   \
        }                                                                      \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
    out[0] = combine(ab0, ab1);
    if (norms) {
        out[1] = combine(aa0, aa1);
        out[2] = combine(bb0, bb1);
    }
}

double frob_dot_f32_avx2(size_t m, size_t n, const float *A, size_t lda,
                         const float *B, size_t ldb)
{
    double s[3];
    frob(m, n, A, lda, B, ldb, 0, s);
    return s[0];
}

void frob_sums_f32_avx2(size_t m, size_t n, const float *A, size_t lda,
                        const float *B, size_t ldb, double out[3])
{
    frob(m, n, A, lda, B, ldb, 1, out);
}
