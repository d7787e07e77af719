/* test_deepmnist.c — rs21's deep MNIST runs: alignment terms from the history
 * ring against a direct evaluation on a tiny network (and their first-order
 * sum against the actual update), label smoothing, the code change at an
 * epoch, measurements that do not disturb training, the setup constructor.
 * (The programs themselves: test_mnist_programs.c.) */
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "../experiments/rs21/deepmnist.h"

enum { NB = 7, K = 6, HIST = 4 };
static const size_t widths[] = {6, 5, 4, 3};

/* Copies of everything the terms need, per iteration, kept independently of
 * the ring. */
typedef struct snap {
    mat L[3], delta[4], W[3], b[4];
} snap;

static double fprime(double z) { return z > 0 ? 1 - tanh(z) * tanh(z) : 0; }
static double f(double z) { return z > 0 ? tanh(z) : 0; }

/* zeta = L W + b, in double */
static double zeta(const snap *now, const snap *past_w, size_t l, size_t i, size_t j)
{
    mat L = now->L[l - 1], W = past_w->W[l - 1];
    double z = now->b[l].v[j];
    for (size_t p = 0; p < L.cols; p++)
        z += (double)*mat_at(L, i, p) * *mat_at(W, p, j);
    return z;
}

/* rs21 eq. 21 (authors' code) straight from the definition, in double. */
static void direct_term(double *T, const snap *now, const snap *past, size_t l, double eta)
{
    mat Lk = now->L[l - 1], Lp = past->L[l - 1], dp = past->delta[l], up = now->delta[l + 1];
    size_t nl = dp.cols, nprev = Lk.cols, nnext = up.cols;
    for (size_t j = 0; j < nl; j++)
        for (size_t m = 0; m < nnext; m++) {
            double t = 0;
            for (size_t i = 0; i < NB; i++) {
                double M = 0;   /* (delta^T L[k-o] L[k]^T)_{j,i} */
                for (size_t p = 0; p < nprev; p++) {
                    double A = 0;
                    for (size_t q = 0; q < NB; q++)
                        A += (double)*mat_at(dp, q, j) * *mat_at(Lp, q, p);
                    M += A * *mat_at(Lk, i, p);
                }
                t += fprime(zeta(now, past, l, i, j)) * M * *mat_at(up, i, m);
            }
            T[j * nnext + m] = eta * eta * t;
        }
}

static void direct_sup(double *T, const snap *now, const snap *w, size_t l, double eta)
{
    mat up = now->delta[l + 1];
    for (size_t j = 0; j < widths[l]; j++)
        for (size_t m = 0; m < up.cols; m++) {
            double t = 0;
            for (size_t i = 0; i < NB; i++)
                t += f(zeta(now, w, l, i, j)) * *mat_at(up, i, m);
            T[j * up.cols + m] = eta * t;
        }
}

static void take(snap *s, const net *nt, const net_fwd *fw, const net_grad *g)
{
    for (size_t l = 0; l < 3; l++) {
        s->L[l] = mat_alloc(NB, widths[l]);
        mat_copy(s->L[l], fw->L[l]);
        s->W[l] = mat_alloc(widths[l], widths[l + 1]);
        mat_copy(s->W[l], nt->W[l]);
        s->delta[l + 1] = mat_alloc(NB, widths[l + 1]);
        mat_copy(s->delta[l + 1], g->delta[l + 1]);
        s->b[l + 1] = mat_alloc(1, widths[l + 1]);
        mat_copy(s->b[l + 1], nt->b[l + 1]);
    }
}

static void snap_free(snap *s)
{
    for (size_t l = 0; l < 3; l++) {
        mat_free(&s->L[l]);
        mat_free(&s->W[l]);
        mat_free(&s->delta[l + 1]);
        mat_free(&s->b[l + 1]);
    }
}

static double rel_err(mat T, const double *ref)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < T.rows; i++)
        for (size_t j = 0; j < T.cols; j++) {
            double d = *mat_at(T, i, j) - ref[i * T.cols + j];
            num += d * d;
            den += ref[i * T.cols + j] * ref[i * T.cols + j];
        }
    return sqrt(num / den);
}

/* Train a 6-5-4-3 tanh∘ReLU net with bias by FA for K iterations on fresh
 * random batches; at the last iteration compare the ring's terms with the
 * direct evaluation for every layer and lag. */
