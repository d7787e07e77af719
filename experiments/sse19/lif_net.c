#include "lif_net.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "rng.h"
#include "util.h"

const char *const lif_norm_name[3] = {"none", "forced", "augmented"};
const char *const lif_deriv_name[2] = {"capped", "step"};

/* Rows of the Gram matrix summed in float per GEMM call (then in double). */
enum { LSQ_CHUNK = 500 };

/* ---- rate curve ------------------------------------------------------------ */

double lif_rate(double J)
{
    return J > 1 ? 1.0 / (LIF_TAU_REF + log(J / (J - 1))) : 0.0;
}

/* G'(J) given a = G(J), capped as lif_net.h says. */
static double deriv_from_rate(double J, double a)
{
    if (!(J > 1))
        return 0.0;
    if (J < 1 + LIF_DJ) {
        J = 1 + LIF_DJ;
        a = lif_rate(J);
    }
    return a * a / (J * (J - 1));
}

double lif_rate_deriv(double J) { return deriv_from_rate(J, lif_rate(J)); }

double lif_current(double a)
{
    /* 1/a - tau_ref = ln(J / (J - 1))  <=>  J = 1 / (1 - exp(tau_ref - 1/a)) */
    return a > 0 ? 1.0 / -expm1(LIF_TAU_REF - 1.0 / a) : 1.0;
}

/* ---- network ----------------------------------------------------------------- */

lif_net lif_net_alloc(size_t d, size_t n, size_t k)
{
    lif_net net = {d, n, k, mat_alloc(d, n), fa_calloc(n, sizeof(float)),
                   fa_calloc(n, sizeof(float)), mat_alloc(n, k), mat_alloc(n, k)};
    return net;
}

void lif_net_free(lif_net *net)
{
    mat_free(&net->P);
    mat_free(&net->E);
    mat_free(&net->D);
    free(net->alpha);
    free(net->beta);
    memset(net, 0, sizeof *net);
}

/* v[0], v[stride], ... v[(len-1) stride] scaled to unit length, in double. */
static void unit_vector(float *v, size_t len, size_t stride)
{
    double ss = 0;
    for (size_t i = 0; i < len; i++)
        ss += (double)v[i * stride] * v[i * stride];
    double s = 1.0 / sqrt(ss);
    for (size_t i = 0; i < len; i++)
        v[i * stride] = (float)(v[i * stride] * s);
}

void lif_nef_init(lif_net *net, gsl_rng *r)
{
    mat_gauss(net->P, r, 0, 1);
    for (size_t i = 0; i < net->n; i++)
        unit_vector(mat_at(net->P, 0, i), net->d, net->P.ld);
    double *xi = fa_malloc(net->n * sizeof *xi);
    for (size_t i = 0; i < net->n; i++) {
        xi[i] = sqrt(gsl_ran_beta(r, 0.5, 0.5 * (double)(net->d + 1)));
        if (gsl_rng_uniform(r) < 0.5)
            xi[i] = -xi[i];
    }
    for (size_t i = 0; i < net->n; i++) {
        double jmax = lif_current(0.5 + 0.5 * gsl_rng_uniform(r));
        double alpha = (jmax - 1) / (1 - xi[i]);
        net->alpha[i] = (float)alpha;
        net->beta[i] = (float)(jmax - alpha);
    }
    free(xi);
    mat_gauss(net->E, r, 0, 1);
    for (size_t i = 0; i < net->n; i++)
        unit_vector(mat_at(net->E, i, 0), net->k, 1);
    mat_fill(net->D, 0);
}

static double column_norm(mat P, size_t j)
{
    double ss = 0;
    for (size_t i = 0; i < P.rows; i++)
        ss += (double)*mat_at(P, i, j) * *mat_at(P, i, j);
    return sqrt(ss);
}

void lif_gains(const lif_net *net, lif_norm norm, float *gamma)
{
    for (size_t i = 0; i < net->n; i++)
        gamma[i] = norm == NORM_AUG ? (float)(net->alpha[i] / column_norm(net->P, i))
                                    : net->alpha[i];
}

/* J = gamma (.) (X P) + beta; rates into A (may be J); with Fp, also the
 * slopes of kind `deriv` (Fp may not alias). */
static void forward_gamma(const lif_net *net, const float *gamma, mat X, mat J, mat A,
                          mat *Fp, lif_deriv deriv)
{
    gemm_nn_f32(X.rows, net->n, net->d, 1.0f, X.v, X.ld, net->P.v, net->P.ld, 0.0f, J.v,
                J.ld);
    for (size_t r = 0; r < X.rows; r++) {
        float *j = mat_at(J, r, 0), *a = mat_at(A, r, 0);
        for (size_t i = 0; i < net->n; i++) {
            double z = gamma[i] * j[i] + net->beta[i], rate = lif_rate(z);
            if (Fp)
                *mat_at(*Fp, r, i) = deriv == DERIV_STEP ? (float)(z > 1)
                                                         : (float)deriv_from_rate(z, rate);
            j[i] = (float)z;
            a[i] = (float)rate;
        }
    }
}

