/* gemm_neon.c — AArch64 NEON micro-kernel (8 x 8) for the packed GEMM driver.
 * vfmaq_laneq_f32 is a fused multiply-add (FMLA), as fmaf in the scalar path. */
#include <arm_neon.h>

#include "paths.h"

enum { MR = 8, NR = 8 };

static void tile_8x8(const gemm_tile *t)
{
    float32x4_t c[MR][2];
    for (int r = 0; r < MR; r++) {
        if (t->s_in) {
            c[r][0] = vld1q_f32(t->s_in + r * t->lds);
            c[r][1] = vld1q_f32(t->s_in + r * t->lds + 4);
        } else {
            c[r][0] = c[r][1] = vdupq_n_f32(0.0f);
        }
    }
    const float *ap = t->a, *bp = t->b;
    for (size_t p = 0; p < t->kc; p++, ap += MR, bp += NR) {
        float32x4_t a0 = vld1q_f32(ap), a1 = vld1q_f32(ap + 4);
        float32x4_t b0 = vld1q_f32(bp), b1 = vld1q_f32(bp + 4);
#define ROW(r, areg, lane)                                          \
        c[r][0] = vfmaq_laneq_f32(c[r][0], b0, areg, lane);         \
        c[r][1] = vfmaq_laneq_f32(c[r][1], b1, areg, lane);
        ROW(0, a0, 0) ROW(1, a0, 1) ROW(2, a0, 2) ROW(3, a0, 3)
        ROW(4, a1, 0) ROW(5, a1, 1) ROW(6, a1, 2) ROW(7, a1, 3)
#undef ROW
    }
    float32x4_t alpha = vdupq_n_f32(t->alpha), beta = vdupq_n_f32(t->beta);
    for (int r = 0; r < MR; r++) {
        float *o = t->out + r * t->ldo;
        if (!t->final) {
            vst1q_f32(o, c[r][0]);
            vst1q_f32(o + 4, c[r][1]);
            continue;
        }
        float32x4_t t0 = vmulq_f32(alpha, c[r][0]), t1 = vmulq_f32(alpha, c[r][1]);
        if (t->beta != 0.0f) {   /* fmaf(beta, out, t) */
            t0 = vfmaq_f32(t0, beta, vld1q_f32(o));
            t1 = vfmaq_f32(t1, beta, vld1q_f32(o + 4));
        }
        vst1q_f32(o, t0);
        vst1q_f32(o + 4, t1);
    }
}

static const gemm_ukernel ukernel_neon = {MR, NR, tile_8x8};

FA_PACKED_GEMM_FORMS(neon, &ukernel_neon)
