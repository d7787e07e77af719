/* test_cb23_model.c — cb23's encoder/decoder network: BP gradients (weights,
 * biases, activation scales, input) against finite differences; the decoder's
 * feedback paths FA / TF / NF / NFA: their shapes and degenerate cases; TF's
 * entropy term against its direct O(n^2) definition and finite differences;
 * and what the switches freeze. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "../experiments/cb23/model.h"
#include "core.h"

enum { NB = 6 };
static const size_t widths[] = {5, 4, 3, 2};   /* two encoder layers, decoder 3 -> 2 */

static cb_model make_model(cb_feedback fb, cb_output out, int seed)
{
    cb_spec spec = {fb, out, 1, 1, 0.0, 0.0, 1e-3};
    gsl_rng *ri = rng_stream((uint64_t)seed, 0, 0), *rf = rng_stream((uint64_t)seed, 0, 1);
    cb_model m = cb_model_create(&spec, 2, widths, NB, ri, rf);
    m.scale[0] = 1.3f, m.scale[1] = 0.8f;   /* away from 1, so the scale matters */
    rng_free(ri), rng_free(rf);
    return m;
}

static void data(mat X, mat Y, int seed)
{
    gsl_rng *r = rng_stream((uint64_t)seed, 1, 0);
    mat_gauss(X, r, 0.0, 1.0);
    mat_uniform(Y, r, 0.0, 1.0);
    rng_free(r);
}

static double loss_at(cb_model *m, cb_cache *c, mat X, mat Y)
{
    cb_forward(m, X, c);
    return cb_loss(c, Y);
}

/* central difference of the loss in the float *p */
static double fd(cb_model *m, cb_cache *c, mat X, mat Y, float *p)
{
    const float h = 1e-2f;
    float p0 = *p;
    *p = p0 + h;
    double lp = loss_at(m, c, X, Y);
    *p = p0 - h;
    double lm = loss_at(m, c, X, Y);
    *p = p0;
    return (lp - lm) / (2.0 * h);
}

static void check(double fdv, double an, const char *what, size_t i)
{
    cr_assert(fabs(fdv - an) <= 2e-3 * fabs(an) + 2e-5, "%s[%zu]: finite difference %g, backprop %g",
              what, i, fdv, an);
}

static void check_bp_gradients(cb_output out)
{
    cb_model m = make_model(CB_BP, out, 3);
    cb_cache c = cb_cache_alloc(&m, NB);
    mat X = mat_alloc(NB, 5), Y = mat_alloc(NB, 2), dX = mat_alloc(NB, 5);
    data(X, Y, 3);
    cb_forward(&m, X, &c);
    cb_backward(&m, &c, X, Y, 0.5, dX, NULL);
    for (size_t l = 0; l < 2; l++) {
        dense *d = &m.enc[l];
        for (size_t i = 0; i < d->W.rows * d->W.cols; i++)
            check(fd(&m, &c, X, Y, &d->W.v[i]), d->dW.v[i], "encoder W", i);
        for (size_t i = 0; i < d->b.cols; i++)
            check(fd(&m, &c, X, Y, &d->b.v[i]), d->db.v[i], "encoder b", i);
        check(fd(&m, &c, X, Y, &m.scale[l]), m.dscale[l], "scale", l);
    }
    for (size_t i = 0; i < 6; i++)
        check(fd(&m, &c, X, Y, &m.dec.W.v[i]), m.dec.dW.v[i], "decoder W", i);
    for (size_t i = 0; i < 2; i++)
        check(fd(&m, &c, X, Y, &m.dec.b.v[i]), m.dec.db.v[i], "decoder b", i);
    for (size_t i = 0; i < NB * 5; i++)
        check(fd(&m, &c, X, Y, &X.v[i]), dX.v[i], "input", i);
    mat_free(&X), mat_free(&Y), mat_free(&dX);
    cb_cache_free(&c);
    cb_model_free(&m);
}

