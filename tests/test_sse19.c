/* test_sse19.c — the sse19 network (experiments/sse19/lif_net.h): the LIF
 * rate curve and its derivative against finite differences away from the
 * threshold, the NEF initialisation, the BP updates against finite
 * differences of the loss (plain and weight-normalised parametrisation),
 * the augmented gradient leaving ||p|| unchanged to first order, the
 * least-squares decoders against GSL, and Delta phi on hand-made direction
 * sets. */
#include <criterion/criterion.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <string.h>

#include "core.h"
#include "../experiments/sse19/lif_net.h"

/* ---- rate curve ---------------------------------------------------------------- */

Test(sse19, rate_curve_values)
{
    cr_assert(lif_rate(1.0) == 0 && lif_rate(0.3) == 0 && lif_rate(-2) == 0);
    cr_assert(fabs(lif_rate(2.0) - 1.0 / (2.0 / 3.0 + log(2.0))) < 1e-15);
    cr_assert(fabs(lif_rate(1e6) - 1.5) < 1e-5, "saturates at 1/tau_ref");
    for (double a = 0.05; a < 1.45; a += 0.1)
        cr_assert(fabs(lif_rate(lif_current(a)) - a) < 1e-9 * a, "G(G^-1(%g))", a);
    cr_assert(lif_current(0) == 1.0, "zero rate at the threshold current");
}

Test(sse19, rate_derivative_matches_finite_differences)
{
    /* away from the threshold: J >= 1 + LIF_DJ, where no capping happens */
    double Js[] = {1 + LIF_DJ + 1e-3, 1.1, 1.3, 2, 3.5, 10, 100};
    for (size_t i = 0; i < FA_ARRAY_LEN(Js); i++) {
        double J = Js[i], h = 1e-6 * (J - 1);
        double fd = (lif_rate(J + h) - lif_rate(J - h)) / (2 * h);
        cr_assert(fabs(lif_rate_deriv(J) - fd) < 1e-6 * fabs(fd), "J = %g: %g vs %g", J,
                  lif_rate_deriv(J), fd);
    }
    /* below threshold zero; just above, the slope is capped at G'(1 + LIF_DJ) */
    cr_assert(lif_rate_deriv(0.5) == 0 && lif_rate_deriv(1.0) == 0);
    double cap = lif_rate_deriv(1 + LIF_DJ);
    cr_assert(lif_rate_deriv(1 + 1e-9) == cap && lif_rate_deriv(1 + LIF_DJ / 2) == cap);
    cr_assert(cap > lif_rate_deriv(1 + 2 * LIF_DJ), "the curve is steepest at the cap");
}

/* ---- network helpers ------------------------------------------------------------- */

enum { D = 3, N = 6, K = 2, B = 9 };

static lif_net make_net(gsl_rng *r, double pscale)
{
    lif_net net = lif_net_alloc(D, N, K);
    lif_nef_init(&net, r);
    mat_scale(net.P, (float)pscale);
    mat_gauss(net.D, r, 0, 0.5);
    return net;
}

/* Inputs and targets; inputs in the unit ball (the NEF's radius), drawn
 * again while some neuron's J is within 2 LIF_DJ of the threshold, so that
 * G' is exact and finite differences do not cross the kink. */
static void make_data(gsl_rng *r, const lif_net *net, lif_norm norm, mat X, mat T)
{
    float gamma[N];
    lif_gains(net, norm, gamma);
    for (size_t s = 0; s < X.rows; s++) {
        mat x = mat_rows(X, s, 1);
        for (int ok = 0; !ok;) {
            mat_gauss(x, r, 0, 0.4);
            ok = 1;
            for (size_t i = 0; i < N; i++) {
                double dot = 0;
                for (size_t j = 0; j < D; j++)
                    dot += (double)*mat_at(x, 0, j) * *mat_at(net->P, j, i);
                ok &= fabs(gamma[i] * dot + net->beta[i] - 1) > 2 * LIF_DJ;
            }
        }
    }
    mat_gauss(T, r, 0, 0.5);
}

/* Batch mean of 1/2 ||y - t||^2 in double, with P in double (d x n,
 * column-major in p[j * N + i] = P_ji) and gamma as the mode says. */
