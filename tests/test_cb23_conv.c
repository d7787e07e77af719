/* test_cb23_conv.c — the MNIST backbone's pieces against direct loops:
 * convolution through im2row + GEMM against a direct convolution (forward,
 * weight, bias and input gradients), 2 x 2 max pooling, and the whole
 * backbone's gradients against finite differences in both modes. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../experiments/cb23/conv.h"
#include "core.h"

/* pixel-major: row (i, y, x), column c */
static double px(mat a, size_t h, size_t w, size_t c, size_t i, size_t y, size_t x)
{
    return *mat_at(a, (i * h + y) * w + x, c);
}

/* conv2d_forward/backward on n images, ci -> co channels, h x w pixels,
 * k x k kernels, against a direct convolution in double */
static void check_conv(size_t n, size_t ci, size_t co, size_t h, size_t w, size_t k)
{
    size_t ho = h - k + 1, wo = w - k + 1, P = n * ho * wo;
    gsl_rng *r = rng_stream(21, 0, k * 100 + ci);
    conv2d cv = conv2d_create(ci, co, k, r);
    mat in = mat_alloc(n * h * w, ci), out = mat_alloc(P, co);
    mat cols = mat_alloc(P, ci * k * k), dcols = mat_alloc(P, ci * k * k);
    mat dout = mat_alloc(P, co), din = mat_alloc(n * h * w, ci);
    mat_gauss(in, r, 0, 1), mat_gauss(dout, r, 0, 1);
    conv2d_forward(&cv, out, cols, in, n, h, w);
    conv2d_backward(&cv, din, dcols, dout, cols, n, h, w);

    double *ddin = calloc(n * h * w * ci, sizeof *ddin);   /* [(i, y, x)][c] */
    for (size_t o = 0; o < co; o++) {
        double db = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t y = 0; y < ho; y++)
                for (size_t x = 0; x < wo; x++) {
                    double s = cv.b.v[o], g = px(dout, ho, wo, o, i, y, x);
                    db += g;
                    for (size_t c = 0; c < ci; c++)
                        for (size_t dy = 0; dy < k; dy++)
                            for (size_t dx = 0; dx < k; dx++) {
                                double wv = *mat_at(cv.W, o, (c * k + dy) * k + dx);
                                s += wv * px(in, h, w, c, i, y + dy, x + dx);
                                ddin[((i * h + y + dy) * w + x + dx) * ci + c] += wv * g;
                            }
                    double got = px(out, ho, wo, o, i, y, x);
                    cr_assert(fabs(got - s) < 1e-5 * (1 + fabs(s)), "out[%zu] %g vs %g", o, got, s);
                }
        cr_assert(fabs(cv.db.v[o] - db) < 1e-5 * (1 + fabs(db)));
        for (size_t c = 0; c < ci; c++)
            for (size_t dy = 0; dy < k; dy++)
                for (size_t dx = 0; dx < k; dx++) {
                    double dw = 0, mag = 0;
                    for (size_t i = 0; i < n; i++)
                        for (size_t y = 0; y < ho; y++)
                            for (size_t x = 0; x < wo; x++) {
                                double t = px(dout, ho, wo, o, i, y, x) *
                                           px(in, h, w, c, i, y + dy, x + dx);
                                dw += t, mag += fabs(t);
                            }
                    /* a float chain over P terms: within the bound 2 (P + 2) u sum |t| */
                    double got = *mat_at(cv.dW, o, (c * k + dy) * k + dx);
                    cr_assert(fabs(got - dw) <= 2.0 * (double)(P + 2) * 0x1p-24 * mag,
                              "dW %g vs %g", got, dw);
                }
    }
    for (size_t e = 0; e < n * h * w * ci; e++) {
        double got = din.v[e], want = ddin[e];
        cr_assert(fabs(got - want) < 1e-5 * (1 + fabs(want)), "din %g vs %g", got, want);
    }
    free(ddin);
    mat_free(&in), mat_free(&out), mat_free(&cols), mat_free(&dcols), mat_free(&dout),
        mat_free(&din);
    conv2d_free(&cv);
    rng_free(r);
}

/* a small, non-square case (the generic im2row/row2im) */
Test(conv, matches_direct_convolution) { check_conv(2, 3, 4, 7, 6, 3); }
/* the backbone's two shapes, which have copies of their own (conv.c) */
Test(conv, backbone_shapes_match_direct_convolution)
{
    check_conv(2, 1, 10, 28, 28, 5);
    check_conv(2, 10, 20, 12, 12, 5);
}