void lif_forward(const lif_net *net, lif_norm norm, mat X, mat J, mat A)
{
    float *gamma = fa_malloc(net->n * sizeof *gamma);
    lif_gains(net, norm, gamma);
    forward_gamma(net, gamma, X, J, A, NULL, DERIV_CAPPED);
    free(gamma);
}

void lif_decode(const lif_net *net, mat A, mat Y)
{
    gemm_nn_f32(A.rows, net->k, net->n, 1.0f, A.v, A.ld, net->D.v, net->D.ld, 0.0f, Y.v,
                Y.ld);
}

double lif_rmse(mat Y, mat T)
{
    double ss = 0;
    for (size_t r = 0; r < Y.rows; r++)
        for (size_t c = 0; c < Y.cols; c++) {
            double e = (double)*mat_at(Y, r, c) - *mat_at(T, r, c);
            ss += e * e;
        }
    return sqrt(ss / (double)(Y.rows * Y.cols));
}

/* ---- least squares ------------------------------------------------------------ */

lif_lsq lif_lsq_alloc(size_t n, size_t k)
{
    lif_lsq ls = {n, k, gsl_matrix_alloc(n, n), gsl_matrix_alloc(n, n),
                  gsl_matrix_alloc(n, k), gsl_vector_alloc(n), gsl_eigen_symmv_alloc(n),
                  mat_alloc(n, n), mat_alloc(n, k)};
    if (!ls.G || !ls.V || !ls.R || !ls.lambda || !ls.ws)
        fa_die("out of memory (least-squares workspace)");
    return ls;
}

void lif_lsq_free(lif_lsq *ls)
{
    gsl_matrix_free(ls->G);
    gsl_matrix_free(ls->V);
    gsl_matrix_free(ls->R);
    gsl_vector_free(ls->lambda);
    gsl_eigen_symmv_free(ls->ws);
    mat_free(&ls->Gf);
    mat_free(&ls->Rf);
    memset(ls, 0, sizeof *ls);
}

/* dst += src (float into double). */
static void add_into(gsl_matrix *dst, mat src)
{
    for (size_t i = 0; i < src.rows; i++)
        for (size_t j = 0; j < src.cols; j++)
            *gsl_matrix_ptr(dst, i, j) += *mat_at(src, i, j);
}

size_t lif_lsq_solve(lif_lsq *ls, mat A, mat T, double rcond, mat D)
{
    size_t n = ls->n, k = ls->k;
    gsl_matrix_set_zero(ls->G);
    gsl_matrix_set_zero(ls->R);
    for (size_t r0 = 0; r0 < A.rows; r0 += LSQ_CHUNK) {
        size_t m = A.rows - r0 < LSQ_CHUNK ? A.rows - r0 : LSQ_CHUNK;
        mat a = mat_rows(A, r0, m), t = mat_rows(T, r0, m);
        gemm_tn_f32(n, n, m, 1.0f, a.v, a.ld, a.v, a.ld, 0.0f, ls->Gf.v, ls->Gf.ld);
        gemm_tn_f32(n, k, m, 1.0f, a.v, a.ld, t.v, t.ld, 0.0f, ls->Rf.v, ls->Rf.ld);
        add_into(ls->G, ls->Gf);
        add_into(ls->R, ls->Rf);
    }
    /* symmetric by construction up to float rounding; the eigensolver reads
     * the lower triangle */
    gsl_eigen_symmv(ls->G, ls->lambda, ls->V, ls->ws);
    double lmax = gsl_vector_max(ls->lambda), cut = rcond * rcond * lmax;
    mat_fill(D, 0);
    size_t rank = 0;
    for (size_t e = 0; e < n; e++) {
        double l = gsl_vector_get(ls->lambda, e);
        if (!(l > cut) || !(l > 0))
            continue;
        rank++;
        /* D += v v^T R / lambda */
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += gsl_matrix_get(ls->V, i, e) * gsl_matrix_get(ls->R, i, c);
            s /= l;
            for (size_t i = 0; i < n; i++)
                *mat_at(D, i, c) += (float)(gsl_matrix_get(ls->V, i, e) * s);
        }
    }
    return rank;
}

/* ---- training ------------------------------------------------------------------- */

