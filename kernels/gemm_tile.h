/* gemm_tile.h — the register-tiled GEMM of the SIMD paths, written once and
 * instantiated by each ISA file (gemm_avx2.c, gemm_avx512.c, gemm_neon.c),
 * which defines the vector operations below and then includes this file.
 *
 * The driver gemm_direct (gemm_direct.c) hands over a gemm_prob in which
 * op(A)(i, p) = a[i*ars + p*aps] is read in place and op(B)(p, j) =
 * b[p*ldb + j] is row-major (B itself for NN/TN, a transposed copy for NT).
 * Nothing else is packed: the micro-kernel only broadcasts elements of A,
 * and reads rows of B as vectors.
 *
 * The columns of C are split into chunks of at most GMAX_FOR(k, n) <= GMAX
 * vectors, as evenly as possible; the last vector of the last chunk may be
 * partial, and is then processed with the narrowest vector class that holds
 * it (masked loads and stores). Each chunk is swept by tiles of MR rows x G vectors. A tile keeps
 * its MR*G accumulators in registers for the whole k range: each accumulator
 * lane is one output's chain
 *     s = +0;  for p = 0 .. k-1:  s = fma(a_ip, b_pj, s)
 * in increasing p, exactly the scalar specification, and then the epilogue
 * alpha*s (+ beta*C as fma(beta, C, alpha*s)). Rows past the end of a tile
 * (the last tile of a chunk) repeat the last valid row of A and are never
 * stored.
 *
 * A path may split TN's long k into blocks of TN_KC steps (a C with beta ==
 * 0 only), so that a block's rows of A and B stay in L1 while every tile
 * runs over it. The sweep then hands the tiles one block at a time as a
 * problem of its own: all blocks but the last with alpha = 1 (the tiles
 * park their plain sums in C), all but the first with from_c (the chains
 * go on from those sums instead of +0). Storing a float and loading it back
 * changes nothing, so every chain is still the one above.
 *
 * The including file includes its ISA's simd_*.h (VEC, VL, PART, v_zero,
 * v_set1, v_bcast, v_loadu, v_storeu, v_fma, v_mul, v_part and the partial
 * v_load_part, v_store_part, v_fma_part, v_mul_part, whose L is the lane
 * count of the class: an ISA with wide vectors may compute a partial vector
 * with narrower instructions) and defines the tile shapes:
 *   NCLS               vector classes for the last vector: class 0 is a
 *                      full vector of VL lanes, class c >= 1 is partial with
 *                      at most 2 << c lanes (4, 8, 16)
 *   GMAX, MR_OF(G)     most vectors per tile, and the tile's rows for G
 *   GMAX_FOR(k, n)     most vectors per tile for tiles over k steps of an n-wide B
 *   TN_KC              TN's k block (0: none)
 */
#ifndef FA_GEMM_TILE_H
#define FA_GEMM_TILE_H

#include <stdint.h>

#include "paths.h"

#define MR_MAX 8
/* TN's prefetch distance in multiply-add vectors (p steps times MR G): 64
 * steps of a 6 x 4 AVX-512 tile, the best of 8 .. 256 steps on Zen 4. */
#define PF_AHEAD 1536

/* Lanes of vector class cls (0: a full vector). */
#define CLS_LANES(cls) ((cls) == 0 ? VL : 2 << (cls))

static FA_INLINE VEC tile_fma(int cls, VEC a, VEC b, VEC c)
{
    return cls == 0 ? v_fma(a, b, c) : v_fma_part(CLS_LANES(cls), a, b, c);
}

static FA_INLINE VEC tile_mul(int cls, VEC a, VEC b)
{
    return cls == 0 ? v_mul(a, b) : v_mul_part(CLS_LANES(cls), a, b);
}

static FA_INLINE VEC tile_load(int cls, const float *p, PART part)
{
    return cls == 0 ? v_loadu(p) : v_load_part(CLS_LANES(cls), p, part);
}

static FA_INLINE void tile_store(int cls, float *p, VEC v, PART part)
{
    if (cls == 0)
        v_storeu(p, v);
    else
        v_store_part(CLS_LANES(cls), p, v, part);
}

/* One tile: rows i0 .. i0+rows-1 (rows <= MR) and columns j0 .. j0+cols-1,
 * G vectors of which the last has class CLS. MR, G and CLS are constants
 * after inlining, so the loops unroll and c[][] lives in registers. */