Test(cb23_model, bp_matches_finite_differences_sigmoid) { check_bp_gradients(OUT_SIGMOID); }
Test(cb23_model, bp_matches_finite_differences_identity) { check_bp_gradients(OUT_IDENTITY); }

/* dH of a path for a given G */
static mat apply(cb_fbpath *p, mat Wo, mat G, gsl_rng *noise)
{
    mat dH = mat_alloc(G.rows, p->in);
    cb_fbpath_apply(p, Wo, G, dH, noise);
    return dH;
}

static int same(mat a, mat b) { return memcmp(a.v, b.v, a.rows * a.cols * sizeof(float)) == 0; }

Test(cb23_model, fa_with_transposed_weights_is_bp)
{
    gsl_rng *r = rng_stream(9, 0, 0);
    cb_fbpath bp = cb_fbpath_alloc(CB_BP, 7, 3, 11, 0.0, r);
    cb_fbpath fa = cb_fbpath_alloc(CB_FA, 7, 3, 11, 0.0, r);
    mat Wo = mat_alloc(7, 3), G = mat_alloc(11, 3);
    mat_gauss(Wo, r, 0, 1), mat_gauss(G, r, 0, 1);
    mat_transpose(fa.F, Wo);
    mat a = apply(&bp, Wo, G, r), b = apply(&fa, Wo, G, r);
    cr_assert(a.rows == 11 && a.cols == 7);
    cr_assert(same(a, b), "FA with F = Wo^T differs from BP");
    mat_free(&a), mat_free(&b), mat_free(&Wo), mat_free(&G);
    cb_fbpath_free(&bp), cb_fbpath_free(&fa);
    rng_free(r);
}

Test(cb23_model, nfa_is_fa_plus_bounded_fresh_noise)
{
    gsl_rng *r = rng_stream(9, 1, 0), *r2 = rng_stream(9, 1, 0);
    cb_fbpath fa = cb_fbpath_alloc(CB_FA, 4, 2, 5, 0.0, r);
    cb_fbpath n0 = cb_fbpath_alloc(CB_NFA, 4, 2, 5, 0.0, r2);   /* same F, a = 0 */
    mat G = mat_alloc(5, 2), none = {0, 0, 0, NULL};
    mat_gauss(G, r, 0, 1);
    mat a = apply(&fa, none, G, r), b = apply(&n0, none, G, r);
    cr_assert(same(a, b), "NFA with a = 0 differs from FA");
    n0.amp = 0.1;
    mat c = apply(&n0, none, G, r), d = apply(&n0, none, G, r);
    cr_assert(!same(c, d), "NFA must draw fresh noise at every call");
    for (size_t i = 0; i < 5; i++) {
        double bound = 0.05 * (fabs(*mat_at(G, i, 0)) + fabs(*mat_at(G, i, 1))) + 1e-6;
        for (size_t j = 0; j < 4; j++) {
            double dev = fabs(*mat_at(c, i, j) - *mat_at(a, i, j));
            cr_assert(dev <= bound && dev > 0, "NFA deviation %g, bound %g", dev, bound);
        }
    }
    mat_free(&a), mat_free(&b), mat_free(&c), mat_free(&d), mat_free(&G);
    cb_fbpath_free(&fa), cb_fbpath_free(&n0);
    rng_free(r), rng_free(r2);
}

Test(cb23_model, tf_removes_the_batch_mean)
{
    gsl_rng *r = rng_stream(9, 2, 0);
    cb_fbpath tf = cb_fbpath_alloc(CB_TF, 6, 2, 8, 0.0, r);
    mat G = mat_alloc(8, 2), none = {0, 0, 0, NULL};
    mat_gauss(G, r, 0, 1);
    mat d = apply(&tf, none, G, r);
    for (size_t j = 0; j < 6; j++) {
        double s = 0, a = 0;
        for (size_t i = 0; i < 8; i++)
            s += *mat_at(d, i, j), a += fabs(*mat_at(d, i, j));
        cr_assert(fabs(s) < 1e-5 * a && a > 0, "column %zu: sum %g", j, s);
    }
    /* identical rows (one class only): nothing is left to send */
    for (size_t i = 1; i < 8; i++)
        memcpy(mat_at(G, i, 0), mat_at(G, 0, 0), 2 * sizeof(float));
    mat z = apply(&tf, none, G, r);
    for (size_t i = 0; i < 8 * 6; i++)
        cr_assert(z.v[i] == 0.0f, "TF of a constant batch is %g, not 0", z.v[i]);
    mat_free(&d), mat_free(&z), mat_free(&G);
    cb_fbpath_free(&tf);
    rng_free(r);
}

