#include "conv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "util.h"

conv2d conv2d_create(size_t cin, size_t cout, size_t k, gsl_rng *r)
{
    size_t fan = cin * k * k;
    conv2d c = {cin, cout, k, mat_alloc(cout, fan), mat_alloc(1, cout), mat_alloc(cout, fan),
                mat_alloc(1, cout), adam_slot_alloc(cout * fan), adam_slot_alloc(cout)};
    double bound = 1.0 / sqrt((double)fan);
    mat_uniform(c.W, r, -bound, bound);
    mat_uniform(c.b, r, -bound, bound);
    return c;
}

void conv2d_free(conv2d *c)
{
    mat_free(&c->W), mat_free(&c->b), mat_free(&c->dW), mat_free(&c->db);
    adam_slot_free(&c->aW), adam_slot_free(&c->ab);
}

/* im2row works on one image at a time in channel-major planes (C x h w),
 * where a kernel row's taps are k contiguous floats (the image is
 * transposed into planes first); row2im gathers. Each is written once; the
 * backbone's two shapes (k = 5 with 1 and with 10 channels) get copies with
 * k and C known to the compiler, which unrolls the short loops. Every
 * matrix here is contiguous (ld = cols). */
#define CONV_INLINE static inline __attribute__((always_inline))

/* dst (C x npx) = src (npx x C)^T */
CONV_INLINE void to_planes(float *restrict dst, const float *restrict src, size_t npx, size_t C)
{
    for (size_t px = 0; px < npx; px++)
        for (size_t c = 0; c < C; c++)
            dst[c * npx + px] = src[px * C + c];
}

CONV_INLINE void im2row_body(float *restrict d, const float *restrict in, float *restrict pl,
                             size_t n, size_t h, size_t w, size_t k, size_t C)
{
    size_t ho = h - k + 1, wo = w - k + 1, npx = h * w;
    for (size_t i = 0; i < n; i++) {
        const float *plane = in + i * npx * C;
        if (C > 1) {
            to_planes(pl, plane, npx, C);
            plane = pl;
        }
        for (size_t y = 0; y < ho; y++)
            for (size_t x = 0; x < wo; x++)
                for (size_t c = 0; c < C; c++)
                    for (size_t dy = 0; dy < k; dy++, d += k)
                        memcpy(d, plane + c * npx + (y + dy) * w + x, k * sizeof *d);
    }
}

/* Gathered per element of din, so its overlaps are summed in increasing
 * (dy, dx) as the contract says. */
CONV_INLINE void row2im_body(float *restrict d, const float *restrict dcols, size_t n, size_t h,
                             size_t w, size_t k, size_t C)
{
    size_t ho = h - k + 1, wo = w - k + 1, kk = k * k;
    for (size_t i = 0; i < n; i++)
        for (size_t Y = 0; Y < h; Y++)
            for (size_t X = 0; X < w; X++, d += C) {
                for (size_t c = 0; c < C; c++)
                    d[c] = 0.0f;
                for (size_t dy = 0; dy < k; dy++) {
                    if (Y < dy || Y - dy >= ho)
                        continue;
                    for (size_t dx = 0; dx < k; dx++) {
                        if (X < dx || X - dx >= wo)
                            continue;
                        const float *s = dcols + ((i * ho + Y - dy) * wo + X - dx) * C * kk +
                                         dy * k + dx;
                        for (size_t c = 0; c < C; c++)
                            d[c] += s[c * kk];
                    }
                }
            }
}

static void need_contiguous(const char *f, mat a, mat b)
{
    if (a.ld != a.cols || b.ld != b.cols)
        fa_die("%s: the matrices must be contiguous", f);
}

void im2row(mat cols, mat in, size_t n, size_t h, size_t w, size_t k)
{
    need_contiguous("im2row", cols, in);
    float *pl = in.cols > 1 ? fa_malloc(h * w * in.cols * sizeof *pl) : NULL;   /* planes */
    if (k == 5 && in.cols == 1)
        im2row_body(cols.v, in.v, pl, n, h, w, 5, 1);
    else if (k == 5 && in.cols == 10)
        im2row_body(cols.v, in.v, pl, n, h, w, 5, 10);
    else
        im2row_body(cols.v, in.v, pl, n, h, w, k, in.cols);
    free(pl);
}

