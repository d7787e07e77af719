/* vec_avx2.c — AVX2+FMA elementwise kernels and Frobenius reductions.
 * Vector loops over 8 columns of a row; the leftover columns of each row go
 * through the scalar specification, so every element sees the same operations
 * in both paths. */
#include <immintrin.h>
#include <sleef.h>

#include "paths.h"

#define tanh_v Sleef_finz_tanhf8_u10avx2

void act_relu_f32_avx2(size_t m, size_t n, const float *Z, size_t ldz,
                       float *L, size_t ldl)
{
    const __m256 zero = _mm256_setzero_ps();
    for (size_t i = 0; i < m; i++) {
        const float *z = Z + i * ldz;
        float *l = L + i * ldl;
        size_t j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 v = _mm256_loadu_ps(z + j);
            __m256 neg = _mm256_cmp_ps(v, zero, _CMP_LT_OQ);
            _mm256_storeu_ps(l + j, _mm256_andnot_ps(neg, v));
        }
        act_relu_f32_scalar(1, n - j, z + j, ldz, l + j, ldl);
    }
}

void act_tanh_relu_f32_avx2(size_t m, size_t n, const float *Z, size_t ldz,
                            float *L, size_t ldl)
{
    const __m256 zero = _mm256_setzero_ps();
    for (size_t i = 0; i < m; i++) {
        const float *z = Z + i * ldz;
        float *l = L + i * ldl;
        size_t j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 v = _mm256_loadu_ps(z + j);
            __m256 neg = _mm256_cmp_ps(v, zero, _CMP_LT_OQ);
            _mm256_storeu_ps(l + j, _mm256_andnot_ps(neg, tanh_v(v)));
        }
        act_tanh_relu_f32_scalar(1, n - j, z + j, ldz, l + j, ldl);
    }
}

void dact_relu_f32_avx2(size_t m, size_t n, const float *G, size_t ldg,
                        const float *Z, size_t ldz, float *D, size_t ldd)
{
    const __m256 zero = _mm256_setzero_ps();
    for (size_t i = 0; i < m; i++) {
        const float *g = G + i * ldg, *z = Z + i * ldz;
        float *d = D + i * ldd;
        size_t j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 keep = _mm256_cmp_ps(_mm256_loadu_ps(z + j), zero, _CMP_GE_OQ);
            _mm256_storeu_ps(d + j, _mm256_and_ps(keep, _mm256_loadu_ps(g + j)));
        }
        dact_relu_f32_scalar(1, n - j, g + j, ldg, z + j, ldz, d + j, ldd);
    }
}

void dact_tanh_relu_f32_avx2(size_t m, size_t n, const float *G, size_t ldg,
                             const float *Z, size_t ldz, float *D, size_t ldd)
{
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    for (size_t i = 0; i < m; i++) {
        const float *g = G + i * ldg, *z = Z + i * ldz;
        float *d = D + i * ldd;
        size_t j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 v = _mm256_loadu_ps(z + j);
            __m256 t = tanh_v(v);
            __m256 fp = _mm256_fnmadd_ps(t, t, one);   /* fmaf(-t, t, 1) */
            __m256 r = _mm256_mul_ps(_mm256_loadu_ps(g + j), fp);
            __m256 keep = _mm256_cmp_ps(v, zero, _CMP_GT_OQ);
            _mm256_storeu_ps(d + j, _mm256_and_ps(keep, r));
        }
        dact_tanh_relu_f32_scalar(1, n - j, g + j, ldg, z + j, ldz, d + j, ldd);
    }
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

static inline void load8(const float *x, __m256d *lo, __m256d *hi)
{
    __m256 v = _mm256_loadu_ps(x);
    *lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    *hi = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
}

/* The n < 8 leftover floats of a row, as doubles in lanes 0..n-1 and +0
 * elsewhere (see fa_tail8 in paths.h for why the padding is harmless). */
static inline void load_tail(const float *x, size_t n, __m256d *lo, __m256d *hi)
{
    float t[8];
    fa_tail8(t, x, n);
    load8(t, lo, hi);
}

static inline double combine(__m256d lo, __m256d hi)
{
    double s[8];
    _mm256_storeu_pd(s, lo);
    _mm256_storeu_pd(s + 4, hi);
    return fa_combine8(s);
}

double frob_dot_f32_avx2(size_t m, size_t n, const float *A, size_t lda,
                         const float *B, size_t ldb)
{
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
    for (size_t i = 0; i < m; i++) {
        const float *a = A + i * lda, *b = B + i * ldb;
        __m256d a0, a1, b0, b1;
        for (size_t j = 0; j < n; j += 8) {
            if (j + 8 <= n) {
                load8(a + j, &a0, &a1);
                load8(b + j, &b0, &b1);
            } else {
                load_tail(a + j, n - j, &a0, &a1);
                load_tail(b + j, n - j, &b0, &b1);
            }
            s0 = _mm256_add_pd(s0, _mm256_mul_pd(a0, b0));
            s1 = _mm256_add_pd(s1, _mm256_mul_pd(a1, b1));
        }
    }
    return combine(s0, s1);
}

void frob_sums_f32_avx2(size_t m, size_t n, const float *A, size_t lda,
                        const float *B, size_t ldb, double out[3])
{
    __m256d ab0 = _mm256_setzero_pd(), ab1 = ab0, aa0 = ab0, aa1 = ab0,
            bb0 = ab0, bb1 = ab0;
    for (size_t i = 0; i < m; i++) {
        const float *a = A + i * lda, *b = B + i * ldb;
        __m256d a0, a1, b0, b1;
        for (size_t j = 0; j < n; j += 8) {
            if (j + 8 <= n) {
                load8(a + j, &a0, &a1);
                load8(b + j, &b0, &b1);
            } else {
                load_tail(a + j, n - j, &a0, &a1);
                load_tail(b + j, n - j, &b0, &b1);
            }
            ab0 = _mm256_add_pd(ab0, _mm256_mul_pd(a0, b0));
            ab1 = _mm256_add_pd(ab1, _mm256_mul_pd(a1, b1));
            aa0 = _mm256_add_pd(aa0, _mm256_mul_pd(a0, a0));
            aa1 = _mm256_add_pd(aa1, _mm256_mul_pd(a1, a1));
            bb0 = _mm256_add_pd(bb0, _mm256_mul_pd(b0, b0));
            bb1 = _mm256_add_pd(bb1, _mm256_mul_pd(b1, b1));
        }
    }
    out[0] = combine(ab0, ab1);
    out[1] = combine(aa0, aa1);
    out[2] = combine(bb0, bb1);
}
