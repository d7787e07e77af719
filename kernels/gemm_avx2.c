/* gemm_avx2.c — the AVX2+FMA tile shapes of the register-tiled GEMM
 * (gemm_tile.h): tiles of 4 x 24, 6 x 16 and 6 x 8 in 16 ymm registers; a
 * partial last vector of at most 4 lanes is computed in an xmm register.
 * Compiled with -mavx2 -mfma; reached only when the CPU has both. The
 * vector operations are simd_avx2.h's. */
#include "simd_avx2.h"

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