static FA_INLINE void gemm_tile(const gemm_prob *pr, size_t i0, size_t rows,
                                       size_t j0, size_t cols, const int MR, const int G,
                                       const int CLS)
{
    const float *ar[MR_MAX];
#pragma GCC unroll 8
    for (int r = 0; r < MR; r++)
        ar[r] = pr->a + (i0 + ((size_t)r < rows ? (size_t)r : rows - 1)) * pr->ars;
    PART part = v_part(cols - (size_t)(G - 1) * VL);

    VEC c[MR_MAX][GMAX];
    if (TN_KC == 0 || !pr->from_c) {
#pragma GCC unroll 8
        for (int r = 0; r < MR; r++)
#pragma GCC unroll 8
            for (int g = 0; g < G; g++)
                c[r][g] = v_zero();
    } else {
#pragma GCC unroll 8
        for (int r = 0; r < MR; r++) {
            /* a row past the end reloads the last valid row's sums: never stored */
            const float *cp = pr->c + (i0 + ((size_t)r < rows ? (size_t)r : rows - 1)) * pr->ldc + j0;
#pragma GCC unroll 8
            for (int g = 0; g < G; g++)
                c[r][g] = tile_load(g == G - 1 ? CLS : 0, cp + g * VL, part);
        }
    }

    const float *bp = pr->b + j0;
    size_t po = 0;
    /* Software prefetch of A, one per step, where the hardware prefetchers
     * come too late when A is fresh from memory (the deep network's first
     * layer sees a new batch X every iteration). TN reads a new line of A per
     * p at a stride of lda: fetch PF_AHEAD / (MR G) rows of p ahead (about
     * the same time ahead for every tile shape). NN/NT read MR short
     * rows: walk over the next tile's rows (contiguous when lda == k), MR
     * floats per step. The addresses may lie past the end of A (a prefetch
     * never faults), so they are integers, not pointers. */
    uintptr_t pf = pr->aps == 1
                       ? (uintptr_t)pr->a + sizeof(float) * (i0 + (size_t)MR) * pr->ars
                       : (uintptr_t)ar[0] + sizeof(float) * (PF_AHEAD / (MR * G)) * pr->aps;
    const uintptr_t pf_step = sizeof(float) * (pr->aps == 1 ? (size_t)MR : pr->aps);
    for (size_t p = 0; p < pr->k; p++, bp += pr->ldb, po += pr->aps, pf += pf_step) {
        __builtin_prefetch((const void *)pf);
        VEC b[GMAX];
#pragma GCC unroll 8
        for (int g = 0; g < G; g++)
            b[g] = tile_load(g == G - 1 ? CLS : 0, bp + g * VL, part);
#pragma GCC unroll 8
        for (int r = 0; r < MR; r++) {
            VEC a = v_bcast(ar[r] + po);
#pragma GCC unroll 8
            for (int g = 0; g < G; g++)
                c[r][g] = tile_fma(g == G - 1 ? CLS : 0, a, b[g], c[r][g]);
        }
    }

    const VEC alpha = v_set1(pr->alpha), beta = v_set1(pr->beta);
    /* alpha * s is s itself when alpha == 1 (a NaN keeps being a NaN) */
    const int use_alpha = pr->alpha != 1.0f, use_beta = pr->beta != 0.0f;
#pragma GCC unroll 8
    for (int r = 0; r < MR; r++) {
        if ((size_t)r >= rows)
            break;
        float *cp = pr->c + (i0 + (size_t)r) * pr->ldc + j0;
#pragma GCC unroll 8
        for (int g = 0; g < G; g++) {
            int cls = g == G - 1 ? CLS : 0;
            VEC t = use_alpha ? tile_mul(cls, alpha, c[r][g]) : c[r][g];
            if (use_beta)
                t = tile_fma(cls, beta, tile_load(cls, cp + g * VL, part), t);
            tile_store(cls, cp + g * VL, t, part);
        }
    }
}

typedef void (*tile_fn)(const gemm_prob *, size_t, size_t, size_t, size_t);

/* Tile functions for every G, last-vector class and two row counts:
 * variant 0 has MR_OF(G) rows, variant 1 one row less (chosen when it wastes
 * fewer rows of a short matrix). */
