/* test_net.c — the network core: FA equals BP when B = W^T, BP gradients
 * match finite differences away from the ReLU kinks, weight normalisation
 * leaves every column at norm gamma, the pre-activation step on its own, and
 * the angle helper. */
#include <criterion/criterion.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <string.h>

#include "core.h"

static net make_net(act_kind hidden, act_kind output, int bias, gsl_rng *r)
{
    size_t widths[] = {6, 5, 4, 3};
    net nt = net_create(3, widths, hidden, output, 1, bias);
    net_init_gauss(&nt, r, 0.7);
    return nt;
}

Test(net, fa_equals_bp_when_feedback_is_transpose)
{
    gsl_rng *r = rng_stream(7, 0, 0);
    act_kind acts[] = {ACT_RELU, ACT_TANH_RELU, ACT_LINEAR};
    for (size_t a = 0; a < FA_ARRAY_LEN(acts); a++) {
        net nt = make_net(acts[a], acts[a], 1, r);
        for (size_t l = 1; l < nt.depth; l++)
            mat_transpose(nt.B[l], nt.W[l]);
        mat X = mat_alloc(9, 6), T = mat_alloc(9, 3), E = mat_alloc(9, 3);
        mat_gauss(X, r, 0, 1);
        mat_gauss(T, r, 0, 1);
        net_fwd f = net_fwd_alloc(&nt, 9);
        net_grad gf = net_grad_alloc(&nt, 9), gb = net_grad_alloc(&nt, 9);
        net_forward(&nt, X, &f);
        net_error(&f, T, E);
        net_backward(&nt, &f, E, FB_FA, 0.01, &gf);
        net_backward(&nt, &f, E, FB_BP, 0.01, &gb);
        for (size_t l = 0; l < nt.depth; l++)
            cr_assert(memcmp(gf.dW[l].v, gb.dW[l].v, gf.dW[l].rows * gf.dW[l].cols * sizeof(float)) == 0,
                      "activation %zu, layer %zu: FA with B = W^T differs from BP", a, l);
        for (size_t l = 1; l <= nt.depth; l++)
            cr_assert(memcmp(gf.db[l].v, gb.db[l].v, gf.db[l].cols * sizeof(float)) == 0);
        net_grad_free(&gf);
        net_grad_free(&gb);
        net_fwd_free(&f);
        mat_free(&X);
        mat_free(&T);
        mat_free(&E);
        net_free(&nt);
    }
    rng_free(r);
}

/* 1/2 sum E^2 in double, and the sign pattern of every pre-activation. */
static double loss(const net *nt, mat X, mat T, net_fwd *f, unsigned char *signs)
{
    net_forward(nt, X, f);
    memset(signs, 0, 256);
    double s = 0;
    mat Y = f->L[nt->depth];
    size_t k = 0;
    for (size_t i = 0; i < Y.rows; i++)
        for (size_t j = 0; j < Y.cols; j++) {
            double e = (double)*mat_at(T, i, j) - *mat_at(Y, i, j);
            s += 0.5 * e * e;
        }
    for (size_t l = 1; l <= nt->depth; l++)
        for (size_t i = 0; i < f->Z[l].rows; i++)
            for (size_t j = 0; j < f->Z[l].cols; j++)
                signs[k++] = *mat_at(f->Z[l], i, j) > 0;
    return s;
}

/* dW_BP with eta = 1 is -dLoss/dW: compare with central differences. */
static void check_fd(act_kind hidden, act_kind output)
{
    gsl_rng *r = rng_stream(11, hidden, output);
    net nt = make_net(hidden, output, 1, r);
    size_t nb = 8;
    mat X = mat_alloc(nb, 6), T = mat_alloc(nb, 3), E = mat_alloc(nb, 3);
    mat_gauss(X, r, 0, 1);
    mat_gauss(T, r, 0, 1);
    net_fwd f = net_fwd_alloc(&nt, nb);
    net_grad g = net_grad_alloc(&nt, nb);
    net_forward(&nt, X, &f);
    net_error(&f, T, E);
    net_backward(&nt, &f, E, FB_BP, 1.0, &g);

    unsigned char s0[256], sp[256], sm[256];
    loss(&nt, X, T, &f, s0);
    const float h = 1e-2f;
    size_t checked = 0;
    for (size_t l = 0; l <= nt.depth; l++) {
        /* l < depth: W_l; l == depth: every bias */
        for (size_t b = 1; l == nt.depth && b <= nt.depth; b++)
            for (size_t j = 0; j < nt.b[b].cols; j++) {
                float *w = &nt.b[b].v[j], w0 = *w;
                *w = w0 + h;
                double lp = loss(&nt, X, T, &f, sp);
                *w = w0 - h;
                double lm = loss(&nt, X, T, &f, sm);
                *w = w0;
                if (memcmp(sp, s0, sizeof s0) || memcmp(sm, s0, sizeof s0))
                    continue;   /* a kink between w - h and w + h */
                double fd = -(lp - lm) / (2.0 * ((double)(w0 + h) - w0));
                double an = g.db[b].v[j];
                cr_assert(fabs(fd - an) <= 2e-3 * fabs(an) + 2e-4,
                          "bias %zu[%zu]: finite difference %g, backprop %g", b, j, fd, an);
                checked++;
            }
        if (l == nt.depth)
            break;
        for (size_t i = 0; i < nt.W[l].rows; i++)
            for (size_t j = 0; j < nt.W[l].cols; j++) {
                float *w = mat_at(nt.W[l], i, j), w0 = *w;
                *w = w0 + h;
                double lp = loss(&nt, X, T, &f, sp);
                *w = w0 - h;
                double lm = loss(&nt, X, T, &f, sm);
                *w = w0;
                if (memcmp(sp, s0, sizeof s0) || memcmp(sm, s0, sizeof s0))
                    continue;
                double fd = -(lp - lm) / (2.0 * ((double)(w0 + h) - w0));
                double an = *mat_at(g.dW[l], i, j);
                cr_assert(fabs(fd - an) <= 2e-3 * fabs(an) + 2e-4,
                          "W%zu[%zu][%zu]: finite difference %g, backprop %g", l, i, j, fd, an);
                checked++;
            }
    }
    cr_assert(checked > 40, "only %zu weights away from kinks", checked);
    net_grad_free(&g);
    net_fwd_free(&f);
    mat_free(&X);
    mat_free(&T);
    mat_free(&E);
    net_free(&nt);
    rng_free(r);
}

