/* gemm_avx512.c — the AVX-512 tile shapes of the register-tiled GEMM
 * (gemm_tile.h, with simd_avx512.h's operations). Compiled with -mavx512f -mavx512vl -mavx2 -mfma; reached
 * only when the CPU has AVX-512F and AVX-512VL. Tiles of 6 rows x up to 4
 * zmm (64 columns) in 32 registers; 6 rows for every width keeps the row
 * pointers in registers, and lets a row block of a wide C go through all
 * its chunks. A partial last vector is computed with the narrowest register
 * (xmm, ymm or zmm) that holds it, under a lane mask, so a 50-wide C costs
 * 3 zmm + 1 xmm multiply-adds per row and p. */
#include "simd_avx512.h"

#define NCLS 4
#define GMAX 4
/* no k blocks: a 4-vector tile covers a 50- or 64-wide C in one chunk, so A's
 * rows are read once anyway (blocking measured 2-10 % slower on Zen 4) */
#define TN_KC 0
#define GMAX_FOR(k, n) GMAX
#define MR_OF(G) 6

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