lif_work lif_work_alloc(const lif_net *net, size_t batch, size_t m, size_t mtest)
{
    size_t n = net->n, k = net->k, d = net->d;
    lif_work w = {.batch = batch, .m = m, .mtest = mtest};
    w.Xb = mat_alloc(batch, d), w.Tb = mat_alloc(batch, k);
    w.J = mat_alloc(batch, n), w.A = mat_alloc(batch, n), w.Y = mat_alloc(batch, k);
    w.H = mat_alloc(batch, n), w.Fp = mat_alloc(batch, n), w.Gw = mat_alloc(d, n);
    w.Af = mat_alloc(m, n), w.Yf = mat_alloc(m, k);
    if (mtest)
        w.At = mat_alloc(mtest, n), w.Yt = mat_alloc(mtest, k);
    w.gamma = fa_malloc(n * sizeof *w.gamma);
    w.order = fa_malloc(m * sizeof *w.order);
    w.ls = lif_lsq_alloc(n, k);
    return w;
}

void lif_work_free(lif_work *w)
{
    mat *m[] = {&w->Xb, &w->Tb, &w->J, &w->A, &w->Y, &w->H, &w->Fp, &w->Gw,
                &w->Af, &w->Yf, &w->At, &w->Yt};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
    free(w->gamma);
    free(w->order);
    lif_lsq_free(&w->ls);
}

void lif_step(lif_net *net, const lif_train_cfg *c, mat X, mat T, lif_work *w)
{
    size_t b = X.rows, n = net->n, k = net->k, d = net->d;
    mat J = mat_rows(w->J, 0, b), A = mat_rows(w->A, 0, b), Y = mat_rows(w->Y, 0, b);
    mat H = mat_rows(w->H, 0, b), Fp = mat_rows(w->Fp, 0, b);
    lif_gains(net, c->norm, w->gamma);
    forward_gamma(net, w->gamma, X, J, A, &Fp, c->deriv);
    lif_decode(net, A, Y);
    mat_axpy(Y, -1.0f, T);                         /* Y <- y - t */
    const mat F = c->fb == FB_BP ? net->D : net->E;
    gemm_nt_f32(b, n, k, 1.0f, Y.v, Y.ld, F.v, F.ld, 0.0f, H.v, H.ld);
    for (size_t r = 0; r < b; r++)                 /* delta = G'(J) <F_i, y - t> */
        for (size_t i = 0; i < n; i++)
            *mat_at(H, r, i) *= *mat_at(Fp, r, i);
    /* g_i = mean_batch delta_i x: column i of Gw (d x n) */
    gemm_tn_f32(d, n, b, (float)(1.0 / (double)b), X.v, X.ld, H.v, H.ld, 0.0f, w->Gw.v,
                w->Gw.ld);
    for (size_t i = 0; i < n; i++) {
        double scale = -c->eta * w->gamma[i], proj = 0, pn = 1;
        if (c->norm == NORM_AUG) {   /* remove the component along p_i */
            pn = column_norm(net->P, i);
            for (size_t j = 0; j < d; j++)
                proj += (double)*mat_at(w->Gw, j, i) * *mat_at(net->P, j, i);
            proj /= pn * pn;
        }
        for (size_t j = 0; j < d; j++) {
            double g = *mat_at(w->Gw, j, i) - proj * *mat_at(net->P, j, i);
            *mat_at(net->P, j, i) = (float)(*mat_at(net->P, j, i) + scale * g);
        }
    }
    if (c->norm == NORM_FORCED)
        colnorm_f32(d, n, net->P.v, net->P.ld, 1.0);
}

double lif_dphi(mat P)
{
    double s = 0;
    for (size_t i = 0; i < P.cols; i++) {
        double r = atan2(*mat_at(P, 1, i), *mat_at(P, 0, i)) - M_PI_4;
        r -= M_PI_2 * floor(r / M_PI_2);            /* in [0, pi/2) */
        s += fmin(r, M_PI_2 - r);
    }
    return s / (double)P.cols;
}

double lif_mean_norm(mat P)
{
    double s = 0;
    for (size_t i = 0; i < P.cols; i++)
        s += column_norm(P, i);
    return s / (double)P.cols;
}

static double class_error(mat Y, const uint8_t *labels)
{
    size_t wrong = 0;
    for (size_t r = 0; r < Y.rows; r++) {
        const float *y = mat_at(Y, r, 0);
        size_t best = 0;
        for (size_t c = 1; c < Y.cols; c++)
            if (y[c] > y[best])
                best = c;
        wrong += best != labels[r];
    }
    return (double)wrong / (double)Y.rows;
}