void row2im(mat din, mat dcols, size_t n, size_t h, size_t w, size_t k)
{
    need_contiguous("row2im", din, dcols);
    if (k == 5 && din.cols == 10)
        row2im_body(din.v, dcols.v, n, h, w, 5, 10);
    else
        row2im_body(din.v, dcols.v, n, h, w, k, din.cols);
}

void conv2d_forward(const conv2d *c, mat out, mat cols, mat in, size_t n, size_t h, size_t w)
{
    im2row(cols, in, n, h, w, c->k);
    for (size_t r = 0; r < out.rows; r++)
        memcpy(mat_at(out, r, 0), c->b.v, c->cout * sizeof(float));
    gemm_nt_f32(out.rows, c->cout, cols.cols, 1.0f, cols.v, cols.ld, c->W.v, c->W.ld, 1.0f,
                out.v, out.ld);
}

void conv2d_backward(conv2d *c, mat din, mat dcols, mat dout, mat cols, size_t n, size_t h,
                     size_t w)
{
    double *s = fa_calloc(c->cout, sizeof *s);   /* up to n * 576 terms each: in double */
    for (size_t r = 0; r < dout.rows; r++)
        for (size_t o = 0; o < c->cout; o++)
            s[o] += *mat_at(dout, r, o);
    for (size_t o = 0; o < c->cout; o++)
        c->db.v[o] = (float)s[o];
    free(s);
    gemm_tn_f32(c->cout, cols.cols, dout.rows, 1.0f, dout.v, dout.ld, cols.v, cols.ld, 0.0f,
                c->dW.v, c->dW.ld);
    if (din.v) {
        gemm_nn_f32(dout.rows, cols.cols, c->cout, 1.0f, dout.v, dout.ld, c->W.v, c->W.ld, 0.0f,
                    dcols.v, dcols.ld);
        row2im(din, dcols, n, h, w, c->k);
    }
}

void maxpool2_forward(mat out, size_t *arg, mat in, size_t n, size_t h, size_t w)
{
    size_t ho = h / 2, wo = w / 2, C = in.cols;
    for (size_t i = 0; i < n; i++)
        for (size_t y = 0; y < ho; y++)
            for (size_t x = 0; x < wo; x++) {
                size_t e = (i * ho + y) * wo + x, r0 = (i * h + 2 * y) * w + 2 * x;
                const size_t cand[3] = {r0 + 1, r0 + w, r0 + w + 1};
                for (size_t c = 0; c < C; c++) {
                    size_t best = r0;
                    for (int q = 0; q < 3; q++)
                        if (*mat_at(in, cand[q], c) > *mat_at(in, best, c))
                            best = cand[q];
                    *mat_at(out, e, c) = *mat_at(in, best, c);
                    arg[e * C + c] = best;
                }
            }
}

void maxpool2_backward(mat din, mat dout, const size_t *arg)
{
    mat_fill(din, 0.0f);
    for (size_t e = 0; e < dout.rows; e++)
        for (size_t c = 0; c < dout.cols; c++)
            *mat_at(din, arg[e * dout.cols + c], c) = *mat_at(dout, e, c);
}

/* ---- the backbone ------------------------------------------------------------ */

enum {
    K = 5,
    C1 = 10, C2 = 20,
    S1 = MNIST_SIDE - K + 1,   /* 24 */
    Q1 = S1 / 2,               /* 12 */
    S2 = Q1 - K + 1,           /* 8 */
    Q2 = S2 / 2,               /* 4 */
    FLAT = C2 * Q2 * Q2,       /* 320 */
};

/* The rows of the n images of this batch (per rows each). */
static mat part(mat a, size_t n, size_t per)
{
    mat v = {n * per, a.cols, a.ld, a.v};
    return v;
}

