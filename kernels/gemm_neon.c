/* gemm_neon.c — AArch64 NEON vector operations for the register-tiled GEMM
 * (gemm_tile.h): tiles of up to 6 x 16 in 32 q registers. vfmaq_f32 is a
 * fused multiply-add (FMLA), as fmaf in the scalar path. NEON has no masked
 * loads, so a partial last vector goes through a zero-padded copy. */
#include <arm_neon.h>
#include <string.h>

typedef float32x4_t VEC;
typedef size_t PART;   /* valid lanes */
#define VL 4
#define NCLS 2
#define GMAX 4
/* no k blocks: whether they pay as on AVX2 (16-column tiles too) needs an
 * AArch64 machine to measure; qemu only checks the bits */
#define TN_KC 0
#define GMAX_FOR(k, n) GMAX
#define MR_OF(G) ((G) == 4 ? 6 : 8)

#define v_zero() vdupq_n_f32(0.0f)
#define v_set1(x) vdupq_n_f32(x)
#define v_bcast(p) vld1q_dup_f32(p)
#define v_loadu(p) vld1q_f32(p)
#define v_storeu(p, v) vst1q_f32(p, v)
#define v_fma(a, b, c) vfmaq_f32(c, a, b)
#define v_mul(a, b) vmulq_f32(a, b)
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

#include "gemm_tile.h"

#define TILES_G(G) TILE_FN(G, 0, 0) TILE_FN(G, 1, 0) TILE_FN(G, 0, 1) TILE_FN(G, 1, 1)
TILES_G(1) TILES_G(2) TILES_G(3) TILES_G(4)

#define ROW_G(G) {{tile_##G##_0_0, tile_##G##_0_1}, {tile_##G##_1_0, tile_##G##_1_1}}
static tile_fn const tiles[GMAX][NCLS][2] = {ROW_G(1), ROW_G(2), ROW_G(3), ROW_G(4)};

static void sweep(const gemm_prob *pr) { gemm_sweep(pr, tiles); }

FA_DIRECT_GEMM_FORMS(neon, sweep)
