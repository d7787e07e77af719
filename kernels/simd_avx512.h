/* simd_avx512.h — the AVX-512 vocabulary of the SIMD templates: 16 floats
 * per __m512, a __mmask16 for partial vectors and comparisons; the names and
 * their meaning are those of simd_avx2.h. The AVX-512 path instantiates
 * only the GEMM and the tanh kernels (vec_avx512.c), so the double-precision
 * names are not defined here. Included only by files compiled with
 * -mavx512f -mavx512vl. */
#ifndef FA_SIMD_AVX512_H
#define FA_SIMD_AVX512_H

#include <immintrin.h>
#include <sleef.h>

#define FA_INLINE inline __attribute__((always_inline))

typedef __m512 VEC;
typedef __mmask16 PART;
typedef __mmask16 MASK;
#define VL 16

#define v_zero() _mm512_setzero_ps()
#define v_set1(x) _mm512_set1_ps(x)
#define v_bcast(p) _mm512_set1_ps(*(p))
#define v_loadu(p) _mm512_loadu_ps(p)
#define v_storeu(p, v) _mm512_storeu_ps(p, v)
#define v_mul(a, b) _mm512_mul_ps(a, b)
#define v_fma(a, b, c) _mm512_fmadd_ps(a, b, c)
#define v_fnma(a, b, c) _mm512_fnmadd_ps(a, b, c)
/* the same bits as the AVX2 and scalar variants for all 2^32 inputs (kernels.h) */
#define v_tanh(v) Sleef_finz_tanhf16_u10avx512f(v)
#define v_lt(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ)
#define v_gt(a, b) _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ)
#define v_keep(m, v) _mm512_maskz_mov_ps(m, v)
#define v_drop(m, v) _mm512_maskz_mov_ps((__mmask16)~(m), v)
#define v_part(rem) ((__mmask16)((1u << (rem)) - 1u))

/* Partial vectors live in the low lanes of a zmm; L = 4 and 8 use xmm and
 * ymm instructions on them (the casts are free). */
#define LO4(v) _mm512_castps512_ps128(v)
#define LO8(v) _mm512_castps512_ps256(v)
#define UP4(x) _mm512_castps128_ps512(x)
#define UP8(x) _mm512_castps256_ps512(x)

static FA_INLINE VEC v_load_part(int L, const float *p, PART k)
{
    return L == 4 ? UP4(_mm_maskz_loadu_ps(k, p))
         : L == 8 ? UP8(_mm256_maskz_loadu_ps(k, p))
                  : _mm512_maskz_loadu_ps(k, p);
}

static FA_INLINE void v_store_part(int L, float *p, VEC v, PART k)
{
    if (L == 4)
        _mm_mask_storeu_ps(p, k, LO4(v));
    else if (L == 8)
        _mm256_mask_storeu_ps(p, k, LO8(v));
    else
        _mm512_mask_storeu_ps(p, k, v);
}

static FA_INLINE VEC v_fma_part(int L, VEC a, VEC b, VEC c)
{
    return L == 4 ? UP4(_mm_fmadd_ps(LO4(a), LO4(b), LO4(c)))
         : L == 8 ? UP8(_mm256_fmadd_ps(LO8(a), LO8(b), LO8(c)))
                  : _mm512_fmadd_ps(a, b, c);
}

static FA_INLINE VEC v_mul_part(int L, VEC a, VEC b)
{
    return L == 4 ? UP4(_mm_mul_ps(LO4(a), LO4(b)))
         : L == 8 ? UP8(_mm256_mul_ps(LO8(a), LO8(b)))
                  : _mm512_mul_ps(a, b);
}

/* Words: eight 64-bit lanes, seen as sixteen 32-bit halves (simd_avx2.h);
 * AVX-512DQ multiplies 64-bit lanes. */
typedef __m512i WVEC;
#define w_set1(c) _mm512_set1_epi64((long long)(c))
#define w_counters(z0, g)                                                      \
    _mm512_add_epi64(_mm512_set1_epi64((long long)(z0)),                       \
                     _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), w_set1(g)))
#define w_add(a, b) _mm512_add_epi64(a, b)
#define w_xor(a, b) _mm512_xor_si512(a, b)
#define w_srl(a, n) _mm512_srli_epi64(a, n)
#define w_mullo(a, b) _mm512_mullo_epi64(a, w_set1(b))
#define h_and(a, c) _mm512_and_si512(a, _mm512_set1_epi32((int)(c)))
#define h_srl(a, n) _mm512_srli_epi32(a, n)
#define h_shl(a, n) _mm512_slli_epi32(a, n)
#define h_to_f32(a) _mm512_cvtepi32_ps(a)
#define v_xor_bits(v, a) _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(v), a))

#endif