backbone backbone_create(size_t cap, gsl_rng *r)
{
    backbone b;
    memset(&b, 0, sizeof b);
    b.cap = cap;
    b.c1 = conv2d_create(1, C1, K, r);
    b.c2 = conv2d_create(C1, C2, K, r);
    b.fc = dense_alloc(FLAT, BACKBONE_OUT);
    double bound = 1.0 / sqrt((double)FLAT);
    mat_uniform(b.fc.W, r, -bound, bound);
    mat_uniform(b.fc.b, r, -bound, bound);
    /* every activation and gradient: (cap * per) x channels floats each */
    struct { mat *m; size_t channels, per; } reg[] = {
        {&b.cols1, K * K, S1 * S1},       {&b.z1, C1, S1 * S1},    {&b.dz1, C1, S1 * S1},
        {&b.p1, C1, Q1 * Q1},             {&b.r1, C1, Q1 * Q1},    {&b.dr1, C1, Q1 * Q1},
        {&b.cols2, C1 * K * K, S2 * S2},  {&b.dcols2, C1 * K * K, S2 * S2},
        {&b.z2, C2, S2 * S2},             {&b.dz2, C2, S2 * S2},   {&b.p2, C2, Q2 * Q2},
        {&b.r2, C2, Q2 * Q2},             {&b.flat, 1, FLAT},      {&b.dflat, 1, FLAT},
    };
    size_t floats = 0;
    for (size_t i = 0; i < FA_ARRAY_LEN(reg); i++)
        floats += reg[i].channels * reg[i].per * cap;
    b.buf = fa_calloc(floats, sizeof(float));
    float *p = b.buf;
    for (size_t i = 0; i < FA_ARRAY_LEN(reg); i++) {
        mat a = {reg[i].per * cap, reg[i].channels, reg[i].channels, p};
        *reg[i].m = a;
        p += reg[i].channels * reg[i].per * cap;
    }
    b.arg1 = fa_malloc(cap * C1 * Q1 * Q1 * sizeof *b.arg1);
    b.arg2 = fa_malloc(cap * C2 * Q2 * Q2 * sizeof *b.arg2);
    b.keep = fa_malloc(cap * C2 * sizeof *b.keep);
    return b;
}

void backbone_free(backbone *b)
{
    conv2d_free(&b->c1), conv2d_free(&b->c2), dense_free(&b->fc);
    free(b->buf), free(b->arg1), free(b->arg2), free(b->keep);
    memset(b, 0, sizeof *b);
}

static mat rows_of(mat flat, size_t n)
{
    mat v = {n, FLAT, FLAT, flat.v};
    return v;
}

void backbone_forward(backbone *b, mat X, mat out, gsl_rng *dropout)
{
    size_t n = X.rows;
    if (n > b->cap)
        fa_die("backbone_forward: %zu images, room for %zu", n, b->cap);
    b->n = n;
    mat in = {n * MNIST_SIDE * MNIST_SIDE, 1, 1, X.v};
    if (X.ld != MNIST_SIDE * MNIST_SIDE)
        fa_die("backbone_forward: input rows must be contiguous 784-pixel images");
    mat z1 = part(b->z1, n, S1 * S1), p1 = part(b->p1, n, Q1 * Q1), r1 = part(b->r1, n, Q1 * Q1);
    mat z2 = part(b->z2, n, S2 * S2), p2 = part(b->p2, n, Q2 * Q2), r2 = part(b->r2, n, Q2 * Q2);
    conv2d_forward(&b->c1, z1, part(b->cols1, n, S1 * S1), in, n, MNIST_SIDE, MNIST_SIDE);
    maxpool2_forward(p1, b->arg1, z1, n, S1, S1);
    act_relu_f32(p1.rows, p1.cols, p1.v, p1.ld, r1.v, r1.ld);
    conv2d_forward(&b->c2, z2, part(b->cols2, n, S2 * S2), r1, n, Q1, Q1);
    maxpool2_forward(p2, b->arg2, z2, n, S2, S2);
    /* Dropout2d before the pooling, as the authors, equals dropout after it:
     * a factor 0 or 2 per (image, channel) commutes with the max exactly.
     * Drawn channel by channel, image by image within a channel. */
    for (size_t c = 0; c < C2; c++)
        for (size_t i = 0; i < n; i++)
            b->keep[i * C2 + c] = !dropout ? 1.0f : gsl_rng_uniform(dropout) < 0.5 ? 2.0f : 0.0f;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < Q2 * Q2; s++)
            for (size_t c = 0; c < C2; c++)
                *mat_at(p2, i * Q2 * Q2 + s, c) *= b->keep[i * C2 + c];
    act_relu_f32(p2.rows, p2.cols, p2.v, p2.ld, r2.v, r2.ld);
    mat flat = rows_of(b->flat, n);   /* torch's flatten: (c, y, x) per image */
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < Q2 * Q2; s++)
            for (size_t c = 0; c < C2; c++)
                *mat_at(flat, i, c * Q2 * Q2 + s) = *mat_at(r2, i * Q2 * Q2 + s, c);
    dense_forward(&b->fc, flat, out);
}