Test(conv, maxpool_matches_direct)
{
    gsl_rng *r = rng_stream(21, 1, 0);
    enum { C = 2, NI = 3, S = 6 };
    mat in = mat_alloc(NI * S * S, C), out = mat_alloc(NI * 9, C), dout = mat_alloc(NI * 9, C);
    mat din = mat_alloc(NI * S * S, C);
    mat_gauss(in, r, 0, 1), mat_gauss(dout, r, 0, 1);
    in.v[0] = in.v[C] = 5.0f;   /* a tie (pixels (0, 0) and (0, 1), channel 0): the first wins */
    size_t arg[C * NI * 9];
    maxpool2_forward(out, arg, in, NI, S, S);
    maxpool2_backward(din, dout, arg);
    for (size_t c = 0; c < C; c++)
        for (size_t i = 0; i < NI; i++)
            for (size_t y = 0; y < 3; y++)
                for (size_t x = 0; x < 3; x++) {
                    size_t e = (i * 3 + y) * 3 + x, base = (i * S + 2 * y) * S + 2 * x, best = base;
                    size_t cand[4] = {base, base + 1, base + S, base + S + 1};
                    for (int q = 1; q < 4; q++)
                        if (*mat_at(in, cand[q], c) > *mat_at(in, best, c))
                            best = cand[q];
                    cr_assert(*mat_at(out, e, c) == *mat_at(in, best, c));
                    for (int q = 0; q < 4; q++)
                        cr_assert(*mat_at(din, cand[q], c) ==
                                  (cand[q] == best ? *mat_at(dout, e, c) : 0.0f));
                }
    cr_assert(arg[0] == 0, "ties go to the first maximum");
    mat_free(&in), mat_free(&out), mat_free(&dout), mat_free(&din);
    rng_free(r);
}

/* loss = <R, out> for a fixed random R; dropout from a fixed stream. pattern
 * receives the pooling choices and ReLU signs, so a finite difference that
 * crosses a kink can be recognised and skipped. */
static double bb_loss(backbone *b, mat X, mat out, mat R, int train, size_t *pattern)
{
    gsl_rng *d = train ? rng_stream(21, 3, 0) : NULL;
    backbone_forward(b, X, out, d);
    if (d)
        rng_free(d);
    size_t n1 = b->n * 144 * b->p1.cols, n2 = b->n * 16 * b->p2.cols, k = 0;
    for (size_t i = 0; i < n1; i++)
        pattern[k++] = 2 * b->arg1[i] + (b->p1.v[i] >= 0);
    for (size_t i = 0; i < n2; i++)
        pattern[k++] = 2 * b->arg2[i] + (b->p2.v[i] >= 0);
    return mat_dot(out, R);
}

enum { PATTERN = 2 * (10 * 144 + 20 * 16) };

static void check_backbone(int train)
{
    gsl_rng *r = rng_stream(21, 2, (uint64_t)train);
    backbone b = backbone_create(2, r);
    mat X = mat_alloc(2, 784), out = mat_alloc(2, BACKBONE_OUT), R = mat_alloc(2, BACKBONE_OUT);
    mat_gauss(X, r, 0, 1), mat_gauss(R, r, 0, 1);
    static size_t p0[PATTERN], pp[PATTERN], pm[PATTERN];
    bb_loss(&b, X, out, R, train, p0);
    backbone_backward(&b, R);   /* dLoss/dout = R */
    struct { mat p, g; const char *name; } blocks[] = {
        {b.c1.W, b.c1.dW, "conv 1 W"}, {b.c1.b, b.c1.db, "conv 1 b"},
        {b.c2.W, b.c2.dW, "conv 2 W"}, {b.c2.b, b.c2.db, "conv 2 b"},
        {b.fc.W, b.fc.dW, "linear W"},
    };
    size_t checked = 0;
    for (size_t k = 0; k < FA_ARRAY_LEN(blocks); k++)
        for (size_t t = 0; t < 12; t++) {
            size_t i = (t * 7919) % (blocks[k].p.rows * blocks[k].p.cols);
            float *p = blocks[k].p.v + i, v0 = *p, h = 1e-3f;
            *p = v0 + h;
            double lp = bb_loss(&b, X, out, R, train, pp);
            *p = v0 - h;
            double lm = bb_loss(&b, X, out, R, train, pm);
            *p = v0;
            if (memcmp(pp, p0, sizeof p0) || memcmp(pm, p0, sizeof p0))
                continue;   /* a kink between v0 - h and v0 + h */
            double f = (lp - lm) / ((double)(v0 + h) - (double)(v0 - h)), an = blocks[k].g.v[i];
            cr_assert(fabs(f - an) <= 5e-3 * fabs(an) + 1e-3, "%s[%zu]: fd %g, backprop %g",
                      blocks[k].name, i, f, an);
            checked++;
        }
    cr_assert(checked >= 30, "only %zu parameters away from kinks", checked);
    mat_free(&X), mat_free(&out), mat_free(&R);
    backbone_free(&b);
    rng_free(r);
}

Test(conv, backbone_gradients_eval_mode) { check_backbone(0); }
Test(conv, backbone_gradients_train_mode) { check_backbone(1); }
