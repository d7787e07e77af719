/* vec_avx512.c — the AVX-512 path's tanh kernels: SLEEF's 16-lane tanh
 * (Sleef_finz_tanhf16_u10avx512f gives the same bits as the 8-lane AVX2 and
 * the scalar variants for every one of the 2^32 inputs: checked exhaustively
 * once, see kernels.h) on 16 columns at a time, and a lane mask for the
 * leftover columns. The other elementwise kernels are memory-bound and the
 * path shares the AVX2 ones. Compiled with -mavx512f -mavx512vl. */
#include <immintrin.h>
#include <sleef.h>

#include "paths.h"

#define tanh_v Sleef_finz_tanhf16_u10avx512f

/* Run OP(i, j, mask) over the columns of every row, 16 at a time; the last
 * vector of a row has only its leftover columns in the mask (masked lanes
 * read as +0 and are not written). */
#define FOR_EACH_VECTOR(m, n, OP)                                              \
    do {                                                                       \
        const __mmask16 tail_ = (__mmask16)((1u << ((n) % 16)) - 1u);          \
        for (size_t i = 0; i < (m); i++) {                                     \
            size_t j = 0;                                                      \
            for (; j + 16 <= (n); j += 16)                                     \
                OP(i, j, (__mmask16)0xffff);                                   \
            if (j < (n))                                                       \
                OP(i, j, tail_);                                               \
        }                                                                      \
    } while (0)

void act_tanh_relu_f32_avx512(size_t m, size_t n, const float *Z, size_t ldz,
                              float *L, size_t ldl)
{
    fa_flatten(&m, &n, ldz == n && ldl == n);
#define OP(i, j, k)                                                            \
    do {                                                                       \
        __m512 v = _mm512_maskz_loadu_ps(k, Z + (i) * ldz + (j));              \
        __mmask16 pos = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NLT_UQ); \
        _mm512_mask_storeu_ps(L + (i) * ldl + (j), k, _mm512_maskz_mov_ps(pos, tanh_v(v))); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void dact_tanh_relu_f32_avx512(size_t m, size_t n, const float *G, size_t ldg,
                               const float *Z, size_t ldz, float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldd == n);
    const __m512 one = _mm512_set1_ps(1.0f);
#define OP(i, j, k)                                                            \
    do {                                                                       \
        __m512 z = _mm512_maskz_loadu_ps(k, Z + (i) * ldz + (j));              \
        __m512 t = tanh_v(z);                                                  \
        __m512 fp = _mm512_fnmadd_ps(t, t, one);   /* fmaf(-t, t, 1) */        \
        __m512 r = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, G + (i) * ldg + (j)), fp); \
        __mmask16 keep = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ); \
        _mm512_mask_storeu_ps(D + (i) * ldd + (j), k, _mm512_maskz_mov_ps(keep, r)); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}