static void check_terms(double eta, int taylor)
{
    gsl_rng *r = rng_stream(11, 0, 0);
    net nt = net_create(3, widths, ACT_TANH_RELU, ACT_TANH_RELU, 1, 1);
    net_init_gauss(&nt, r, 0.8);
    for (size_t l = 1; l <= 3; l++)   /* positive biases keep the units alive */
        mat_uniform(nt.b[l], r, 0.2, 0.6);
    mat X = mat_alloc(NB, 6), Y = mat_alloc(NB, 3), E = mat_alloc(NB, 3);
    net_fwd fw = net_fwd_alloc(&nt, NB);
    net_grad g = net_grad_alloc(&nt, NB);
    dm_hist h = dm_hist_alloc(&nt, NB, HIST);
    dm_scratch sc = dm_scratch_alloc(&nt, NB);
    snap s[K];
    mat T = {0};
    double ref[64], ref2[64];
    for (size_t k = 0; k < K; k++) {
        mat_uniform(X, r, 0, 1);
        mat_uniform(Y, r, 0, 1);
        net_forward(&nt, X, &fw);
        net_error(&fw, Y, E);
        net_backward(&nt, &fw, E, FB_FA, eta, &g);
        take(&s[k], &nt, &fw, &g);
        if (k == K - 1)
            for (size_t l = 1; l < 3; l++) {
                T = mat_alloc(widths[l], widths[l + 1]);
                for (size_t o = 1; o <= K - 1; o++) {
                    const dm_hist_entry *e = dm_hist_get(&h, k - o);
                    if (o > HIST) {
                        cr_assert_null(e, "lag %zu is beyond the ring", o);
                        continue;
                    }
                    cr_assert_not_null(e);
                    dm_align_term(T, &nt, &fw, &g, e, l, eta, &sc);
                    direct_term(ref, &s[k], &s[k - o], l, eta);
                    cr_assert(rel_err(T, ref) < 1e-5, "layer %zu lag %zu: %g", l, o,
                              rel_err(T, ref));
                }
                dm_sup_term(T, &nt, &fw, &g, s[0].W[l - 1], l, eta, &sc);
                direct_sup(ref, &s[k], &s[0], l, eta);
                cr_assert(rel_err(T, ref) < 1e-5, "sup term, layer %zu", l);
                if (taylor) {
                    /* eq. 20 to first order: ΔW_l[k] ≈ T^1_sup[k] + T^1[k] */
                    direct_sup(ref, &s[k], &s[k - 1], l, eta);
                    direct_term(ref2, &s[k], &s[k - 1], l, eta);
                    double num = 0, den = 0;
                    for (size_t i = 0; i < widths[l] * widths[l + 1]; i++) {
                        double d = g.dW[l].v[i] - ref[i] - ref2[i];
                        num += d * d;
                        den += ref2[i] * ref2[i];
                    }
                    cr_assert(sqrt(num / den) < 0.05,
                              "layer %zu: ΔW - T_sup - T^1 is %.3g of |T^1|", l, sqrt(num / den));
                }
                mat_free(&T);
            }
        dm_hist_push(&h, k, &nt, &fw, &g);
        net_apply(&nt, &g);
    }
    for (size_t k = 0; k < K; k++)
        snap_free(&s[k]);
    dm_scratch_free(&sc);
    dm_hist_free(&h);
    net_grad_free(&g);
    net_fwd_free(&fw);
    mat_free(&X), mat_free(&Y), mat_free(&E);
    net_free(&nt);
    rng_free(r);
}

Test(deepmnist, align_terms_match_direct_evaluation) { check_terms(0.3, 0); }

Test(deepmnist, terms_add_up_to_the_update_to_first_order) { check_terms(2e-3, 1); }

Test(deepmnist, label_smoothing)
{
    gsl_rng *r = rng_stream(3, 0, 1);
    mat codes = mat_alloc(10, 50), Y = mat_alloc(4, 50), Ys = mat_alloc(4, 50);
    nhot_codes(r, 5, codes);
    const uint8_t labels[4] = {3, 0, 9, 3};
    dm_targets(Y, codes, labels, 0);
    dm_targets(Ys, codes, labels, 1);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 50; j++) {
            float c = *mat_at(codes, labels[i], j);
            cr_assert_eq(*mat_at(Y, i, j), c);
            /* the authors' code: y <- 0.95 y + 0.05, ones stay 1, zeros become 0.05 */
            cr_assert_float_eq(*mat_at(Ys, i, j), c ? 1.0f : 0.05f, 1e-7);
        }
    mat_free(&codes), mat_free(&Y), mat_free(&Ys);
    rng_free(r);
}

/* Random "images" and labels: 2 training and 1 test batch. */
static dm_data fake_data(void)
{
    char err[256];   /* the fastest path: the results are the same on every path */
    cr_assert(kernels_init(err, sizeof err) == 0, "%s", err);
    dm_data d = {2 * DM_BATCH, DM_BATCH, mat_alloc(2 * DM_BATCH, 225), mat_alloc(DM_BATCH, 225),
                 malloc(2 * DM_BATCH), malloc(DM_BATCH)};
    gsl_rng *r = rng_stream(5, 0, 0);
    mat_uniform(d.Xtrain, r, 0, 1);
    mat_uniform(d.Xtest, r, 0, 1);
    for (size_t i = 0; i < 2 * DM_BATCH; i++)
        d.ytrain[i] = (uint8_t)gsl_rng_uniform_int(r, 10);
    for (size_t i = 0; i < DM_BATCH; i++)
        d.ytest[i] = (uint8_t)gsl_rng_uniform_int(r, 10);
    rng_free(r);
    return d;
}