static double loss(const lif_net *net, lif_norm norm, const double *p, mat X, mat T)
{
    double L = 0;
    for (size_t r = 0; r < X.rows; r++) {
        double y[K] = {0};
        for (size_t i = 0; i < N; i++) {
            double dot = 0, pn = 0;
            for (size_t j = 0; j < D; j++) {
                dot += p[j * N + i] * *mat_at(X, r, j);
                pn += p[j * N + i] * p[j * N + i];
            }
            double gamma = norm == NORM_AUG ? net->alpha[i] / sqrt(pn) : net->alpha[i];
            double J = gamma * dot + net->beta[i];
            for (size_t c = 0; c < K; c++)
                y[c] += lif_rate(J) * *mat_at(net->D, i, c);
        }
        for (size_t c = 0; c < K; c++)
            L += 0.5 * (y[c] - *mat_at(T, r, c)) * (y[c] - *mat_at(T, r, c));
    }
    return L / (double)X.rows;
}

/* Delta P of one lif_step with the slope deriv, in double. */
static void step_delta_with(lif_net *net, lif_norm norm, feedback fb, double eta, mat X,
                            mat T, lif_deriv deriv, double *dp)
{
    lif_train_cfg c = {norm, fb, eta, B, 1, 1e-2, deriv};
    lif_work w = lif_work_alloc(net, B, B, 0);
    mat P0 = mat_alloc(D, N);
    mat_copy(P0, net->P);
    lif_step(net, &c, X, T, &w);
    for (size_t j = 0; j < D; j++)
        for (size_t i = 0; i < N; i++)
            dp[j * N + i] = (double)*mat_at(net->P, j, i) - *mat_at(P0, j, i);
    mat_copy(net->P, P0);
    mat_free(&P0);
    lif_work_free(&w);
}

static void step_delta(lif_net *net, lif_norm norm, feedback fb, double eta, mat X, mat T,
                       double *dp)
{
    step_delta_with(net, norm, fb, eta, X, T, DERIV_CAPPED, dp);
}

/* A network (P scaled by pscale) with a batch of data for it. */
typedef struct fixture {
    lif_net net;
    mat X, T;
} fixture;

static fixture fixture_make(gsl_rng *r, double pscale, lif_norm norm)
{
    fixture f = {make_net(r, pscale), mat_alloc(B, D), mat_alloc(B, K)};
    make_data(r, &f.net, norm, f.X, f.T);
    return f;
}

static void fixture_free(fixture *f)
{
    mat_free(&f->X), mat_free(&f->T);
    lif_net_free(&f->net);
}

/* BP's update is -eta times the gradient of the loss with respect to p:
 * with gamma = alpha (NONE) and with gamma = alpha/||p|| (AUG, eqs. 4-6). */
static void check_bp_gradient(lif_norm norm)
{
    gsl_rng *r = rng_stream(11, norm, 0);
    for (int trial = 0; trial < 3; trial++) {
        fixture f = fixture_make(r, norm == NORM_AUG ? 1.4 : 1.0, norm);
        lif_net net = f.net;
        mat X = f.X, T = f.T;
        double p[D * N], dp[D * N], eta = 1e-3;
        for (size_t j = 0; j < D; j++)
            for (size_t i = 0; i < N; i++)
                p[j * N + i] = *mat_at(net.P, j, i);
        step_delta(&net, norm, FB_BP, eta, X, T, dp);
        double num = 0, den = 0;
        for (size_t q = 0; q < D * N; q++) {
            double h = 1e-6, save = p[q];
            p[q] = save + h;
            double lp = loss(&net, norm, p, X, T);
            p[q] = save - h;
            double lm = loss(&net, norm, p, X, T);
            p[q] = save;
            double g = (lp - lm) / (2 * h);
            num += (dp[q] + eta * g) * (dp[q] + eta * g);
            den += eta * g * eta * g;
        }
        cr_assert(den > 0 && sqrt(num / den) < 1e-3, "mode %s: relative error %g",
                  lif_norm_name[norm], sqrt(num / den));
        fixture_free(&f);
    }
    rng_free(r);
}

Test(sse19, bp_update_is_the_gradient) { check_bp_gradient(NORM_NONE); }
Test(sse19, augmented_bp_update_is_the_gradient_of_the_normalised_loss)
{
    check_bp_gradient(NORM_AUG);
}

