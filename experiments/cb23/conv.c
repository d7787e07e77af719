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

void im2col(mat cols, mat in, size_t n, size_t h, size_t w, size_t k)
{
    size_t ho = h - k + 1, wo = w - k + 1;
    for (size_t c = 0; c < in.rows; c++)
        for (size_t dy = 0; dy < k; dy++)
            for (size_t dx = 0; dx < k; dx++) {
                float *dst = mat_at(cols, (c * k + dy) * k + dx, 0);
                const float *src = mat_at(in, c, 0);
                for (size_t i = 0; i < n; i++)
                    for (size_t y = 0; y < ho; y++) {   /* rows of 8 or 24: a loop beats memcpy */
                        float *d = dst + (i * ho + y) * wo;
                        const float *s = src + (i * h + y + dy) * w + dx;
                        for (size_t x = 0; x < wo; x++)
                            d[x] = s[x];
                    }
            }
}

void col2im(mat din, mat dcols, size_t n, size_t h, size_t w, size_t k)
{
    size_t ho = h - k + 1, wo = w - k + 1;
    mat_fill(din, 0.0f);
    for (size_t c = 0; c < din.rows; c++)
        for (size_t dy = 0; dy < k; dy++)
            for (size_t dx = 0; dx < k; dx++) {
                const float *src = mat_at(dcols, (c * k + dy) * k + dx, 0);
                float *dst = mat_at(din, c, 0);
                for (size_t i = 0; i < n; i++)
                    for (size_t y = 0; y < ho; y++) {
                        float *d = dst + (i * h + y + dy) * w + dx;
                        const float *s = src + (i * ho + y) * wo;
                        for (size_t x = 0; x < wo; x++)
                            d[x] += s[x];
                    }
            }
}

void conv2d_forward(const conv2d *c, mat out, mat cols, mat in, size_t n, size_t h, size_t w)
{
    im2col(cols, in, n, h, w, c->k);
    for (size_t o = 0; o < c->cout; o++) {
        float *row = mat_at(out, o, 0);
        for (size_t j = 0; j < out.cols; j++)
            row[j] = c->b.v[o];
    }
    gemm_nn_f32(c->cout, out.cols, cols.rows, 1.0f, c->W.v, c->W.ld, cols.v, cols.ld, 1.0f,
                out.v, out.ld);
}

void conv2d_backward(conv2d *c, mat din, mat dcols, mat dout, mat cols, size_t n, size_t h,
                     size_t w)
{
    for (size_t o = 0; o < c->cout; o++) {
        double s = 0;   /* up to n * 576 terms: accumulate in double */
        const float *row = mat_at(dout, o, 0);
        for (size_t j = 0; j < dout.cols; j++)
            s += row[j];
        c->db.v[o] = (float)s;
    }
    gemm_nt_f32(c->cout, cols.rows, dout.cols, 1.0f, dout.v, dout.ld, cols.v, cols.ld, 0.0f,
                c->dW.v, c->dW.ld);
    if (din.v) {
        gemm_tn_f32(cols.rows, dout.cols, c->cout, 1.0f, c->W.v, c->W.ld, dout.v, dout.ld, 0.0f,
                    dcols.v, dcols.ld);
        col2im(din, dcols, n, h, w, c->k);
    }
}

void maxpool2_forward(mat out, size_t *arg, mat in, size_t n, size_t h, size_t w)
{
    size_t ho = h / 2, wo = w / 2;
    for (size_t c = 0; c < in.rows; c++)
        for (size_t i = 0; i < n; i++)
            for (size_t y = 0; y < ho; y++)
                for (size_t x = 0; x < wo; x++) {
                    size_t e = (i * ho + y) * wo + x, best = (i * h + 2 * y) * w + 2 * x;
                    const size_t cand[3] = {best + 1, best + w, best + w + 1};
                    const float *src = mat_at(in, c, 0);
                    for (int q = 0; q < 3; q++)
                        if (src[cand[q]] > src[best])
                            best = cand[q];
                    *mat_at(out, c, e) = src[best];
                    arg[c * out.cols + e] = best;
                }
}

