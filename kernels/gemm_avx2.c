/* gemm_avx2.c — AVX2+FMA micro-kernel (6 x 16) for the packed GEMM driver.
 * Compiled with -mavx2 -mfma; reached only when the CPU has both. */
#include <immintrin.h>

#include "paths.h"

enum { MR = 6, NR = 16 };

/* One row of the tile: c0, c1 hold columns 0-7 and 8-15. */
#define ROW_LOAD(r)                                                      \
    if (t->s_in) {                                                      \
        c##r##0 = _mm256_loadu_ps(t->s_in + (r) * t->lds);              \
        c##r##1 = _mm256_loadu_ps(t->s_in + (r) * t->lds + 8);          \
    } else {                                                            \
        c##r##0 = _mm256_setzero_ps();                                  \
        c##r##1 = _mm256_setzero_ps();                                  \
    }
#define ROW_FMA(r)                                                      \
    a = _mm256_broadcast_ss(ap + (r));                                  \
    c##r##0 = _mm256_fmadd_ps(a, b0, c##r##0);                          \
    c##r##1 = _mm256_fmadd_ps(a, b1, c##r##1);
#define ROW_STORE(r)                                                    \
    {                                                                   \
        float *o = t->out + (r) * t->ldo;                               \
        if (!t->final) {                                                \
            _mm256_storeu_ps(o, c##r##0);                               \
            _mm256_storeu_ps(o + 8, c##r##1);                           \
        } else {                                                        \
            __m256 t0 = _mm256_mul_ps(alpha, c##r##0);                  \
            __m256 t1 = _mm256_mul_ps(alpha, c##r##1);                  \
            if (t->beta != 0.0f) {                                      \
                t0 = _mm256_fmadd_ps(beta, _mm256_loadu_ps(o), t0);     \
                t1 = _mm256_fmadd_ps(beta, _mm256_loadu_ps(o + 8), t1); \
            }                                                           \
            _mm256_storeu_ps(o, t0);                                    \
            _mm256_storeu_ps(o + 8, t1);                                \
        }                                                               \
    }

static void tile_6x16(const gemm_tile *t)
{
    __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    ROW_LOAD(0) ROW_LOAD(1) ROW_LOAD(2) ROW_LOAD(3) ROW_LOAD(4) ROW_LOAD(5)
    const float *ap = t->a, *bp = t->b;
    for (size_t p = 0; p < t->kc; p++, ap += MR, bp += NR) {
        __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8), a;
        ROW_FMA(0) ROW_FMA(1) ROW_FMA(2) ROW_FMA(3) ROW_FMA(4) ROW_FMA(5)
    }
    __m256 alpha = _mm256_set1_ps(t->alpha), beta = _mm256_set1_ps(t->beta);
    ROW_STORE(0) ROW_STORE(1) ROW_STORE(2) ROW_STORE(3) ROW_STORE(4) ROW_STORE(5)
}

static const gemm_ukernel ukernel_avx2 = {MR, NR, tile_6x16};

FA_PACKED_GEMM_FORMS(avx2, &ukernel_avx2)
