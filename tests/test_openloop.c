/* test_openloop.c — the maths behind rs21's open-loop figures (rs21-fig1 to
 * fig4, figS1) and hs23-fig3: the skew part of M turns B^T by exactly 90°
 * (rs21 eq. 31), the eigenvalues of E^T X X^T E are >= -eps with exactly
 * n_o - rank of them at zero, the open-loop network's angles and schedules,
 * and the NaN-skipping series statistics. (The ACF of eq. 34: test_stats.c;
 * FA = BP when B = W^T: test_net.c; rs21-fig2 and hs23-fig3 on every path:
 * test_programs.c.) */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "../experiments/rs21/openloop.h"

/* ---- eqs. 28-31: the skew-symmetric part turns B^T by 90° ----------------- */

Test(openloop, skew_part_is_orthogonal)
{
    gsl_rng *r = rng_stream(11, 0, 0);
    size_t sizes[][2] = {{5, 7}, {50, 100}, {33, 17}};   /* n_o, n_h */
    for (size_t s = 0; s < FA_ARRAY_LEN(sizes); s++) {
        size_t no = sizes[s][0], nh = sizes[s][1];
        mat M = mat_alloc(no, no), S = mat_alloc(no, no), K = mat_alloc(no, no);
        mat B = mat_alloc(no, nh), Bt = mat_alloc(nh, no), P = mat_alloc(nh, no);
        mat_gauss(M, r, 0.3, 1);   /* not symmetric, with a symmetric mean part */
        mat_gauss(B, r, 0, 1);
        mat_transpose(Bt, B);
        sym_skew_split(S, K, M);
        for (size_t i = 0; i < no; i++)
            for (size_t j = 0; j < no; j++) {
                cr_assert(*mat_at(S, i, j) == *mat_at(S, j, i), "M_sym not symmetric");
                cr_assert(*mat_at(K, i, j) == -*mat_at(K, j, i), "M_skew not antisymmetric");
                /* a + b and a - b round once each: one ulp of |a| + |b| */
                float m = *mat_at(M, i, j), mt = *mat_at(M, j, i);
                float sum = *mat_at(S, i, j) + *mat_at(K, i, j);
                cr_assert(fabsf(sum - m) <= 1.2e-7f * (fabsf(m) + fabsf(mt)), "sym + skew != M");
            }
        gemm_nn_f32(nh, no, no, 1.0f, Bt.v, Bt.ld, K.v, K.ld, 0.0f, P.v, P.ld);
        double a = mat_angle(Bt, P);
        cr_assert(fabs(a - 90) < 1e-3, "n_o %zu: B^T ∠ B^T M_skew = %.9f°", no, a);
        /* the whole M does not: the check can fail */
        gemm_nn_f32(nh, no, no, 1.0f, Bt.v, Bt.ld, M.v, M.ld, 0.0f, P.v, P.ld);
        cr_assert(fabs(mat_angle(Bt, P) - 90) > 1e-2);
        mat *m[] = {&M, &S, &K, &B, &Bt, &P};
        for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
            mat_free(m[i]);
    }
    rng_free(r);
}

/* ---- Suppl. Note 3: E^T X X^T E is positive semidefinite --------------------- */

Test(openloop, psd_product_eigenvalues)
{
    gsl_rng *r = rng_stream(13, 0, 0);
    /* n_i, n_o, n_b: rank-deficient and well-conditioned full-rank products
     * (a square product has genuinely tiny eigenvalues, no structural zeros) */
    size_t dims[][3] = {{10, 30, 20}, {30, 10, 20}, {60, 10, 40}, {60, 25, 5}};
    for (size_t d = 0; d < FA_ARRAY_LEN(dims); d++) {
        size_t ni = dims[d][0], no = dims[d][1], nb = dims[d][2];
        size_t rank = ni < no ? ni : no;
        rank = rank < nb ? rank : nb;
        mat X = mat_alloc(nb, ni), E = mat_alloc(nb, no), P = mat_alloc(ni, no), M = mat_alloc(no, no);
        mat_gauss(X, r, 0, 1);
        mat_gauss(E, r, 0, 1);
        gemm_tn_f32(ni, no, nb, 1.0f, X.v, X.ld, E.v, E.ld, 0.0f, P.v, P.ld);
        gemm_tn_f32(no, no, ni, 1.0f, P.v, P.ld, P.v, P.ld, 0.0f, M.v, M.ld);
        double *ev = malloc(no * sizeof *ev), mx = -INFINITY, mn = INFINITY, sum = 0, tr = 0;
        sym_eigenvalues(ev, M, 1.0);
        for (size_t i = 0; i < no; i++)
            mx = fmax(mx, ev[i]), mn = fmin(mn, ev[i]), sum += ev[i], tr += *mat_at(M, i, i);
        size_t zeros = 0;
        for (size_t i = 0; i < no; i++)
            zeros += fabs(ev[i]) < 1e-5 * mx;
        cr_assert(mn >= -1e-5 * mx, "dims %zu: smallest eigenvalue %g, largest %g", d, mn, mx);
        cr_assert(zeros == no - rank, "dims %zu: %zu zero eigenvalues, expected %zu", d, zeros,
                  no - rank);
        cr_assert(fabs(sum - tr) <= 1e-9 * tr, "eigenvalues do not sum to the trace");
        free(ev);
        mat_free(&X), mat_free(&E), mat_free(&P), mat_free(&M);
    }
    rng_free(r);
}