void backbone_backward(backbone *b, mat dout)
{
    size_t n = b->n;
    mat flat = rows_of(b->flat, n), dflat = rows_of(b->dflat, n);
    dense_backward(&b->fc, flat, dout, dflat);
    mat p2 = part(b->p2, n, Q2 * Q2), dr2 = part(b->r2, n, Q2 * Q2);   /* r2 is free now */
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < Q2 * Q2; s++)
            for (size_t c = 0; c < C2; c++)
                *mat_at(dr2, i * Q2 * Q2 + s, c) = *mat_at(dflat, i, c * Q2 * Q2 + s);
    /* ReLU (mask p2 >= 0; p2 == 0 only where dropout zeroed it), then the dropout factor */
    dact_relu_f32(dr2.rows, dr2.cols, dr2.v, dr2.ld, p2.v, p2.ld, dr2.v, dr2.ld);
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < Q2 * Q2; s++)
            for (size_t c = 0; c < C2; c++)
                *mat_at(dr2, i * Q2 * Q2 + s, c) *= b->keep[i * C2 + c];
    mat dz2 = part(b->dz2, n, S2 * S2), dr1 = part(b->dr1, n, Q1 * Q1);
    maxpool2_backward(dz2, dr2, b->arg2);
    conv2d_backward(&b->c2, dr1, part(b->dcols2, n, S2 * S2), dz2, part(b->cols2, n, S2 * S2),
                    n, Q1, Q1);
    mat p1 = part(b->p1, n, Q1 * Q1), dz1 = part(b->dz1, n, S1 * S1);
    dact_relu_f32(dr1.rows, dr1.cols, dr1.v, dr1.ld, p1.v, p1.ld, dr1.v, dr1.ld);
    maxpool2_backward(dz1, dr1, b->arg1);
    mat none = {0, 0, 0, NULL};
    conv2d_backward(&b->c1, none, none, dz1, part(b->cols1, n, S1 * S1), n, MNIST_SIDE,
                    MNIST_SIDE);
}

void backbone_adam(backbone *b, const adam *a)
{
    adam_update(a, &b->c1.aW, b->c1.W.v, b->c1.dW.v);
    adam_update(a, &b->c1.ab, b->c1.b.v, b->c1.db.v);
    adam_update(a, &b->c2.aW, b->c2.W.v, b->c2.dW.v);
    adam_update(a, &b->c2.ab, b->c2.b.v, b->c2.db.v);
    dense_adam(&b->fc, a);
}

int backbone_finite(const backbone *b, char *what, size_t len)
{
    const mat m[] = {b->c1.W, b->c1.b, b->c2.W, b->c2.b, b->fc.W, b->fc.b};
    const char *name[] = {"conv 1 weights", "conv 1 biases", "conv 2 weights",
                          "conv 2 biases", "backbone linear weights", "backbone linear biases"};
    for (size_t i = 0; i < 6; i++)
        if (!mat_finite(m[i])) {
            snprintf(what, len, "%s", name[i]);
            return 0;
        }
    return 1;
}
