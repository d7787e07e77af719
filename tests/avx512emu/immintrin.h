/* immintrin.h — test shim (make check-avx512-emu): the real header for
 * SSE..AVX2 and FMA, and SIMDe's portable AVX-512 under the intrinsics'
 * own names, so that the unchanged AVX-512 kernel files run on a CPU without
 * AVX-512 and can be compared bit for bit with the scalar path.
 *
 * Numerics: built with -mavx2 -mfma and no -mavx512*, SIMDe computes a
 * 512-bit fused multiply-add as two real 256-bit FMAs; without -mfma it
 * would fall back to a separate multiply and add, hence the check below. */
#pragma GCC system_header   /* #include_next; SIMDe's own warnings */
#ifndef FA_AVX512EMU_IMMINTRIN_H
#define FA_AVX512EMU_IMMINTRIN_H

#include_next <immintrin.h>

#if !defined(__AVX2__) || !defined(__FMA__) || defined(__AVX512F__)
#error "the AVX-512 emulation wants -mavx2 -mfma and no -mavx512*"
#endif

#include <string.h>

#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

/* ---- what SIMDe 0.7.4 (Debian 12) lacks ----------------------------------------
 * Masked loads and stores touch only the lanes of the mask, as the hardware
 * does (no access past the end of a row). */
#define EMU_MASKZ_LOADU(bits, n)                                                  \
    static inline simde__m##bits emu_mm##bits##_maskz_loadu_ps(uint32_t k, const void *p) \
    {                                                                             \
        simde__m##bits##_private r;                                               \
        memset(&r, 0, sizeof r);                                                  \
        for (int i = 0; i < (n); i++)                                             \
            if (k >> i & 1)                                                       \
                memcpy(&r.f32[i], (const float *)p + i, sizeof(float));           \
        return simde__m##bits##_from_private(r);                                  \
    }                                                                             \
    static inline void emu_mm##bits##_mask_storeu_ps(void *p, uint32_t k, simde__m##bits v) \
    {                                                                             \
        simde__m##bits##_private a = simde__m##bits##_to_private(v);              \
        for (int i = 0; i < (n); i++)                                             \
            if (k >> i & 1)                                                       \
                memcpy((float *)p + i, &a.f32[i], sizeof(float));                 \
    }
EMU_MASKZ_LOADU(128, 4)
EMU_MASKZ_LOADU(256, 8)
EMU_MASKZ_LOADU(512, 16)
#undef EMU_MASKZ_LOADU

#undef _mm_maskz_loadu_ps
#undef _mm256_maskz_loadu_ps
#undef _mm512_maskz_loadu_ps
#undef _mm_mask_storeu_ps
#undef _mm256_mask_storeu_ps
#undef _mm512_mask_storeu_ps
#define _mm_maskz_loadu_ps(k, p) emu_mm128_maskz_loadu_ps(k, p)
#define _mm256_maskz_loadu_ps(k, p) emu_mm256_maskz_loadu_ps(k, p)
#define _mm512_maskz_loadu_ps(k, p) emu_mm512_maskz_loadu_ps(k, p)
#define _mm_mask_storeu_ps(p, k, v) emu_mm128_mask_storeu_ps(p, k, v)
#define _mm256_mask_storeu_ps(p, k, v) emu_mm256_mask_storeu_ps(p, k, v)
#define _mm512_mask_storeu_ps(p, k, v) emu_mm512_mask_storeu_ps(p, k, v)

/* int32 to float, rounded to nearest like vcvtdq2ps: two real AVX halves */
static inline simde__m512 emu_mm512_cvtepi32_ps(simde__m512i a)
{
    simde__m512i_private a_ = simde__m512i_to_private(a);
    simde__m512_private r;
    for (int i = 0; i < 2; i++)
        r.m256[i] = _mm256_cvtepi32_ps(a_.m256i[i]);
    return simde__m512_from_private(r);
}
#undef _mm512_cvtepi32_ps
#define _mm512_cvtepi32_ps(a) emu_mm512_cvtepi32_ps(a)

/* SIMDe multiplies the 64-bit lanes as signed integers, an overflow (UB)
 * for SplitMix64's products; the instruction wraps, as unsigned C does. */
static inline simde__m512i emu_mm512_mullo_epi64(simde__m512i a, simde__m512i b)
{
    simde__m512i_private a_ = simde__m512i_to_private(a), b_ = simde__m512i_to_private(b), r;
    for (int i = 0; i < 8; i++)
        r.u64[i] = a_.u64[i] * b_.u64[i];
    return simde__m512i_from_private(r);
}
#undef _mm512_mullo_epi64
#define _mm512_mullo_epi64(a, b) emu_mm512_mullo_epi64(a, b)

/* SLEEF's 16-lane tanh needs AVX-512 itself; its 8-lane AVX2 variant gives
 * the same bits for every input (kernels.h), so each half goes through it.
 * The emulation therefore checks the kernels around tanh, not SLEEF. */
#include <sleef.h>
static inline simde__m512 Sleef_finz_tanhf16_u10avx512f(simde__m512 x)
{
    simde__m512_private x_ = simde__m512_to_private(x), r;
    for (int i = 0; i < 2; i++)
        r.m256[i] = Sleef_finz_tanhf8_u10avx2(x_.m256[i]);
    return simde__m512_from_private(r);
}

#endif