/* ---- the open-loop network ------------------------------------------------------ */

Test(openloop, silent_outputs_give_an_undefined_angle)
{
    gsl_rng *r = rng_stream(15, 0, 0);
    openloop o;
    openloop_init(&o, 9, 7, 4, 6, 0.01, r);
    mat_fill(o.nt.W[1], -1.0f);   /* L_1 >= 0, so Z_2 <= 0; strictly < 0 unless L_1 = 0 */
    mat X = mat_alloc(6, 9), E = mat_alloc(6, 4);
    mat_fill(X, 1.0f);
    mat_fill(o.nt.W[0], 0.5f);    /* L_1 > 0: every output unit silent */
    mat_gauss(E, r, 0, 1);
    openloop_grads(&o, X, E);
    cr_assert(isnan(openloop_dw0_angle(&o)), "no update, no angle");
    mat_free(&X), mat_free(&E);
    openloop_free(&o);
    rng_free(r);
}

Test(openloop, signal_schedules)
{
    rand_stream s = rng_rand_stream(16, 0, 0), copy;
    rand_stream *r = &s;
    mat S = mat_alloc(3, 4), prev = mat_alloc(3, 4);
    size_t bytes = 12 * sizeof(float);
    /* every 2 iterations: kept at odd k, redrawn at even k */
    signal_spec every2 = {2, 0, 0};
    for (size_t k = 0; k < 6; k++) {
        mat_copy(prev, S);
        signal_step(S, &every2, k, r);
        int same = memcmp(prev.v, S.v, bytes) == 0;
        cr_assert(k % 2 ? same : !same, "k = %zu", k);
    }
    /* beta = 1 keeps S and draws nothing */
    signal_spec fixed = {0, 1.0, 0};
    copy = s;
    mat_copy(prev, S);
    signal_step(S, &fixed, 3, r);
    cr_assert(memcmp(prev.v, S.v, bytes) == 0);
    cr_assert(rand_word(r) == rand_word(&copy), "beta = 1 consumed random numbers");
    /* AR(1): S = beta S + (1 - beta) (mean + z) elementwise, z from the stream */
    signal_spec ar = {0, 0.8, 0.5};
    copy = s;
    mat_copy(prev, S);
    signal_step(S, &ar, 5, r);
    float zs[12];
    rand_normal_f32(&copy, 12, zs);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++) {
            double z = 0.5 + (double)zs[i * 4 + j];
            float want = (float)(0.8 * *mat_at(prev, i, j) + 0.2 * z);
            cr_assert(*mat_at(S, i, j) == want);
        }
    mat_free(&S), mat_free(&prev);
}

static void check_unit_columns(const openloop *o, mat X, mat E, void *ctx)
{
    (void)X, (void)E, (void)ctx;
    for (size_t l = 0; l < 2; l++) {
        mat W = o->nt.W[l];
        for (size_t j = 0; j < W.cols; j++) {
            double ss = 0;
            for (size_t i = 0; i < W.rows; i++)
                ss += (double)*mat_at(W, i, j) * *mat_at(W, i, j);
            cr_assert(fabs(sqrt(ss) - 0.7) < 1e-6, "k %zu, W_%zu column %zu: norm %g", o->k, l, j,
                      sqrt(ss));
        }
    }
}

Test(openloop, runs_are_reproducible_and_wn_holds)
{
    openloop_case c = {8, 6, 3, 5, 20, 0.01, 0.7, 0, {0, 0.5, 0}, {2, 0, 0.1}, 0};
    double a[20], b[20], d[20], e[20];
    openloop_run(&c, 3, 1, a, d, check_unit_columns, NULL);
    openloop_run(&c, 3, 1, b, e, NULL, NULL);
    cr_assert(memcmp(a, b, sizeof a) == 0 && memcmp(d, e, sizeof d) == 0);
    openloop_run(&c, 3, 2, b, e, NULL, NULL);
    cr_assert(memcmp(a, b, sizeof a) != 0, "another repetition, another run");
}

/* ---- series statistics skip undefined points -------------------------------------- */

Test(openloop, series_skip_nan)
{
    /* 3 repetitions of 4 points */
    double x[] = {1, 2, NAN, 4,
                  3, NAN, NAN, 8,
                  5, 6, 7, NAN};
    double mean[4], band[4];
    series_band(x, 3, 4, 1, 0, mean, band);
    cr_assert(mean[0] == 3 && mean[1] == 4 && mean[2] == 7 && mean[3] == 6);
    cr_assert(fabs(band[0] - 2 / sqrt(3.0)) < 1e-15 && band[2] == 0);
    /* trailing moving average of 2, per repetition, then across */
    series_band(x, 3, 4, 2, 1, mean, band);
    /* rep 0: 1, 1.5, 2, 4; rep 1: 3, 3, NaN, 8; rep 2: 5, 5.5, 6.5, 7 */
    cr_assert(fabs(mean[1] - (1.5 + 3 + 5.5) / 3) < 1e-15);
    cr_assert(fabs(mean[2] - (2 + 6.5) / 2) < 1e-15);
    cr_assert(fabs(band[2] - sqrt(2 * 2.25 * 2.25)) < 1e-12, "SD of {2, 6.5}");
    size_t defined;
    double f = series_final(x, 3, 4, 2, &defined);   /* rep means 4, 8, 7 */
    cr_assert(defined == 3 && fabs(f - (4 + 8 + 7) / 3.0) < 1e-15);
}