Test(net, bp_matches_finite_differences_relu) { check_fd(ACT_RELU, ACT_LINEAR); }
Test(net, bp_matches_finite_differences_tanh_relu) { check_fd(ACT_TANH_RELU, ACT_TANH_RELU); }

Test(net, weight_normalisation_sets_every_column)
{
    gsl_rng *r = rng_stream(3, 0, 0);
    size_t widths[] = {225, 50, 50, 50};
    net nt = net_create(3, widths, ACT_TANH_RELU, ACT_TANH_RELU, 0, 0);
    net_init_gauss(&nt, r, 0.1);
    double gammas[] = {1.0, 0.6, 2.5};
    for (size_t k = 0; k < FA_ARRAY_LEN(gammas); k++) {
        net_colnorm(&nt, gammas[k]);
        for (size_t l = 0; l < nt.depth; l++)
            for (size_t j = 0; j < nt.W[l].cols; j++) {
                double ss = 0;
                for (size_t i = 0; i < nt.W[l].rows; i++)
                    ss += (double)*mat_at(nt.W[l], i, j) * *mat_at(nt.W[l], i, j);
                cr_assert(fabs(sqrt(ss) - gammas[k]) < 1e-6 * gammas[k],
                          "layer %zu column %zu: norm %.9g, gamma %g", l, j, sqrt(ss), gammas[k]);
            }
    }
    net_free(&nt);
    rng_free(r);
}

Test(net, angles)
{
    mat a = mat_alloc(2, 3), b = mat_alloc(2, 3), bt = mat_alloc(3, 2);
    mat_fill(a, 1.0f);
    mat_fill(b, 1.0f);
    *mat_at(b, 0, 0) = -1.0f;   /* cos = 4/6 */
    cr_assert(fabs(mat_angle(a, b) - acos(4.0 / 6.0) * 180 / M_PI) < 1e-9);
    cr_assert(mat_angle(a, a) < 1e-6, "an angle with itself is 0 (the cosine is clipped)");
    mat_transpose(bt, b);
    cr_assert(mat_angle_t(a, bt) == mat_angle(a, b));
    mat_fill(b, 0.0f);
    cr_assert(isnan(mat_angle(a, b)), "a zero matrix has no angle");
    mat_free(&a);
    mat_free(&b);
    mat_free(&bt);
}

Test(net, preact_is_the_forward_step)
{
    /* with the net's own input and weights, net_preact gives the forward
     * pass's Z bit for bit, with and without bias; other weights change it */
    for (int bias = 0; bias <= 1; bias++) {
        gsl_rng *r = rng_stream(5, (uint64_t)bias, 0);
        net nt = make_net(ACT_TANH_RELU, ACT_LINEAR, bias, r);
        mat X = mat_alloc(7, 6), Z = mat_alloc(7, 4), W = mat_alloc(5, 4);
        mat_gauss(X, r, 0.0, 1.0);
        net_fwd f = net_fwd_alloc(&nt, 7);
        net_forward(&nt, X, &f);
        net_preact(Z, &nt, f.L[1], nt.W[1], 2);
        cr_assert(memcmp(Z.v, f.Z[2].v, 7 * 4 * sizeof(float)) == 0, "bias %d", bias);
        mat_copy(W, nt.W[1]);
        *mat_at(W, 0, 0) += 1.0f;
        net_preact(Z, &nt, f.L[1], W, 2);
        cr_assert(memcmp(Z.v, f.Z[2].v, 7 * 4 * sizeof(float)) != 0);
        mat_free(&X), mat_free(&Z), mat_free(&W);
        net_fwd_free(&f);
        net_free(&nt);
        rng_free(r);
    }
}
