/* gemm_avx512.c — AVX-512 vector operations for the register-tiled GEMM
 * (gemm_tile.h). Compiled with -mavx512f -mavx512vl -mavx2 -mfma; reached
 * only when the CPU has AVX-512F and AVX-512VL. Tiles of 6 rows x up to 4
 * zmm (64 columns) in 32 registers; 6 rows for every width keeps the row
 * pointers in registers, and lets a row block of a wide C go through all
 * its chunks. A partial last vector is computed with the narrowest register
 * (xmm, ymm or zmm) that holds it, under a lane mask, so a 50-wide C costs
 * 3 zmm + 1 xmm multiply-adds per row and p. */
#include <immintrin.h>

typedef __m512 VEC;
typedef __mmask16 PART;
#define VL 16
#define NCLS 4
#define GMAX 4
/* no k blocks: a 4-vector tile covers a 50- or 64-wide C in one chunk, so A's
 * rows are read once anyway (blocking measured 2-10 % slower on Zen 4) */
#define TN_KC 0
#define GMAX_FOR(k, n) GMAX
#define MR_OF(G) 6

#define v_zero() _mm512_setzero_ps()
#define v_set1(x) _mm512_set1_ps(x)
#define v_bcast(p) _mm512_set1_ps(*(p))
#define v_loadu(p) _mm512_loadu_ps(p)
#define v_storeu(p, v) _mm512_storeu_ps(p, v)
#define v_fma(a, b, c) _mm512_fmadd_ps(a, b, c)
#define v_mul(a, b) _mm512_mul_ps(a, b)
#define v_part(rem) ((__mmask16)((1u << (rem)) - 1u))

/* Partial vectors live in the low lanes of a zmm; L = 4 and 8 use xmm and
 * ymm instructions on them (the casts are free). */
#define LO4(v) _mm512_castps512_ps128(v)
#define LO8(v) _mm512_castps512_ps256(v)
#define UP4(x) _mm512_castps128_ps512(x)
#define UP8(x) _mm512_castps256_ps512(x)

static inline __attribute__((always_inline)) VEC v_load_part(int L, const float *p, PART k)
{
    return L == 4 ? UP4(_mm_maskz_loadu_ps(k, p))
         : L == 8 ? UP8(_mm256_maskz_loadu_ps(k, p))
                  : _mm512_maskz_loadu_ps(k, p);
}

static inline __attribute__((always_inline)) void v_store_part(int L, float *p, VEC v, PART k)
{
    if (L == 4)
        _mm_mask_storeu_ps(p, k, LO4(v));
    else if (L == 8)
        _mm256_mask_storeu_ps(p, k, LO8(v));
    else
        _mm512_mask_storeu_ps(p, k, v);
}

static inline __attribute__((always_inline)) VEC v_fma_part(int L, VEC a, VEC b, VEC c)
{
    return L == 4 ? UP4(_mm_fmadd_ps(LO4(a), LO4(b), LO4(c)))
         : L == 8 ? UP8(_mm256_fmadd_ps(LO8(a), LO8(b), LO8(c)))
                  : _mm512_fmadd_ps(a, b, c);
}

static inline __attribute__((always_inline)) VEC v_mul_part(int L, VEC a, VEC b)
{
    return L == 4 ? UP4(_mm_mul_ps(LO4(a), LO4(b)))
         : L == 8 ? UP8(_mm256_mul_ps(LO8(a), LO8(b)))
                  : _mm512_mul_ps(a, b);
}

#include "gemm_tile.h"

#define TILES_G(G)                                                             \
    TILE_FN(G, 0, 0) TILE_FN(G, 1, 0) TILE_FN(G, 2, 0) TILE_FN(G, 3, 0)       \
    TILE_FN(G, 0, 1) TILE_FN(G, 1, 1) TILE_FN(G, 2, 1) TILE_FN(G, 3, 1)
TILES_G(1) TILES_G(2) TILES_G(3) TILES_G(4)

#define ROW_G(G)                                                               \
    {{tile_##G##_0_0, tile_##G##_0_1}, {tile_##G##_1_0, tile_##G##_1_1},       \
     {tile_##G##_2_0, tile_##G##_2_1}, {tile_##G##_3_0, tile_##G##_3_1}}
static tile_fn const tiles[GMAX][NCLS][2] = {ROW_G(1), ROW_G(2), ROW_G(3), ROW_G(4)};

static void sweep(const gemm_prob *pr) { gemm_sweep(pr, tiles); }

FA_DIRECT_GEMM_FORMS(avx512, sweep)