#define TILE_FN(G, CLS, V)                                                       \
    static void tile_##G##_##CLS##_##V(const gemm_prob *pr, size_t i0,           \
                                       size_t rows, size_t j0, size_t cols)      \
    {                                                                            \
        gemm_tile(pr, i0, rows, j0, cols, MR_OF(G) - (V), G, CLS);               \
    }

/* The number of rows a sweep over m rows computes with tiles of mr rows. */
static inline size_t swept_rows(size_t m, size_t mr) { return (m + mr - 1) / mr * mr; }

/* Column chunk ch of nch over nv vectors (the first nv % nch chunks have one
 * vector more): its columns, tile function and tile height. */
typedef struct chunk { size_t j0, cols, mr; tile_fn f; } chunk;

static chunk plan_chunk(const gemm_prob *pr, size_t nv, size_t nch, size_t ch,
                        tile_fn const table[GMAX][NCLS][2])
{
    size_t q = nv / nch, r = nv % nch;
    size_t g = q + (ch < r), j0 = VL * (ch * q + (ch < r ? ch : r));
    size_t cols = pr->n - j0 < g * VL ? pr->n - j0 : g * VL;
    size_t rem = cols - (g - 1) * VL;
    int cls = 0;   /* a full last vector, or the narrowest class for rem */
    if (rem < VL)
        for (cls = 1; (size_t)CLS_LANES(cls) < rem; cls++)
            ;
    size_t mr0 = MR_OF((int)g), mr1 = mr0 - 1;
    /* one row less when that sweeps >= 2 % fewer rows */
    int v = 50 * swept_rows(pr->m, mr1) <= 49 * swept_rows(pr->m, mr0);
    chunk c = {j0, cols, v ? mr1 : mr0, table[g - 1][cls][v]};
    return c;
}

static void run_tile(const gemm_prob *pr, chunk c, size_t i0)
{
    c.f(pr, i0, pr->m - i0 < c.mr ? pr->m - i0 : c.mr, c.j0, c.cols);
}

/* Chunks planned at a time (a C wider than CHUNKS_MAX * GMAX vectors is
 * swept in groups of chunks). */
enum { CHUNKS_MAX = 16 };

/* C = alpha op(A) op(B) + beta C for the prepared problem; table[G-1][cls][v]
 * holds the tile functions. When all chunks of a group have tiles of the
 * same height, each row block goes through every chunk before the next row
 * block, so that all but the first chunk find its rows of A in cache;
 * otherwise chunk after chunk. */
static void gemm_sweep(const gemm_prob *pr, tile_fn const table[GMAX][NCLS][2])
{
    /* TN's k in blocks of TN_KC when the path asks for it and C can hold
     * the partial sums (beta == 0), else in one piece */
    size_t kc = TN_KC > 0 && pr->aps != 1 && pr->beta == 0.0f && TN_KC < pr->k ? TN_KC : pr->k;
    size_t gmax = GMAX_FOR(kc, pr->n);
    size_t nv = (pr->n + VL - 1) / VL, nch = (nv + gmax - 1) / gmax;
    for (size_t c0 = 0; c0 < nch; c0 += CHUNKS_MAX) {
        size_t cn = nch - c0 < CHUNKS_MAX ? nch - c0 : CHUNKS_MAX;
        chunk cs[CHUNKS_MAX];
        int same = 1;
        for (size_t c = 0; c < cn; c++) {
            cs[c] = plan_chunk(pr, nv, nch, c0 + c, table);
            same &= cs[c].mr == cs[0].mr;
        }
        for (size_t p0 = 0; p0 < pr->k; p0 += kc) {
            const gemm_prob *q = pr;
            gemm_prob blk;
            if (kc < pr->k) {
                blk = *pr;
                blk.k = pr->k - p0 < kc ? pr->k - p0 : kc;
                blk.a += p0 * pr->aps;
                blk.b += p0 * pr->ldb;
                blk.alpha = p0 + blk.k == pr->k ? pr->alpha : 1.0f;
                blk.from_c = p0 > 0;
                q = &blk;
            }
            if (same)
                for (size_t i0 = 0; i0 < pr->m; i0 += cs[0].mr)
                    for (size_t c = 0; c < cn; c++)
                        run_tile(q, cs[c], i0);
            else
                for (size_t c = 0; c < cn; c++)
                    for (size_t i0 = 0; i0 < pr->m; i0 += cs[c].mr)
                        run_tile(q, cs[c], i0);
        }
    }
}

#endif
