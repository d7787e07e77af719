/* gemm_packed.c — the blocked, packed GEMM driver shared by the SIMD paths.
 *
 * BLIS loop order: jc (NC columns of C) / pc (KC of the k range, packing op(B))
 * / ic (MC rows, packing op(A)) / jr, ir (micro-tiles). The micro-kernel of
 * each path computes one MR x NR tile (paths.h). When k > KC the partial
 * sums of one k block are carried to the next in a float workspace, so the
 * chain s = fmaf(a, b, s) over p is exactly the scalar specification.
 * This file is compiled without ISA flags: it only moves data.
 */
#include <stdlib.h>
#include <string.h>

#include "paths.h"

enum { KC = 256, MC_TARGET = 96, NC_TARGET = 2048, MAX_TILE = 256 };
/* Small problems pack into the stack instead of calling malloc. */
enum { STACK_FLOATS = 4096 };

static size_t round_up(size_t x, size_t r) { return (x + r - 1) / r * r; }

/* op(A)(i, p) for the three forms; A is m x k (NN, NT) or k x m (TN). */
static void pack_a(gemm_form form, const float *A, size_t lda, size_t i0,
                   size_t mc, size_t p0, size_t kc, size_t mr, float *Ap)
{
    for (size_t ir = 0; ir < mc; ir += mr) {
        size_t rows = mc - ir < mr ? mc - ir : mr;
        for (size_t p = 0; p < kc; p++) {
            float *dst = Ap + p * mr;
            for (size_t r = 0; r < rows; r++) {
                size_t i = i0 + ir + r, q = p0 + p;
                dst[r] = form == GEMM_TN ? A[q * lda + i] : A[i * lda + q];
            }
            for (size_t r = rows; r < mr; r++)
                dst[r] = 0.0f;
        }
        Ap += kc * mr;
    }
}

/* op(B)(p, j); B is k x n (NN, TN) or n x k (NT). */
static void pack_b(gemm_form form, const float *B, size_t ldb, size_t j0,
                   size_t nc, size_t p0, size_t kc, size_t nr, float *Bp)
{
    for (size_t jr = 0; jr < nc; jr += nr) {
        size_t cols = nc - jr < nr ? nc - jr : nr;
        for (size_t p = 0; p < kc; p++) {
            float *dst = Bp + p * nr;
            size_t q = p0 + p;
            if (form == GEMM_NT)
                for (size_t c = 0; c < cols; c++)
                    dst[c] = B[(j0 + jr + c) * ldb + q];
            else
                memcpy(dst, B + q * ldb + j0 + jr, cols * sizeof *dst);
            for (size_t c = cols; c < nr; c++)
                dst[c] = 0.0f;
        }
        Bp += kc * nr;
    }
}

/* A partial tile at the edge of C: run the full-size kernel on zero-padded
 * copies and write back the valid part. */
static void edge_tile(const gemm_ukernel *uk, gemm_tile t, size_t rows,
                      size_t cols)
{
    float s[MAX_TILE], o[MAX_TILE];
    size_t nr = uk->nr;
    memset(s, 0, sizeof s);
    memset(o, 0, sizeof o);
    if (t.s_in)
        for (size_t r = 0; r < rows; r++)
            memcpy(s + r * nr, t.s_in + r * t.lds, cols * sizeof *s);
    if (t.final && t.beta != 0.0f)
        for (size_t r = 0; r < rows; r++)
            memcpy(o + r * nr, t.out + r * t.ldo, cols * sizeof *o);
    float *out = t.out;
    size_t ldo = t.ldo;
    t.s_in = t.s_in ? s : NULL;
    t.lds = nr;
    t.out = o;
    t.ldo = nr;
    uk->tile(&t);
    for (size_t r = 0; r < rows; r++)
        memcpy(out + r * ldo, o + r * nr, cols * sizeof *o);
}

void gemm_packed(const gemm_ukernel *uk, gemm_form form, size_t m, size_t n,
                 size_t k, float alpha, const float *A, size_t lda,
                 const float *B, size_t ldb, float beta, float *C, size_t ldc)
{
    if (m == 0 || n == 0)
        return;
    if (k == 0) {   /* nothing to pack: every s is +0, the epilogue is all */
        gemm_nn_f32_scalar(m, n, 0, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    size_t mr = uk->mr, nr = uk->nr;
    if (mr * nr > MAX_TILE)
        abort();   /* a micro-kernel larger than edge_tile's buffers */
    size_t mc_max = MC_TARGET / mr * mr, nc_max = NC_TARGET / nr * nr;
    size_t mcb = round_up(m < mc_max ? m : mc_max, mr);
    size_t ncb = round_up(n < nc_max ? n : nc_max, nr);
    size_t kcb = k < KC ? k : KC;
    size_t na = mcb * kcb, nb = kcb * ncb;
    /* Partial sums between k blocks live in S (m x ncb) when k > KC. */
    size_t ns = k > KC ? m * ncb : 0;
    float stack[STACK_FLOATS] __attribute__((aligned(64)));
    float *buf = stack;
    if (na + nb + ns > STACK_FLOATS) {
        buf = aligned_alloc(64, round_up((na + nb + ns) * sizeof(float), 64));
        if (!buf)
            abort();   /* out of memory inside a kernel: nothing sane to return */
    }
    float *Ap = buf, *Bp = buf + na, *S = buf + na + nb;

    for (size_t jc = 0; jc < n; jc += nc_max) {
        size_t nc = n - jc < nc_max ? n - jc : nc_max;
        for (size_t pc = 0; pc < k; pc += KC) {
            size_t kc = k - pc < KC ? k - pc : KC;
            int first = pc == 0, last = pc + kc == k;
            pack_b(form, B, ldb, jc, nc, pc, kc, nr, Bp);
            for (size_t ic = 0; ic < m; ic += mc_max) {
                size_t mc = m - ic < mc_max ? m - ic : mc_max;
                pack_a(form, A, lda, ic, mc, pc, kc, mr, Ap);
                for (size_t jr = 0; jr < nc; jr += nr) {
                    size_t cols = nc - jr < nr ? nc - jr : nr;
                    for (size_t ir = 0; ir < mc; ir += mr) {
                        size_t rows = mc - ir < mr ? mc - ir : mr;
                        float *s = S + (ic + ir) * ncb + jr;
                        gemm_tile t = {
                            .kc = kc,
                            .a = Ap + ir * kc,
                            .b = Bp + jr * kc,
                            .s_in = first ? NULL : s,
                            .lds = ncb,
                            .out = last ? C + (ic + ir) * ldc + jc + jr : s,
                            .ldo = last ? ldc : ncb,
                            .final = last,
                            .alpha = alpha,
                            .beta = beta,
                        };
                        if (rows == mr && cols == nr)
                            uk->tile(&t);
                        else
                            edge_tile(uk, t, rows, cols);
                    }
                }
            }
        }
    }
    if (buf != stack)
        free(buf);
}