/* sse19 eq. 6 is orthogonal to p: ||p + s dp|| = ||p|| + O(s^2). Without the
 * augmentation the first-order change is there (so the check can fail). */
Test(sse19, augmented_update_keeps_the_norm_to_first_order)
{
    gsl_rng *r = rng_stream(12, 0, 0);
    fixture f = fixture_make(r, 1.7, NORM_AUG);
    lif_net net = f.net;
    mat X = f.X, T = f.T;
    lif_norm modes[] = {NORM_AUG, NORM_NONE};
    for (size_t m = 0; m < 2; m++) {
        double dp[D * N];
        step_delta(&net, modes[m], FB_FA, 5.0, X, T, dp);
        double worst = 0;
        for (size_t i = 0; i < N; i++) {
            double pn = 0, dn = 0, dot = 0;
            for (size_t j = 0; j < D; j++) {
                double pj = *mat_at(net.P, j, i), dj = dp[j * N + i];
                pn += pj * pj, dn += dj * dj, dot += pj * dj;
            }
            /* d/ds ||p + s dp|| at s = 0, relative to ||dp|| */
            worst = fmax(worst, fabs(dot / sqrt(pn)) / sqrt(dn));
        }
        if (modes[m] == NORM_AUG)
            cr_assert(worst < 1e-5, "augmented: directional derivative %g", worst);
        else
            cr_assert(worst > 1e-2, "plain update: %g (expected a first-order change)", worst);
    }
    /* and the second-order growth is what orthogonality predicts */
    double dp[D * N];
    step_delta(&net, NORM_AUG, FB_FA, 5.0, X, T, dp);
    for (size_t i = 0; i < N; i++) {
        double pn2 = 0, grown2 = 0, dn2 = 0;
        for (size_t j = 0; j < D; j++) {
            double pj = *mat_at(net.P, j, i), dj = dp[j * N + i];
            pn2 += pj * pj, dn2 += dj * dj, grown2 += (pj + dj) * (pj + dj);
        }
        cr_assert(fabs(grown2 - (pn2 + dn2)) < 1e-5 * pn2, "neuron %zu", i);
    }
    fixture_free(&f);
    rng_free(r);
}

Test(sse19, forced_normalisation_gives_unit_directions)
{
    gsl_rng *r = rng_stream(13, 0, 0);
    fixture f = fixture_make(r, 1.0, NORM_FORCED);
    lif_net net = f.net;
    lif_train_cfg c = {NORM_FORCED, FB_FA, 5.0, B, 1, 1e-2, DERIV_CAPPED};
    lif_work w = lif_work_alloc(&net, B, B, 0);
    lif_step(&net, &c, f.X, f.T, &w);
    for (size_t i = 0; i < N; i++) {
        double pn = 0;
        for (size_t j = 0; j < D; j++)
            pn += (double)*mat_at(net.P, j, i) * *mat_at(net.P, j, i);
        cr_assert(fabs(sqrt(pn) - 1) < 1e-6);
    }
    lif_work_free(&w);
    fixture_free(&f);
    rng_free(r);
}

/* ---- NEF initialisation ----------------------------------------------------------- */

Test(sse19, nef_init_reaches_max_rate_at_p)
{
    gsl_rng *r = rng_stream(14, 0, 0);
    lif_net net = lif_net_alloc(2, 200, 3);
    lif_nef_init(&net, r);
    for (size_t i = 0; i < net.n; i++) {
        double pn = hypot(*mat_at(net.P, 0, i), *mat_at(net.P, 1, i));
        cr_assert(fabs(pn - 1) < 1e-6, "unit preferred direction");
        /* rate at x = p is the maximum rate, in [0.5, 1] */
        double amax = lif_rate(net.alpha[i] + net.beta[i]);
        cr_assert(amax > 0.5 - 1e-5 && amax < 1 + 1e-5, "a_max %g", amax);
        /* the intercept xi = (1 - beta)/alpha lies in (-1, 1) */
        double xi = (1 - net.beta[i]) / net.alpha[i];
        cr_assert(xi > -1 && xi < 1 && net.alpha[i] > 0);
        double en = 0;
        for (size_t c = 0; c < net.k; c++)
            en += (double)*mat_at(net.E, i, c) * *mat_at(net.E, i, c);
        cr_assert(fabs(en - 1) < 1e-6, "unit error direction");
    }
    lif_net_free(&net);
    rng_free(r);
}