Test(cb23_model, nf_is_linear_for_small_errors_and_bounded_for_large)
{
    gsl_rng *r = rng_stream(9, 3, 0);
    cb_fbpath nf = cb_fbpath_alloc(CB_NF, 5, 3, 4, 0.0, r);
    cb_fbpath lin = cb_fbpath_alloc(CB_FA, 5, 3, 4, 0.0, r);
    /* F = F1 F2 (3 x 5): the linear path NF approaches for small G */
    gemm_nn_f32(3, 5, NF_HIDDEN, 1.0f, nf.F1.v, nf.F1.ld, nf.F2.v, nf.F2.ld, 0.0f, lin.F.v, lin.F.ld);
    mat G = mat_alloc(4, 3), none = {0, 0, 0, NULL};
    mat_gauss(G, r, 0, 1e-4);
    mat a = apply(&nf, none, G, r), b = apply(&lin, none, G, r);
    cr_assert(a.rows == 4 && a.cols == 5);
    double num = 0, den = 0;
    for (size_t i = 0; i < 20; i++)
        num += (a.v[i] - b.v[i]) * (a.v[i] - b.v[i]), den += b.v[i] * b.v[i];
    cr_assert(sqrt(num / den) < 1e-4, "NF vs linear: relative difference %g", sqrt(num / den));
    mat_scale(G, 1e6f);   /* saturated: |tanh| <= 1 bounds every element */
    mat c = apply(&nf, none, G, r);
    for (size_t j = 0; j < 5; j++) {
        double bound = 0;
        for (size_t k = 0; k < NF_HIDDEN; k++)
            bound += fabs(*mat_at(nf.F2, k, j));
        for (size_t i = 0; i < 4; i++)
            cr_assert(fabs(*mat_at(c, i, j)) <= bound * (1 + 1e-6));
    }
    mat_free(&a), mat_free(&b), mat_free(&c), mat_free(&G);
    cb_fbpath_free(&nf), cb_fbpath_free(&lin);
    rng_free(r);
}

/* the entropy term by its definition: K formed explicitly */
static double entropy_direct(mat H)
{
    size_t n = H.rows, d = H.cols;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            double dot = 0, ni = 0, nk = 0;
            for (size_t j = 0; j < d; j++) {
                double a = *mat_at(H, i, j), b = *mat_at(H, k, j);
                dot += a * b, ni += a * a, nk += b * b;
            }
            double e = dot / sqrt(ni * nk) - (i == k);
            s += e * e;
        }
    return s / (double)(n * n);
}

Test(cb23_model, entropy_term_value_and_gradient)
{
    gsl_rng *r = rng_stream(9, 4, 0);
    mat H = mat_alloc(7, 3), dH = mat_alloc(7, 3);
    mat_gauss(H, r, 0.3, 1.0);
    double w = 2.5, v = cb_entropy_term(H, w, dH);
    cr_assert_float_eq(v, w * entropy_direct(H), 1e-6 * v);
    for (size_t i = 0; i < 21; i++) {
        float h0 = H.v[i], h = 1e-3f;
        H.v[i] = h0 + h;
        double lp = w * entropy_direct(H);
        H.v[i] = h0 - h;
        double lm = w * entropy_direct(H);
        H.v[i] = h0;
        double f = (lp - lm) / ((double)(h0 + h) - (double)(h0 - h));
        cr_assert(fabs(f - dH.v[i]) <= 2e-3 * fabs(f) + 1e-5, "dH[%zu]: fd %g, analytic %g", i, f,
                  dH.v[i]);
    }
    mat_free(&H), mat_free(&dH);
    rng_free(r);
}