void maxpool2_backward(mat din, mat dout, const size_t *arg)
{
    mat_fill(din, 0.0f);
    for (size_t c = 0; c < dout.rows; c++)
        for (size_t e = 0; e < dout.cols; e++)
            *mat_at(din, c, arg[c * dout.cols + e]) = *mat_at(dout, c, e);
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

/* The same region for the n images of this batch (contiguous rows of n * per). */
static mat part(mat a, size_t n, size_t per)
{
    mat v = {a.rows, n * per, n * per, a.v};
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
    /* every activation and gradient: rows x (cap * per) floats each */
    struct { mat *m; size_t rows, per; } reg[] = {
        {&b.cols1, K * K, S1 * S1},       {&b.z1, C1, S1 * S1},    {&b.dz1, C1, S1 * S1},
        {&b.p1, C1, Q1 * Q1},             {&b.r1, C1, Q1 * Q1},    {&b.dr1, C1, Q1 * Q1},
        {&b.cols2, C1 * K * K, S2 * S2},  {&b.dcols2, C1 * K * K, S2 * S2},
        {&b.z2, C2, S2 * S2},             {&b.dz2, C2, S2 * S2},   {&b.p2, C2, Q2 * Q2},
        {&b.r2, C2, Q2 * Q2},             {&b.flat, 1, FLAT},      {&b.dflat, 1, FLAT},
    };
    size_t floats = 0;
    for (size_t i = 0; i < FA_ARRAY_LEN(reg); i++)
        floats += reg[i].rows * reg[i].per * cap;
    b.buf = fa_calloc(floats, sizeof(float));
    float *p = b.buf;
    for (size_t i = 0; i < FA_ARRAY_LEN(reg); i++) {
        mat a = {reg[i].rows, reg[i].per * cap, reg[i].per * cap, p};
        *reg[i].m = a;
        p += reg[i].rows * reg[i].per * cap;
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
    mat in = {1, n * MNIST_SIDE * MNIST_SIDE, n * MNIST_SIDE * MNIST_SIDE, X.v};
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
     * a factor 0 or 2 per (image, channel) commutes with the max exactly. */
    for (size_t c = 0; c < C2; c++)
        for (size_t i = 0; i < n; i++) {
            float f = 1.0f;
            if (dropout)
                f = gsl_rng_uniform(dropout) < 0.5 ? 2.0f : 0.0f;
            b->keep[i * C2 + c] = f;
            for (size_t s = 0; s < Q2 * Q2; s++)
                *mat_at(p2, c, i * Q2 * Q2 + s) *= f;
        }
    act_relu_f32(p2.rows, p2.cols, p2.v, p2.ld, r2.v, r2.ld);
    mat flat = rows_of(b->flat, n);   /* torch's flatten: (c, y, x) per image */
    for (size_t c = 0; c < C2; c++)
        for (size_t i = 0; i < n; i++)
            memcpy(mat_at(flat, i, c * Q2 * Q2), mat_at(r2, c, i * Q2 * Q2),
                   Q2 * Q2 * sizeof(float));
    dense_forward(&b->fc, flat, out);
}

void backbone_backward(backbone *b, mat dout)
{
    size_t n = b->n;
    mat flat = rows_of(b->flat, n), dflat = rows_of(b->dflat, n);
    dense_backward(&b->fc, flat, dout, dflat);
    mat p2 = part(b->p2, n, Q2 * Q2), dr2 = part(b->r2, n, Q2 * Q2);   /* r2 is free now */
    for (size_t c = 0; c < C2; c++)
        for (size_t i = 0; i < n; i++)
            memcpy(mat_at(dr2, c, i * Q2 * Q2), mat_at(dflat, i, c * Q2 * Q2),
                   Q2 * Q2 * sizeof(float));
    /* ReLU (mask p2 >= 0; p2 == 0 only where dropout zeroed it), then the dropout factor */
    dact_relu_f32(dr2.rows, dr2.cols, dr2.v, dr2.ld, p2.v, p2.ld, dr2.v, dr2.ld);
    for (size_t c = 0; c < C2; c++)
        for (size_t i = 0; i < n; i++)
            for (size_t s = 0; s < Q2 * Q2; s++)
                *mat_at(dr2, c, i * Q2 * Q2 + s) *= b->keep[i * C2 + c];
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