/* ---- least squares ------------------------------------------------------------------ */

/* A = U diag(sv) V^T with random orthonormal U (m x n) and V (n x n). */
static void make_system(gsl_rng *r, const double *sv, size_t m, size_t n, mat A)
{
    gsl_matrix *U = gsl_matrix_alloc(m, n), *V = gsl_matrix_alloc(n, n);
    gsl_matrix *Q = gsl_matrix_alloc(n, n);
    gsl_vector *s = gsl_vector_alloc(n), *wk = gsl_vector_alloc(n);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(U, i, j, rng_gauss(r));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(V, i, j, rng_gauss(r));
    gsl_linalg_SV_decomp(U, Q, s, wk);           /* U <- orthonormal columns */
    gsl_linalg_SV_decomp(V, Q, s, wk);           /* V <- orthogonal */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double a = 0;
            for (size_t e = 0; e < n; e++)
                a += gsl_matrix_get(U, i, e) * sv[e] * gsl_matrix_get(V, j, e);
            *mat_at(A, i, j) = (float)a;
        }
    gsl_matrix_free(U), gsl_matrix_free(V), gsl_matrix_free(Q);
    gsl_vector_free(s), gsl_vector_free(wk);
}

/* || D - Dref ||_F / || Dref ||_F */
static double rel_diff(mat Dm, const gsl_matrix *ref)
{
    double err = 0, nrm = 0;
    for (size_t i = 0; i < Dm.rows; i++)
        for (size_t c = 0; c < Dm.cols; c++) {
            double d = *mat_at(Dm, i, c) - gsl_matrix_get(ref, i, c);
            err += d * d, nrm += gsl_matrix_get(ref, i, c) * gsl_matrix_get(ref, i, c);
        }
    return sqrt(err / nrm);
}

enum { LM = 400, LN = 9, LK = 2 };

Test(sse19, lsq_recovers_an_exact_solution)
{
    /* T = A Xtrue exactly (in float): the fit must give Xtrue back */
    gsl_rng *r = rng_stream(15, 0, 0);
    size_t m = 1200;   /* more rows than one Gram chunk */
    mat A = mat_alloc(m, LN), Xt = mat_alloc(LN, LK), T = mat_alloc(m, LK);
    mat Dm = mat_alloc(LN, LK);
    mat_uniform(A, r, 0, 1);
    mat_gauss(Xt, r, 0, 1);
    gemm_nn_f32(m, LK, LN, 1.0f, A.v, A.ld, Xt.v, Xt.ld, 0.0f, T.v, T.ld);
    lif_lsq ls = lif_lsq_alloc(LN, LK);
    cr_assert(lif_lsq_solve(&ls, A, T, 1e-3, Dm) == LN);
    for (size_t i = 0; i < LN; i++)
        for (size_t c = 0; c < LK; c++)
            cr_assert(fabs(*mat_at(Dm, i, c) - *mat_at(Xt, i, c)) < 1e-3,
                      "D[%zu][%zu] = %g, expected %g", i, c, *mat_at(Dm, i, c),
                      *mat_at(Xt, i, c));
    lif_lsq_free(&ls);
    mat_free(&A), mat_free(&Xt), mat_free(&T), mat_free(&Dm);
    rng_free(r);
}

