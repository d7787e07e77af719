/* gemm_avx2.c — AVX2+FMA vector operations for the register-tiled GEMM
 * (gemm_tile.h): tiles of 4 x 24, 6 x 16 and 6 x 8 in 16 ymm registers; a
 * partial last vector of at most 4 lanes is computed in an xmm register.
 * Compiled with -mavx2 -mfma; reached only when the CPU has both. */
#include <immintrin.h>

typedef __m256 VEC;
typedef __m256i PART;   /* lane mask for maskload/maskstore */
#define VL 8
#define NCLS 3
#define GMAX 3
/* TN in k blocks of 64: a tile of 2 or 3 vectors reads A's rows once per
 * chunk, and without blocking every chunk streams them from L2 again
 * (50x50x1000: 53 -> 75 GFLOP/s on Zen 4; 48..96 are within a few per cent) */
#define TN_KC 64
/* Tiles of 4 x 3 vectors (12 accumulators, 3 vectors of B and a broadcast
 * fill the 16 registers): with at most 2 vectors a 50- or 100-wide C ends in
 * a 1-vector chunk whose tiles ran at half the others' speed per FMA. On Zen
 * 4, 1000x50x50 NN: 79 -> 88 GFLOP/s, 50x50x1000 TN: 75 -> 80, 30x40x15:
 * 67 -> 76 */
#define MR_OF(G) ((G) == 3 ? 4 : 6)
/* Measured, not derived: 3-vector chunks lose once B is large (1000x100x225
 * NN, B of 22 500 floats: 88 GFLOP/s with 3-vector chunks, 95 with 2), and
 * win on every other shape of the package up to B = 225 x 50 (85 vs 79);
 * the cut is B <= 16 384 floats (64 KB), for TN of one k block */
#define GMAX_FOR(k, n) ((k) * (n) <= 16384 ? 3 : 2)

#define v_zero() _mm256_setzero_ps()
#define v_set1(x) _mm256_set1_ps(x)
#define v_bcast(p) _mm256_broadcast_ss(p)
#define v_loadu(p) _mm256_loadu_ps(p)
#define v_storeu(p, v) _mm256_storeu_ps(p, v)
#define v_fma(a, b, c) _mm256_fmadd_ps(a, b, c)
#define v_mul(a, b) _mm256_mul_ps(a, b)
/* lanes 0 .. rem-1 set (all ones), the rest clear */
#define v_part(rem) \
    _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(rem)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))

#define LO4(v) _mm256_castps256_ps128(v)
#define UP4(x) _mm256_castps128_ps256(x)

static inline __attribute__((always_inline)) VEC v_load_part(int L, const float *p, PART k)
{
    return L == 4 ? UP4(_mm_maskload_ps(p, _mm256_castsi256_si128(k)))
                  : _mm256_maskload_ps(p, k);
}

static inline __attribute__((always_inline)) void v_store_part(int L, float *p, VEC v, PART k)
{
    if (L == 4)
        _mm_maskstore_ps(p, _mm256_castsi256_si128(k), LO4(v));
    else
        _mm256_maskstore_ps(p, k, v);
}

static inline __attribute__((always_inline)) VEC v_fma_part(int L, VEC a, VEC b, VEC c)
{
    return L == 4 ? UP4(_mm_fmadd_ps(LO4(a), LO4(b), LO4(c))) : _mm256_fmadd_ps(a, b, c);
}

static inline __attribute__((always_inline)) VEC v_mul_part(int L, VEC a, VEC b)
{
    return L == 4 ? UP4(_mm_mul_ps(LO4(a), LO4(b))) : _mm256_mul_ps(a, b);
}

#include "gemm_tile.h"

#define TILES_G(G)                                                             \
    TILE_FN(G, 0, 0) TILE_FN(G, 1, 0) TILE_FN(G, 2, 0)                        \
    TILE_FN(G, 0, 1) TILE_FN(G, 1, 1) TILE_FN(G, 2, 1)
TILES_G(1) TILES_G(2) TILES_G(3)

#define ROW_G(G)                                                               \
    {{tile_##G##_0_0, tile_##G##_0_1}, {tile_##G##_1_0, tile_##G##_1_1},       \
     {tile_##G##_2_0, tile_##G##_2_1}}
static tile_fn const tiles[GMAX][NCLS][2] = {ROW_G(1), ROW_G(2), ROW_G(3)};

static void sweep(const gemm_prob *pr) { gemm_sweep(pr, tiles); }

FA_DIRECT_GEMM_FORMS(avx2, sweep)