static dm_setup small_setup(void) { return dm_setup_rs21("t", 50, FB_FA, 5e-4, 4); }

Test(deepmnist, rs21_setup_constructor)
{
    /* the defaults every rs21/hs23 figure relies on (Methods 4.1-4.3, authors' code) */
    dm_setup s = dm_setup_rs21("w100", 100, FB_BP, 3e-4, 7);
    cr_assert(s.width == 100 && s.nhot == 10 && s.fb == FB_BP && s.eta == 3e-4 && s.epochs == 7);
    cr_assert(s.bias == 1 && s.init_sd == 0.1 && s.wn == DM_WN_NONE && s.gamma == 0);
    cr_assert(!s.norm_b && !s.match_b && !s.smoothing && !s.relabel_epoch && !s.measure);
    cr_assert(!s.accuracy_only);
    cr_assert(dm_setup_rs21("w50", 50, FB_FA, 5e-4, 1).nhot == 5);
    dm_setup_wn(&s, DM_WN_LAYER, 7.07, 1);
    cr_assert(s.wn == DM_WN_LAYER && s.gamma == 7.07 && s.norm_b == 1);
}

static int same(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

Test(deepmnist, code_change_at_an_epoch, .timeout = 60)
{
    dm_data d = fake_data();
    dm_setup s = small_setup(), c = small_setup();
    c.relabel_epoch = 2;
    dm_record a, b;
    dm_run(&a, &s, &d, 1, 0, NULL);
    dm_run(&b, &c, &d, 1, 0, NULL);
    /* identical before the change ... */
    cr_assert(same(a.acc, b.acc, 2) && same(a.loss, b.loss, 2));
    cr_assert(same(a.wb, b.wb, 2 * 2 * DM_DEPTH), "the weights before epoch 2 agree");
    /* ... and different from the first iteration of epoch 2 on */
    cr_assert(a.loss[2] != b.loss[2], "the new code changes the targets of epoch 2");
    cr_assert(same(a.wb, b.wb, (2 * 2 + 1) * DM_DEPTH), "iteration 4 still starts from the same W");
    cr_assert(!same(a.wb + 5 * DM_DEPTH, b.wb + 5 * DM_DEPTH, DM_DEPTH), "then W differs");
    dm_record_free(&a), dm_record_free(&b);
    dm_data_free(&d);
}

Test(deepmnist, accuracy_only_skips_the_weight_angles, .timeout = 60)
{
    dm_data d = fake_data();
    dm_setup s = small_setup(), q = small_setup();
    dm_setup_wn(&s, DM_WN_NEURON, 1.0, 0);
    q = s, q.accuracy_only = 1;
    dm_record a, b;
    dm_run(&a, &s, &d, 3, 0, NULL);
    dm_run(&b, &q, &d, 3, 0, NULL);
    cr_assert(same(a.acc, b.acc, 4) && same(a.loss, b.loss, 4), "the same training");
    cr_assert(a.wb && a.wnorm && !b.wb && !b.wnorm, "W ∠ B^T and ||W|| are not measured");
    dm_record_free(&a), dm_record_free(&b);
    dm_data_free(&d);
}

Test(deepmnist, measurements_do_not_change_training, .timeout = 60)
{
    dm_data d = fake_data();
    static const size_t ks[] = {1, 3, 5}, sw[] = {6};
    dm_setup s = small_setup(), m = small_setup();
    m.measure = DM_M_DW | DM_M_TERMS | DM_M_TRACE | DM_M_SHADOW | DM_M_FRESH | DM_M_ZOUT;
    m.term_iters = ks, m.n_term_iters = 3, m.sweep_iters = sw, m.n_sweep_iters = 1;
    m.sweep_lags = 5, m.trace_elems = 2, m.zout_epoch = 1;
    dm_record a, b;
    dm_run(&a, &s, &d, 2, 1, NULL);
    dm_run(&b, &m, &d, 2, 1, NULL);
    cr_assert(same(a.acc, b.acc, 4) && same(a.loss, b.loss, 4));
    cr_assert(same(a.wb, b.wb, 8 * DM_DEPTH) && same(a.wnorm, b.wnorm, 8 * DM_DEPTH));
    for (size_t k = 0; k < 8; k++)   /* the top layer's FA and BP updates are the same */
        cr_assert(b.dw[k * DM_DEPTH + 4] < 1e-3);
    cr_assert(isnan(b.terms[(0 * DM_DEPTH + 1) * DM_T_COUNT + DM_T_60]), "no lag 60 at k = 1");
    cr_assert(isfinite(b.terms[(2 * DM_DEPTH + 2) * DM_T_COUNT + DM_T_1]));
    cr_assert(isfinite(b.sweep[(4 * DM_DEPTH) + 3]));
    /* the fresh-feedback network has used no B'' before k = 0, some from k = 1 on */
    cr_assert(isnan(b.shadow_fresh[1]) && isfinite(b.shadow_fresh[DM_DEPTH + 1]));
    dm_record_free(&a), dm_record_free(&b);
    dm_data_free(&d);
}