Test(sse19, lsq_matches_gsl_least_squares)
{
    /* singular values 1 .. 0.05: nothing truncated at rcond 1e-2, so the
     * decoders are GSL's least-squares fit of each output */
    const double sv[LN] = {1, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.07, 0.05};
    gsl_rng *r = rng_stream(16, 0, 0);
    mat A = mat_alloc(LM, LN), T = mat_alloc(LM, LK), Dm = mat_alloc(LN, LK);
    make_system(r, sv, LM, LN, A);
    mat_gauss(T, r, 0, 1);
    lif_lsq ls = lif_lsq_alloc(LN, LK);
    cr_assert(lif_lsq_solve(&ls, A, T, 1e-2, Dm) == LN);
    gsl_matrix *Ad = gsl_matrix_alloc(LM, LN), *cov = gsl_matrix_alloc(LN, LN);
    gsl_matrix *ref = gsl_matrix_alloc(LN, LK);
    gsl_vector *y = gsl_vector_alloc(LM);
    gsl_multifit_linear_workspace *mw = gsl_multifit_linear_alloc(LM, LN);
    for (size_t i = 0; i < LM; i++)
        for (size_t j = 0; j < LN; j++)
            gsl_matrix_set(Ad, i, j, *mat_at(A, i, j));
    for (size_t c = 0; c < LK; c++) {
        double chisq;
        for (size_t i = 0; i < LM; i++)
            gsl_vector_set(y, i, *mat_at(T, i, c));
        gsl_vector_view col = gsl_matrix_column(ref, c);
        gsl_multifit_linear(Ad, y, &col.vector, cov, &chisq, mw);
    }
    cr_assert(rel_diff(Dm, ref) < 1e-4, "relative difference %g", rel_diff(Dm, ref));
    gsl_multifit_linear_free(mw);
    gsl_matrix_free(Ad), gsl_matrix_free(cov), gsl_matrix_free(ref), gsl_vector_free(y);
    lif_lsq_free(&ls);
    mat_free(&A), mat_free(&T), mat_free(&Dm);
    rng_free(r);
}

Test(sse19, lsq_truncates_like_numpy_rcond)
{
    /* the reference is the truncated SVD solution from GSL's SVD of A:
     * sum over s_e > rcond s_max of v_e (u_e^T t) / s_e */
    const double sv[LN] = {1, 0.7, 0.5, 0.3, 0.2, 0.1, 0.05, 3e-3, 1e-3};
    gsl_rng *r = rng_stream(17, 0, 0);
    mat A = mat_alloc(LM, LN), T = mat_alloc(LM, LK), Dm = mat_alloc(LN, LK);
    make_system(r, sv, LM, LN, A);
    mat_gauss(T, r, 0, 1);
    gsl_matrix *U = gsl_matrix_alloc(LM, LN), *V = gsl_matrix_alloc(LN, LN);
    gsl_matrix *ref = gsl_matrix_alloc(LN, LK);
    gsl_vector *s = gsl_vector_alloc(LN), *wk = gsl_vector_alloc(LN);
    for (size_t i = 0; i < LM; i++)
        for (size_t j = 0; j < LN; j++)
            gsl_matrix_set(U, i, j, *mat_at(A, i, j));
    gsl_linalg_SV_decomp(U, V, s, wk);
    lif_lsq ls = lif_lsq_alloc(LN, LK);
    const double rconds[] = {1e-2, 0.25, 0.9};
    const size_t ranks[] = {7, 4, 1};
    for (size_t q = 0; q < FA_ARRAY_LEN(rconds); q++) {
        cr_assert(lif_lsq_solve(&ls, A, T, rconds[q], Dm) == ranks[q], "rcond %g",
                  rconds[q]);
        gsl_matrix_set_zero(ref);
        for (size_t e = 0; e < ranks[q]; e++)
            for (size_t c = 0; c < LK; c++) {
                double ut = 0;
                for (size_t j = 0; j < LM; j++)
                    ut += gsl_matrix_get(U, j, e) * *mat_at(T, j, c);
                for (size_t i = 0; i < LN; i++)
                    *gsl_matrix_ptr(ref, i, c) +=
                        gsl_matrix_get(V, i, e) * ut / gsl_vector_get(s, e);
            }
        cr_assert(rel_diff(Dm, ref) < 1e-4, "rcond %g: relative difference %g", rconds[q],
                  rel_diff(Dm, ref));
    }
    gsl_matrix_free(U), gsl_matrix_free(V), gsl_matrix_free(ref);
    gsl_vector_free(s), gsl_vector_free(wk);
    lif_lsq_free(&ls);
    mat_free(&A), mat_free(&T), mat_free(&Dm);
    rng_free(r);
}

/* ---- Delta phi ------------------------------------------------------------------------ */

static double dphi_of(double (*v)[2], size_t n)
{
    mat P = mat_alloc(2, n);
    for (size_t i = 0; i < n; i++)
        *mat_at(P, 0, i) = (float)v[i][0], *mat_at(P, 1, i) = (float)v[i][1];
    double d = lif_dphi(P);
    mat_free(&P);
    return d;
}

