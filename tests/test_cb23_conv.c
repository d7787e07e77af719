/* test_cb23_conv.c — the MNIST backbone's pieces against direct loops:
 * convolution through im2col + GEMM against a direct convolution (forward,
 * weight, bias and input gradients), 2 x 2 max pooling, and the whole
 * backbone's gradients against finite differences in both modes. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "../experiments/cb23/conv.h"
#include "core.h"

/* a small, non-square case: 2 images, 3 -> 4 channels, 7 x 6 pixels, k = 3 */
enum { N = 2, CI = 3, CO = 4, H = 7, W = 6, KK = 3, HO = H - KK + 1, WO = W - KK + 1 };

static double in_at(mat in, size_t c, size_t i, size_t y, size_t x)
{
    return *mat_at(in, c, (i * H + y) * W + x);
}

Test(conv, matches_direct_convolution)
{
    gsl_rng *r = rng_stream(21, 0, 0);
    conv2d cv = conv2d_create(CI, CO, KK, r);
    mat in = mat_alloc(CI, N * H * W), out = mat_alloc(CO, N * HO * WO);
    mat cols = mat_alloc(CI * KK * KK, N * HO * WO), dcols = mat_alloc(CI * KK * KK, N * HO * WO);
    mat dout = mat_alloc(CO, N * HO * WO), din = mat_alloc(CI, N * H * W);
    mat_gauss(in, r, 0, 1), mat_gauss(dout, r, 0, 1);
    conv2d_forward(&cv, out, cols, in, N, H, W);
    conv2d_backward(&cv, din, dcols, dout, cols, N, H, W);

    double ddin[CI][N][H][W] = {{{{0}}}};
    for (size_t o = 0; o < CO; o++) {
        double db = 0;
        for (size_t i = 0; i < N; i++)
            for (size_t y = 0; y < HO; y++)
                for (size_t x = 0; x < WO; x++) {
                    double s = cv.b.v[o], g = *mat_at(dout, o, (i * HO + y) * WO + x);
                    db += g;
                    for (size_t c = 0; c < CI; c++)
                        for (size_t dy = 0; dy < KK; dy++)
                            for (size_t dx = 0; dx < KK; dx++) {
                                double wv = *mat_at(cv.W, o, (c * KK + dy) * KK + dx);
                                s += wv * in_at(in, c, i, y + dy, x + dx);
                                ddin[c][i][y + dy][x + dx] += wv * g;
                            }
                    double got = *mat_at(out, o, (i * HO + y) * WO + x);
                    cr_assert(fabs(got - s) < 1e-5 * (1 + fabs(s)), "out[%zu] %g vs %g", o, got, s);
                }
        cr_assert(fabs(cv.db.v[o] - db) < 1e-5 * (1 + fabs(db)));
        for (size_t c = 0; c < CI; c++)
            for (size_t dy = 0; dy < KK; dy++)
                for (size_t dx = 0; dx < KK; dx++) {
                    double dw = 0;
                    for (size_t i = 0; i < N; i++)
                        for (size_t y = 0; y < HO; y++)
                            for (size_t x = 0; x < WO; x++)
                                dw += *mat_at(dout, o, (i * HO + y) * WO + x) *
                                      in_at(in, c, i, y + dy, x + dx);
                    double got = *mat_at(cv.dW, o, (c * KK + dy) * KK + dx);
                    cr_assert(fabs(got - dw) < 1e-5 * (1 + fabs(dw)), "dW %g vs %g", got, dw);
                }
    }
    for (size_t c = 0; c < CI; c++)
        for (size_t i = 0; i < N; i++)
            for (size_t y = 0; y < H; y++)
                for (size_t x = 0; x < W; x++) {
                    double got = in_at(din, c, i, y, x), want = ddin[c][i][y][x];
                    cr_assert(fabs(got - want) < 1e-5 * (1 + fabs(want)), "din %g vs %g", got, want);
                }
    mat_free(&in), mat_free(&out), mat_free(&cols), mat_free(&dcols), mat_free(&dout),
        mat_free(&din);
    conv2d_free(&cv);
    rng_free(r);
}

Test(conv, maxpool_matches_direct)
{
    gsl_rng *r = rng_stream(21, 1, 0);
    enum { C = 2, NI = 3, S = 6 };
    mat in = mat_alloc(C, NI * S * S), out = mat_alloc(C, NI * 9), dout = mat_alloc(C, NI * 9);
    mat din = mat_alloc(C, NI * S * S);
    mat_gauss(in, r, 0, 1), mat_gauss(dout, r, 0, 1);
    in.v[0] = in.v[1] = 5.0f;   /* a tie: the first element wins */
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
                        if (*mat_at(in, c, cand[q]) > *mat_at(in, c, best))
                            best = cand[q];
                    cr_assert(*mat_at(out, c, e) == *mat_at(in, c, best));
                    for (int q = 0; q < 4; q++)
                        cr_assert(*mat_at(din, c, cand[q]) ==
                                  (cand[q] == best ? *mat_at(dout, c, e) : 0.0f));
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
    size_t n1 = b->p1.rows * b->n * 144, n2 = b->p2.rows * b->n * 16, k = 0;
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
