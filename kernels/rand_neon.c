/* rand_neon.c — the Gaussian sampler of kernels.h, four samples (two words)
 * per step. SplitMix64's 64-bit products are built from 32 x 32 -> 64-bit
 * ones (vmull_u32); NEON has no gather, so the table entries are loaded
 * lane by lane. Rejected lanes go to the shared slow path in increasing
 * order, as in the scalar path. */
#include <arm_neon.h>

#include "paths.h"
#include "ziggurat.h"

/* a * b mod 2^64 per lane, b given as its 32-bit halves */
static inline uint64x2_t mullo64(uint64x2_t a, uint32x2_t blo, uint32x2_t bhi)
{
    uint32x2_t alo = vmovn_u64(a), ahi = vshrn_n_u64(a, 32);
    uint64x2_t cross = vmlal_u32(vmull_u32(ahi, blo), alo, bhi);
    return vaddq_u64(vmull_u32(alo, blo), vshlq_n_u64(cross, 32));
}

void rand_normal_f32_neon(rand_stream *s, size_t n, float *x)
{
    size_t t = 0;
    if (n >= 4) {
        const uint32x2_t m1lo = vdup_n_u32((uint32_t)RAND_MIX1);
        const uint32x2_t m1hi = vdup_n_u32((uint32_t)(RAND_MIX1 >> 32));
        const uint32x2_t m2lo = vdup_n_u32((uint32_t)RAND_MIX2);
        const uint32x2_t m2hi = vdup_n_u32((uint32_t)(RAND_MIX2 >> 32));
        const uint64x2_t step = vdupq_n_u64(2 * RAND_GAMMA);
        uint64_t z0 = s->key + (s->next + 1) * RAND_GAMMA;
        uint64x2_t z = vcombine_u64(vcreate_u64(z0), vcreate_u64(z0 + RAND_GAMMA));
        for (; t + 4 <= n; t += 4) {
            uint64x2_t w = z;
            z = vaddq_u64(z, step);
            w = mullo64(veorq_u64(w, vshrq_n_u64(w, 30)), m1lo, m1hi);
            w = mullo64(veorq_u64(w, vshrq_n_u64(w, 27)), m2lo, m2hi);
            w = veorq_u64(w, vshrq_n_u64(w, 31));
            uint32x4_t u = vreinterpretq_u32_u64(w);
            uint32x4_t i = vandq_u32(u, vdupq_n_u32(127)), j = vshrq_n_u32(u, 8);
            uint32x4_t k = vdupq_n_u32(0);
            float32x4_t wt = vdupq_n_f32(0.0f);
            k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 0)], k, 0);
            k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 1)], k, 1);
            k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 2)], k, 2);
            k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 3)], k, 3);
            wt = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 0)], wt, 0);
            wt = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 1)], wt, 1);
            wt = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 2)], wt, 2);
            wt = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 3)], wt, 3);
            float32x4_t v = vmulq_f32(vcvtq_f32_u32(j), wt);
            uint32x4_t sign = vshlq_n_u32(vandq_u32(u, vdupq_n_u32(128)), 24);
            vst1q_f32(x + t, vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(v), sign)));
            s->next += 2;
            uint32x4_t acc = vcltq_u32(j, k);
            if (vminvq_u32(acc) == 0) {
                uint32_t ul[4], al[4];
                vst1q_u32(ul, u);
                vst1q_u32(al, acc);
                for (int l = 0; l < 4; l++)
                    if (!al[l])
                        x[t + (size_t)l] = rand_normal_slow(ul[l], s);
            }
        }
    }
    rand_normal_f32_scalar(s, n - t, x + t);
}

/* Four signs per nibble of the word: the nibble in every lane, one bit
 * tested per lane. */
void rand_signs_f32_neon(rand_stream *s, size_t n, float *x)
{
    const float32x4_t plus = vdupq_n_f32(1.0f), minus = vdupq_n_f32(-1.0f);
    static const uint32_t bits[4] = {1, 2, 4, 8};
    const uint32x4_t bit = vld1q_u32(bits);
    size_t t = 0;
    for (; n - t >= 64; t += 64) {
        uint64_t w = rand_word(s);
        for (int q = 0; q < 16; q++) {
            uint32x4_t set = vtstq_u32(vdupq_n_u32((uint32_t)(w >> (4 * q)) & 0xfu), bit);
            vst1q_f32(x + t + 4 * q, vbslq_f32(set, plus, minus));
        }
    }
    rand_signs_f32_scalar(s, n - t, x + t);
}