Test(sse19, dphi_on_hand_made_sets)
{
    double diag[][2] = {{1, 1}, {-2, 2}, {-0.5, -0.5}, {3, -3}};
    cr_assert(dphi_of(diag, 4) < 1e-7, "on the diagonals: 0");
    double axes[][2] = {{1, 0}, {0, 2}, {-1, 0}, {0, -0.3}};
    cr_assert(fabs(dphi_of(axes, 4) - M_PI_4) < 1e-7, "on the axes: pi/4");
    /* 30° -> 15°, 100° -> 10° (from 135°? no: from 135° it is 35°, from 45° it is 55°:
     * nearest is 135° at 35°), -170° -> 35° (from -135°), 50° -> 5° */
    double deg[] = {30, 100, -170, 50};
    double want[] = {15, 35, 35, 5};
    double v[4][2], mean = 0;
    for (int i = 0; i < 4; i++) {
        v[i][0] = 2 * cos(deg[i] * M_PI / 180), v[i][1] = 2 * sin(deg[i] * M_PI / 180);
        cr_assert(fabs(dphi_of(&v[i], 1) - want[i] * M_PI / 180) < 1e-6, "%g°", deg[i]);
        mean += want[i] / 4;
    }
    cr_assert(fabs(dphi_of(v, 4) - mean * M_PI / 180) < 1e-6, "mean over the set");
    /* directions spread evenly on the circle: pi/8 */
    enum { M = 720 };
    static double ring[M][2];
    for (int i = 0; i < M; i++)
        ring[i][0] = cos(2 * M_PI * (i + 0.5) / M), ring[i][1] = sin(2 * M_PI * (i + 0.5) / M);
    cr_assert(fabs(dphi_of(ring, M) - M_PI / 8) < 1e-6, "uniform: pi/8");
}

/* The paper's slope (f' = 1 where the neuron fires, 0 elsewhere): one BP
 * step equals -eta alpha_i mean_batch [J_i > 1] <D_i, y - t> x, computed here
 * in double; and it differs from the capped G' step (so the option acts). */
Test(sse19, step_slope_update_is_the_papers_rule)
{
    gsl_rng *r = rng_stream(13, 0, 0);
    fixture f = fixture_make(r, 1.0, NORM_NONE);
    lif_net net = f.net;
    mat X = f.X, T = f.T;
    double eta = 0.5, dp[D * N], dcap[D * N], want[D * N] = {0};
    step_delta_with(&net, NORM_NONE, FB_BP, eta, X, T, DERIV_STEP, dp);
    step_delta_with(&net, NORM_NONE, FB_BP, eta, X, T, DERIV_CAPPED, dcap);
    for (size_t s = 0; s < B; s++) {
        double J[N], y[K] = {0};
        for (size_t i = 0; i < N; i++) {
            double dot = 0;
            for (size_t j = 0; j < D; j++)
                dot += (double)*mat_at(X, s, j) * *mat_at(net.P, j, i);
            J[i] = net.alpha[i] * dot + net.beta[i];
            for (size_t c = 0; c < K; c++)
                y[c] += lif_rate(J[i]) * *mat_at(net.D, i, c);
        }
        for (size_t i = 0; i < N; i++) {
            double e = 0;
            for (size_t c = 0; c < K; c++)
                e += *mat_at(net.D, i, c) * (y[c] - *mat_at(T, s, c));
            for (size_t j = 0; j < D; j++)
                want[j * N + i] -= eta * net.alpha[i] * (J[i] > 1) * e *
                                   *mat_at(X, s, j) / (double)B;
        }
    }
    double num = 0, den = 0, diff = 0;
    for (size_t q = 0; q < D * N; q++) {
        num += (dp[q] - want[q]) * (dp[q] - want[q]);
        den += want[q] * want[q];
        diff += (dp[q] - dcap[q]) * (dp[q] - dcap[q]);
    }
    cr_assert(den > 0 && sqrt(num / den) < 1e-4, "relative error %g", sqrt(num / den));
    cr_assert(sqrt(diff / den) > 0.1, "the step and capped slopes give the same update");
    fixture_free(&f);
    rng_free(r);
}