lif_stats lif_fit(lif_net *net, const lif_train_cfg *c, mat X, mat T, mat Xtest,
                  const uint8_t *labels, lif_work *w)
{
    lif_stats s;
    lif_forward(net, c->norm, X, w->Af, w->Af);
    lif_lsq_solve(&w->ls, w->Af, T, c->rcond, net->D);
    lif_decode(net, w->Af, w->Yf);
    s.rmse = lif_rmse(w->Yf, T);
    s.dphi = net->d == 2 ? lif_dphi(net->P) : NAN;
    s.pnorm = lif_mean_norm(net->P);
    s.test_err = NAN;
    if (Xtest.rows) {
        lif_forward(net, c->norm, Xtest, w->At, w->At);
        lif_decode(net, w->At, w->Yt);
        s.test_err = class_error(w->Yt, labels);
    }
    return s;
}

static void check_finite(size_t epoch, const lif_net *net, const lif_stats *s)
{
    if (!mat_finite(net->P))
        fa_die("epoch %zu: the preferred directions (input weights) are not finite", epoch);
    if (!mat_finite(net->D))
        fa_die("epoch %zu: the decoders (output weights) are not finite", epoch);
    if (!isfinite(s->rmse))
        fa_die("epoch %zu: the training RMSE is not finite", epoch);
}

void lif_train(lif_net *net, const lif_train_cfg *c, mat X, mat T, mat Xtest,
               const uint8_t *labels, gsl_rng *shuffle, lif_epoch_fn fn, void *ctx)
{
    size_t m = X.rows, b = c->batch;
    if (m % b)
        fa_die("batch size %zu does not divide the %zu training samples", b, m);
    lif_work w = lif_work_alloc(net, b, m, Xtest.rows);
    for (size_t i = 0; i < m; i++)
        w.order[i] = i;
    for (size_t epoch = 0; epoch <= c->epochs; epoch++) {
        if (epoch > 0) {
            gsl_ran_shuffle(shuffle, w.order, m, sizeof *w.order);
            for (size_t r0 = 0; r0 < m; r0 += b) {
                for (size_t r = 0; r < b; r++) {
                    size_t src = w.order[r0 + r];
                    memcpy(mat_at(w.Xb, r, 0), mat_at(X, src, 0), X.cols * sizeof(float));
                    memcpy(mat_at(w.Tb, r, 0), mat_at(T, src, 0), T.cols * sizeof(float));
                }
                lif_step(net, c, w.Xb, w.Tb, &w);
            }
        }
        lif_stats s = lif_fit(net, c, X, T, Xtest, labels, &w);
        check_finite(epoch, net, &s);
        if (fn)
            fn(epoch, net, &s, ctx);
    }
    lif_work_free(&w);
}

void lif_product_data(gsl_rng *r, mat X, mat T)
{
    for (size_t i = 0; i < X.rows; i++) {
        double phi = M_PI * (2 * gsl_rng_uniform(r) - 1), rad = gsl_rng_uniform(r);
        double x1 = rad * cos(phi), x2 = rad * sin(phi);
        *mat_at(X, i, 0) = (float)x1;
        *mat_at(X, i, 1) = (float)x2;
        *mat_at(T, i, 0) = (float)x1 * (float)x2;
    }
}

void lif_square_grid(size_t side, mat X)
{
    for (size_t a = 0; a < side; a++)
        for (size_t b = 0; b < side; b++) {
            *mat_at(X, a * side + b, 0) = (float)(-1 + 2.0 * (double)b / (double)(side - 1));
            *mat_at(X, a * side + b, 1) = (float)(-1 + 2.0 * (double)a / (double)(side - 1));
        }
}

double lif_diagonal_error_ratio(const lif_net *net, lif_norm norm, size_t side)
{
    size_t ng = side * side;
    mat G = mat_alloc(ng, 2), A = mat_alloc(ng, net->n), Y = mat_alloc(ng, net->k);
    lif_square_grid(side, G);
    lif_forward(net, norm, G, A, A);
    lif_decode(net, A, Y);
    double sum[2] = {0, 0};
    size_t cnt[2] = {0, 0};
    for (size_t g = 0; g < ng; g++) {
        mat x = mat_rows(G, g, 1);
        float x1 = *mat_at(x, 0, 0), x2 = *mat_at(x, 0, 1);
        if (x1 * x1 + x2 * x2 > 1 || (x1 == 0 && x2 == 0))
            continue;
        mat v = {2, 1, 1, x.v};   /* the point as a direction */
        int axis = lif_dphi(v) >= M_PI_4 / 2;
        sum[axis] += fabs((double)*mat_at(Y, g, 0) - (double)x1 * x2);
        cnt[axis]++;
    }
    mat_free(&G), mat_free(&A), mat_free(&Y);
    return (sum[0] / (double)cnt[0]) / (sum[1] / (double)cnt[1]);
}
