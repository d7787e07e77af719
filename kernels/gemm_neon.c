/* gemm_neon.c — the AArch64 NEON tile shapes of the register-tiled GEMM
 * (gemm_tile.h, with simd_neon.h's operations): tiles of up to 6 x 16 in 32
 * q registers. */
#include "simd_neon.h"

#define NCLS 2
#define GMAX 4
/* no k blocks: whether they pay as on AVX2 (16-column tiles too) needs an
 * AArch64 machine to measure; qemu only checks the bits */
#define TN_KC 0
#define GMAX_FOR(k, n) GMAX
#define MR_OF(G) ((G) == 4 ? 6 : 8)

#include "gemm_tile.h"

#define TILES_G(G) TILE_FN(G, 0, 0) TILE_FN(G, 1, 0) TILE_FN(G, 0, 1) TILE_FN(G, 1, 1)
TILES_G(1) TILES_G(2) TILES_G(3) TILES_G(4)

#define ROW_G(G) {{tile_##G##_0_0, tile_##G##_0_1}, {tile_##G##_1_0, tile_##G##_1_1}}
static tile_fn const tiles[GMAX][NCLS][2] = {ROW_G(1), ROW_G(2), ROW_G(3), ROW_G(4)};

static void sweep(const gemm_prob *pr) { gemm_sweep(pr, tiles); }

FA_DIRECT_GEMM_FORMS(neon, sweep)
