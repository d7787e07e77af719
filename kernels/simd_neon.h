/* simd_neon.h — the AArch64 Advanced SIMD vocabulary of the SIMD templates
 * (gemm_tile.h, vec_simd.h): 4 floats per float32x4_t, 2 doubles per
 * float64x2_t; the names and their meaning are those of simd_avx2.h.
 * vfmaq_f32 and vfmsq_f32 are fused (FMLA, FMLS), as fmaf in the scalar
 * path. NEON has no masked loads, so a partial vector goes through a
 * zero-padded copy. */
#ifndef FA_SIMD_NEON_H
#define FA_SIMD_NEON_H

#include <arm_neon.h>
#include <sleef.h>
#include <string.h>

#define FA_INLINE inline __attribute__((always_inline))

typedef float32x4_t VEC;
typedef size_t PART;   /* valid lanes */
typedef uint32x4_t MASK;
#define VL 4

#define v_zero() vdupq_n_f32(0.0f)
#define v_set1(x) vdupq_n_f32(x)
#define v_bcast(p) vld1q_dup_f32(p)
#define v_loadu(p) vld1q_f32(p)
#define v_storeu(p, v) vst1q_f32(p, v)
#define v_add(a, b) vaddq_f32(a, b)
#define v_mul(a, b) vmulq_f32(a, b)
#define v_fma(a, b, c) vfmaq_f32(c, a, b)
#define v_fnma(a, b, c) vfmsq_f32(c, a, b)
#define v_tanh(v) Sleef_finz_tanhf4_u10advsimd(v)
#define v_lt(a, b) vcltq_f32(a, b)
#define v_gt(a, b) vcgtq_f32(a, b)
#define v_ge(a, b) vcgeq_f32(a, b)
#define v_keep(m, v) vbslq_f32(m, v, v_zero())
#define v_drop(m, v) vbslq_f32(m, v_zero(), v)

#define v_part(rem) ((size_t)(rem))
#define v_fma_part(L, a, b, c) v_fma(a, b, c)
#define v_mul_part(L, a, b) v_mul(a, b)

static inline VEC v_load_part(int L, const float *p, PART rem)
{
    (void)L;
    float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    memcpy(t, p, rem * sizeof *t);
    return vld1q_f32(t);
}

static inline void v_store_part(int L, float *p, VEC v, PART rem)
{
    (void)L;
    float t[4];
    vst1q_f32(t, v);
    memcpy(p, t, rem * sizeof *t);
}

typedef float64x2_t DVEC;
typedef size_t DPART;
#define DL 2
#define d_zero() vdupq_n_f64(0.0)
#define d_set1(x) vdupq_n_f64(x)
#define d_add(a, b) vaddq_f64(a, b)
#define d_mul(a, b) vmulq_f64(a, b)
#define d_div(a, b) vdivq_f64(a, b)
#define d_sqrt(a) vsqrtq_f64(a)
#define d_storeu(p, v) vst1q_f64(p, v)
#define d_if_zero(a, x, y) vbslq_f64(vceqq_f64(a, d_zero()), x, y)
#define d_load_f32(p) vcvt_f64_f32(vld1_f32(p))
#define d_store_f32(p, v) vst1_f32(p, vcvt_f32_f64(v))
#define d_part(rem) ((size_t)(rem))

static inline DVEC d_load_f32_part(const float *p, DPART rem)
{
    float t[2] = {0.0f, 0.0f};
    memcpy(t, p, rem * sizeof *t);
    return d_load_f32(t);
}

static inline void d_store_f32_part(float *p, DVEC v, DPART rem)
{
    float t[2];
    d_store_f32(t, v);
    memcpy(p, t, rem * sizeof *t);
}

/* Words: two 64-bit lanes, seen as four 32-bit halves (simd_avx2.h). The
 * 64-bit products are built from 32 x 32 -> 64-bit ones (vmull_u32). */
typedef uint64x2_t WVEC;
#define w_set1(c) vdupq_n_u64(c)
#define w_counters(z0, g) vcombine_u64(vcreate_u64(z0), vcreate_u64((z0) + (g)))
#define w_add(a, b) vaddq_u64(a, b)
#define w_xor(a, b) veorq_u64(a, b)
#define w_srl(a, n) vshrq_n_u64(a, n)
static inline WVEC w_mullo(WVEC a, uint64_t b)
{
    const uint32x2_t blo = vdup_n_u32((uint32_t)b), bhi = vdup_n_u32((uint32_t)(b >> 32));
    uint32x2_t alo = vmovn_u64(a), ahi = vshrn_n_u64(a, 32);
    uint64x2_t cross = vmlal_u32(vmull_u32(ahi, blo), alo, bhi);
    return vaddq_u64(vmull_u32(alo, blo), vshlq_n_u64(cross, 32));
}
#define H32(a) vreinterpretq_u32_u64(a)
#define W64(a) vreinterpretq_u64_u32(a)
#define h_and(a, c) W64(vandq_u32(H32(a), vdupq_n_u32(c)))
#define h_srl(a, n) W64(vshrq_n_u32(H32(a), n))
#define h_shl(a, n) W64(vshlq_n_u32(H32(a), n))
#define h_to_f32(a) vcvtq_f32_u32(H32(a))
#define h_storeu(p, a) vst1q_u32(p, H32(a))
#define v_xor_bits(v, a) vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(v), H32(a)))

#endif