Test(cb23_model, tf_sends_nothing_when_everything_is_right)
{
    cb_model m = make_model(CB_TF, OUT_SIGMOID, 4);
    cb_cache c = cb_cache_alloc(&m, NB);
    mat X = mat_alloc(NB, 5), Y = mat_alloc(NB, 2), none = {0, 0, 0, NULL};
    data(X, Y, 4);
    cb_forward(&m, X, &c);
    cb_backward(&m, &c, X, Y, 1.0, none, NULL);   /* accuracy 1: modulator 0 */
    cr_assert(mat_norm(m.enc[0].dW) == 0.0 && mat_norm(m.enc[1].dW) == 0.0);
    cr_assert(mat_norm(m.dec.dW) > 0.0, "the decoder still learns its MSE");
    cb_backward(&m, &c, X, Y, 0.5, none, NULL);
    cr_assert(mat_norm(m.enc[0].dW) > 0.0);
    mat_free(&X), mat_free(&Y);
    cb_cache_free(&c);
    cb_model_free(&m);
}

Test(cb23_model, switches_freeze_what_they_say)
{
    for (int k = 0; k < 2; k++) {
        cb_model m = make_model(CB_FA, OUT_SIGMOID, 5);
        m.spec.learn_scale = k, m.spec.learn_decoder = k;
        cb_cache c = cb_cache_alloc(&m, NB);
        mat X = mat_alloc(NB, 5), Y = mat_alloc(NB, 2), none = {0, 0, 0, NULL};
        data(X, Y, 5);
        mat W0 = mat_alloc(3, 2), E0 = mat_alloc(5, 4);
        mat_copy(W0, m.dec.W), mat_copy(E0, m.enc[0].W);
        float s0 = m.scale[0];
        cb_forward(&m, X, &c);
        cb_backward(&m, &c, X, Y, 0.5, none, NULL);
        cb_step(&m);
        cr_assert(same(W0, m.dec.W) == !k, "decoder %s", k ? "must learn" : "must stay");
        cr_assert((s0 == m.scale[0]) == !k, "scale %s", k ? "must learn" : "must stay");
        cr_assert(!same(E0, m.enc[0].W), "the encoder always learns");
        mat_free(&X), mat_free(&Y), mat_free(&W0), mat_free(&E0);
        cb_cache_free(&c);
        cb_model_free(&m);
    }
}

Test(cb23_model, tanh_on_the_kernels)
{
    /* contiguous (one long row) and strided views, both signs, zero */
    mat Z = mat_alloc(5, 7), A = mat_alloc(5, 7), T = mat_alloc(5, 7);
    for (size_t i = 0; i < 35; i++)
        Z.v[i] = (float)((double)i - 17.0) * 0.37f;
    mat zs = {4, 5, 7, Z.v}, as = {4, 5, 7, A.v}, ts = {4, 5, 7, T.v};
    cb_tanh(A, Z, T);
    for (size_t i = 0; i < 35; i++) {
        double want = tanh((double)Z.v[i]);
        cr_assert(fabs(A.v[i] - want) <= 2e-7 * fabs(want) + 1e-30, "tanh(%g) = %.9g, want %.9g",
                  Z.v[i], A.v[i], want);
    }
    cr_assert(A.v[17] == 0.0f);
    mat B = mat_alloc(5, 7);
    mat_copy(B, A);
    mat_fill(A, 9.0f);
    cb_tanh(as, zs, ts);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 7; j++)
            cr_assert(*mat_at(A, i, j) == (j < 5 ? *mat_at(B, i, j) : 9.0f));
    mat_free(&Z), mat_free(&A), mat_free(&T), mat_free(&B);
}
