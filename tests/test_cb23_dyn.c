/* test_cb23_dyn.c — the idealised dynamics of cb23 (sec. 2.2): least squares
 * recovers an exact linear map, the regression gradient dL_R/dH matches
 * finite differences, FA's direct error shrinks by exactly (1 - mu B.W)^2 per
 * step, and TF's trajectory is H0 + t mu Y B. */
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "../experiments/cb23/dyn.h"
#include "../experiments/cb23/linreg.h"
#include "core.h"

Test(dyn, least_squares_recovers_an_exact_map)
{
    enum { N = 40, D = 3, P = 2 };
    gsl_rng *r = rng_stream(31, 0, 0);
    double X[N * D], Y[N * P], coef[(D + 1) * P], fit[N * P];
    const double c[(D + 1) * P] = {1, -2, 0.5, 3, -1, 0, 0.25, -0.75};   /* last row: intercept */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < D; j++)
            X[i * D + j] = gsl_ran_gaussian(r, 1.0);
        for (size_t k = 0; k < P; k++) {
            Y[i * P + k] = c[D * P + k];
            for (size_t j = 0; j < D; j++)
                Y[i * P + k] += X[i * D + j] * c[j * P + k];
        }
    }
    linreg(coef, fit, X, Y, N, D, P, 1);
    for (size_t i = 0; i < (D + 1) * P; i++)
        cr_assert_float_eq(coef[i], c[i], 1e-10);
    for (size_t i = 0; i < N * P; i++)
        cr_assert_float_eq(fit[i], Y[i], 1e-10);
    rng_free(r);
}

Test(dyn, regression_gradient_matches_finite_differences)
{
    enum { N = 30, M = 4 };
    gsl_rng *r = rng_stream(31, 1, 0);
    double H[N * M], Y[N], G[N * M], theta[M];
    for (size_t i = 0; i < N * M; i++)
        H[i] = gsl_ran_flat(r, -0.5, 0.5);
    for (size_t i = 0; i < N; i++)
        Y[i] = gsl_ran_flat(r, -0.5, 0.5) + 0.3 * H[i * M];
    dyn_regression(theta, G, H, Y, N, M);
    for (size_t i = 0; i < N * M; i += 7) {
        double h0 = H[i], h = 1e-6;
        H[i] = h0 + h;
        double lp = N * dyn_regression(theta, NULL, H, Y, N, M);
        H[i] = h0 - h;
        double lm = N * dyn_regression(theta, NULL, H, Y, N, M);
        H[i] = h0;
        double fd = (lp - lm) / (2 * h);
        cr_assert(fabs(fd - G[i]) < 1e-6 + 1e-5 * fabs(G[i]), "G[%zu]: fd %g, formula %g", i, fd, G[i]);
    }
    rng_free(r);
}

enum { N = 200, M = 6, STEPS = 8 };

Test(dyn, fa_direct_error_shrinks_by_one_minus_mu_bw)
{
    double H0[N * M], Y[N], W[M], out[(STEPS + 1) * D_COUNT], B[M];
    gsl_rng *rb = rng_stream(31, 2, 1), *rb2 = rng_stream(31, 2, 1);
    dyn_start(H0, Y, W, N, M, 31);
    double bw = 0;
    for (size_t j = 0; j < M; j++)   /* the B that dyn_run will draw first from the same stream */
        B[j] = gsl_ran_gaussian_ziggurat(rb2, 1.0), bw += B[j] * W[j];
    dyn_run(out, DYN_FA, H0, Y, W, N, M, STEPS, 0.2, 0, rb);
    double f = (1 - 0.2 * bw) * (1 - 0.2 * bw);
    for (size_t t = 0; t < STEPS; t++)
        cr_assert_float_eq(out[(t + 1) * D_COUNT + D_DIRECT], f * out[t * D_COUNT + D_DIRECT],
                           1e-9 * out[t * D_COUNT + D_DIRECT]);
    cr_assert(out[D_ANGLE] == out[D_ANGLE0], "at t = 0 both angles use the same signal");
    rng_free(rb), rng_free(rb2);
}

Test(dyn, tf_moves_along_y_b)
{
    double H0[N * M], Y[N], W[M], out[(STEPS + 1) * D_COUNT], B[M], H[N * M], theta[M];
    gsl_rng *rb = rng_stream(31, 3, 1), *rb2 = rng_stream(31, 3, 1);
    dyn_start(H0, Y, W, N, M, 32);
    for (size_t j = 0; j < M; j++)
        B[j] = gsl_ran_gaussian_ziggurat(rb2, 1.0);
    dyn_run(out, DYN_TF, H0, Y, W, N, M, STEPS, 0.2, 1, rb);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < M; j++)
            H[i * M + j] = H0[i * M + j] + STEPS * 0.2 * Y[i] * B[j];
    double want = dyn_regression(theta, NULL, H, Y, N, M);
    cr_assert_float_eq(out[STEPS * D_COUNT + D_RESID], want, 1e-9 * want);
    cr_assert(out[STEPS * D_COUNT + D_RESID] < out[D_RESID], "TF lowers the regression loss");
    cr_assert(isfinite(out[D_MI]) && out[D_MI] >= 0);
    rng_free(rb), rng_free(rb2);
}
