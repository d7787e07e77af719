/* simd_avx2.h — the AVX2+FMA vocabulary of the SIMD templates (gemm_tile.h,
 * vec_simd.h): 8 floats per __m256, 4 doubles per __m256d. Included only by
 * files compiled with -mavx2 -mfma. simd_neon.h and simd_avx512.h define
 * the same names with the meanings stated here; every operation is one
 * IEEE-754 operation per lane, as in the scalar path. */
#ifndef FA_SIMD_AVX2_H
#define FA_SIMD_AVX2_H

#include <immintrin.h>
#include <sleef.h>
#include <stdint.h>

#define FA_INLINE inline __attribute__((always_inline))

typedef __m256 VEC;
typedef __m256i PART;   /* lane mask for maskload/maskstore */
typedef __m256 MASK;    /* a comparison's result: all ones or all zeros per lane */
#define VL 8

#define v_zero() _mm256_setzero_ps()
#define v_set1(x) _mm256_set1_ps(x)
#define v_bcast(p) _mm256_broadcast_ss(p)
#define v_loadu(p) _mm256_loadu_ps(p)
#define v_storeu(p, v) _mm256_storeu_ps(p, v)
#define v_add(a, b) _mm256_add_ps(a, b)
#define v_mul(a, b) _mm256_mul_ps(a, b)
#define v_fma(a, b, c) _mm256_fmadd_ps(a, b, c)     /* a*b + c, rounded once */
#define v_fnma(a, b, c) _mm256_fnmadd_ps(a, b, c)   /* c - a*b, rounded once */
#define v_tanh(v) Sleef_finz_tanhf8_u10avx2(v)
/* ordered, quiet comparisons: a NaN compares false */
#define v_lt(a, b) _mm256_cmp_ps(a, b, _CMP_LT_OQ)
#define v_gt(a, b) _mm256_cmp_ps(a, b, _CMP_GT_OQ)
#define v_ge(a, b) _mm256_cmp_ps(a, b, _CMP_GE_OQ)
#define v_keep(m, v) _mm256_and_ps(m, v)      /* m ? v : +0 */
#define v_drop(m, v) _mm256_andnot_ps(m, v)   /* m ? +0 : v */

/* lanes 0 .. rem-1 set (all ones), the rest clear (rem <= 8) */
#define v_part(rem) \
    _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(rem)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))

/* A partial vector has its part's lanes; the others read as +0 and are not
 * stored. L (4 or 8) is the most lanes it can have: at 4, xmm instructions
 * on the low half. */
#define LO4(v) _mm256_castps256_ps128(v)
#define UP4(x) _mm256_castps128_ps256(x)

static FA_INLINE VEC v_load_part(int L, const float *p, PART k)
{
    return L == 4 ? UP4(_mm_maskload_ps(p, _mm256_castsi256_si128(k)))
                  : _mm256_maskload_ps(p, k);
}

static FA_INLINE void v_store_part(int L, float *p, VEC v, PART k)
{
    if (L == 4)
        _mm_maskstore_ps(p, _mm256_castsi256_si128(k), LO4(v));
    else
        _mm256_maskstore_ps(p, k, v);
}

static FA_INLINE VEC v_fma_part(int L, VEC a, VEC b, VEC c)
{
    return L == 4 ? UP4(_mm_fmadd_ps(LO4(a), LO4(b), LO4(c))) : _mm256_fmadd_ps(a, b, c);
}

static FA_INLINE VEC v_mul_part(int L, VEC a, VEC b)
{
    return L == 4 ? UP4(_mm_mul_ps(LO4(a), LO4(b))) : _mm256_mul_ps(a, b);
}

/* Doubles: DL floats widened exactly, or narrowed with rounding to nearest. */
typedef __m256d DVEC;
#define DL 4
#define d_zero() _mm256_setzero_pd()
#define d_set1(x) _mm256_set1_pd(x)
#define d_add(a, b) _mm256_add_pd(a, b)
#define d_mul(a, b) _mm256_mul_pd(a, b)
#define d_div(a, b) _mm256_div_pd(a, b)
#define d_sqrt(a) _mm256_sqrt_pd(a)
#define d_storeu(p, v) _mm256_storeu_pd(p, v)
#define d_if_zero(a, x, y) _mm256_blendv_pd(y, x, _mm256_cmp_pd(a, d_zero(), _CMP_EQ_OQ))  /* a == 0 ? x : y */
#define d_load_f32(p) _mm256_cvtps_pd(_mm_loadu_ps(p))
#define d_store_f32(p, v) _mm_storeu_ps(p, _mm256_cvtpd_ps(v))
/* the first rem <= 4 floats; the other lanes read as +0 and are not stored */
#define d_part(rem) _mm256_castsi256_si128(v_part(rem))
#define d_load_f32_part(p, k) _mm256_cvtps_pd(_mm_maskload_ps(p, k))
#define d_store_f32_part(p, v, k) _mm_maskstore_ps(p, k, _mm256_cvtpd_ps(v))
typedef __m128i DPART;

/* Words: VL / 2 64-bit lanes, seen as VL 32-bit halves (the low half of
 * word q is lane 2q). AVX2 has no 64-bit multiply, so w_mullo builds the
 * product mod 2^64 from three 32 x 32 -> 64-bit ones (the high x high part
 * falls out of the low 64 bits). */
typedef __m256i WVEC;
#define w_set1(c) _mm256_set1_epi64x((long long)(c))
#define w_counters(z0, g)                                                      \
    _mm256_set_epi64x((long long)((z0) + 3 * (g)), (long long)((z0) + 2 * (g)), \
                      (long long)((z0) + (g)), (long long)(z0))   /* z0 + q g */
#define w_add(a, b) _mm256_add_epi64(a, b)
#define w_xor(a, b) _mm256_xor_si256(a, b)
#define w_srl(a, n) _mm256_srli_epi64(a, n)
static FA_INLINE WVEC w_mullo(WVEC a, uint64_t b)
{
    const __m256i blo = _mm256_set1_epi64x((long long)(b & 0xffffffffu));
    const __m256i bhi = _mm256_set1_epi64x((long long)(b >> 32));
    __m256i lo = _mm256_mul_epu32(a, blo);
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), blo),
                                     _mm256_mul_epu32(a, bhi));
    return _mm256_add_epi64(lo, _mm256_slli_epi64(cross, 32));
}
#define h_and(a, c) _mm256_and_si256(a, _mm256_set1_epi32((int)(c)))
#define h_srl(a, n) _mm256_srli_epi32(a, n)
#define h_shl(a, n) _mm256_slli_epi32(a, n)
#define h_to_f32(a) _mm256_cvtepi32_ps(a)   /* halves below 2^31 */
#define h_storeu(p, a) _mm256_storeu_si256((__m256i *)(void *)(p), a)
#define v_xor_bits(v, a) _mm256_castsi256_ps(_mm256_xor_si256(_mm256_castps_si256(v), a))

#endif
