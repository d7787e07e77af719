#include "openloop.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "par.h"
#include "progress.h"
#include "rng.h"
#include "series.h"
#include "stats.h"
#include "util.h"

enum { STREAM_INIT, STREAM_E, STREAM_X };

void openloop_init(openloop *o, size_t ni, size_t nh, size_t no, size_t nb,
                   double eta, gsl_rng *r)
{
    size_t widths[] = {ni, nh, no};
    o->nt = net_create(2, widths, ACT_RELU, ACT_RELU, 1, 0);
    net_init_gauss(&o->nt, r, 1.0);
    o->f = net_fwd_alloc(&o->nt, nb);
    o->fa = net_grad_alloc(&o->nt, nb);
    o->bp = net_grad_alloc(&o->nt, nb);
    o->Bt = mat_alloc(nh, no);
    mat_transpose(o->Bt, o->nt.B[1]);
    o->eta = eta;
    o->k = 0;
}

void openloop_free(openloop *o)
{
    net_grad_free(&o->bp);
    net_grad_free(&o->fa);
    net_fwd_free(&o->f);
    net_free(&o->nt);
    mat_free(&o->Bt);
}

void openloop_grads(openloop *o, mat X, mat E)
{
    net_forward(&o->nt, X, &o->f);
    net_backward(&o->nt, &o->f, E, FB_FA, o->eta, &o->fa);
    net_backward(&o->nt, &o->f, E, FB_BP, o->eta, &o->bp);
}

void openloop_update(openloop *o, double gamma)
{
    net_apply(&o->nt, &o->fa);
    if (gamma > 0)
        net_colnorm(&o->nt, gamma);
    o->k++;
}

double openloop_w1_angle(const openloop *o) { return mat_angle(o->nt.W[1], o->Bt); }

double openloop_dw0_angle(const openloop *o) { return mat_angle(o->fa.dW[0], o->bp.dW[0]); }

void signal_step(mat S, const signal_spec *s, size_t k, rand_stream *r)
{
    if (k == 0 || (s->period > 0 && k % s->period == 0)) {
        mat_rand_normal(S, r, s->mean, 1.0);
        return;
    }
    if (s->period > 0 || s->beta == 1.0)
        return;
    float *z = fa_malloc(S.rows * S.cols * sizeof *z);
    rand_normal_f32(r, S.rows * S.cols, z);
    for (size_t i = 0; i < S.rows; i++)
        for (size_t j = 0; j < S.cols; j++) {
            float *x = mat_at(S, i, j);
            double n = s->mean + (double)z[i * S.cols + j];
            *x = (float)(s->beta * *x + (1.0 - s->beta) * n);
        }
    free(z);
}

void sym_skew_split(mat sym, mat skew, mat M)
{
    for (size_t i = 0; i < M.rows; i++)
        for (size_t j = 0; j < M.cols; j++) {
            float a = *mat_at(M, i, j), b = *mat_at(M, j, i);
            *mat_at(sym, i, j) = 0.5f * (a + b);
            *mat_at(skew, i, j) = 0.5f * (a - b);
        }
}

void sym_eigenvalues(double *eval, mat M, double scale)
{
    size_t n = M.rows;
    gsl_matrix *A = gsl_matrix_alloc(n, n);
    gsl_vector *v = gsl_vector_alloc(n);
    gsl_eigen_symm_workspace *ws = gsl_eigen_symm_alloc(n);
    if (!A || !v || !ws)
        fa_die("out of memory (eigenvalues of a %zu x %zu matrix)", n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(A, i, j,
                           0.5 * scale * ((double)*mat_at(M, i, j) + (double)*mat_at(M, j, i)));
    gsl_eigen_symm(A, v, ws);
    for (size_t i = 0; i < n; i++)
        eval[i] = gsl_vector_get(v, i);
    gsl_eigen_symm_free(ws);
    gsl_vector_free(v);
    gsl_matrix_free(A);
}

void openloop_run(const openloop_case *c, uint64_t seed, size_t rep, double *w1,
                  double *dw0, openloop_observer obs, void *ctx)
{
    gsl_rng *ri = rng_stream(seed, rep, STREAM_INIT);
    rand_stream re = rng_rand_stream(seed, rep, STREAM_E);
    rand_stream rx = rng_rand_stream(seed, rep, STREAM_X);
    openloop o;
    openloop_init(&o, c->ni, c->nh, c->no, c->nb, c->eta, ri);
    if (c->gamma > 0 && c->wn_from == 0)
        net_colnorm(&o.nt, c->gamma);
    mat X = mat_alloc(c->nb, c->ni), E = mat_alloc(c->nb, c->no);
    for (size_t k = 0; k < c->iters; k++) {
        signal_step(X, &c->x, k, &rx);
        if (c->e_is_x)
            mat_copy(E, X);
        else
            signal_step(E, &c->e, k, &re);
        if (w1)
            w1[k] = openloop_w1_angle(&o);
        openloop_grads(&o, X, E);
        if (dw0)
            dw0[k] = openloop_dw0_angle(&o);
        if (obs)
            obs(&o, X, E, ctx);
        openloop_update(&o, c->gamma > 0 && k >= c->wn_from ? c->gamma : 0);
        for (size_t l = 0; l < 2; l++)
            if (!mat_finite(o.nt.W[l]))
                fa_die("repetition %zu of the case %zu-%zu-%zu, eta %g, gamma %g, E (period %zu, "
                       "beta %g), X (period %zu, beta %g): iteration %zu: the forward weights "
                       "W_%zu hold NaN or Inf", rep, c->ni, c->nh, c->no, c->eta, c->gamma,
                       c->e.period, c->e.beta, c->x.period, c->x.beta, o.k, l);
    }
    mat_free(&X);
    mat_free(&E);
    openloop_free(&o);
    rng_free(ri);
}

void openloop_params(struct run_config *cfg, const openloop_case *cases,
                     const char *eta_source, const char *const *names, size_t ncases)
{
    const openloop_case *c = cases;
    cfg_param(cfg, "network", "%zu-%zu-%zu, n_b=%zu, ReLU (f'(0)=1) hidden and output, no bias",
              c->ni, c->nh, c->no, c->nb);
    cfg_param(cfg, "init", "W_0, W_1, B i.i.d. N(0,1); B fixed, never normalised");
    cfg_param(cfg, "eta", "%g (%s)", c->eta, eta_source);
    cfg_param(cfg, "iterations", "%zu", c->iters);
    for (size_t i = 0; i < ncases; i++) {
        char name[32];
        snprintf(name, sizeof name, "case%zu", i + 1);
        cfg_param(cfg, name, "%s", names[i]);
    }
}

typedef struct run_all {
    const openloop_case *cases;
    uint64_t seed;
    openloop_series *s;
    progress *prog;
} run_all;

static void run_one(size_t i, void *ctx)
{
    run_all *ra = ctx;
    size_t reps = ra->s->reps, c = i / reps, rep = i % reps, n = ra->cases[c].iters;
    openloop_run(&ra->cases[c], ra->seed, rep, ra->s->w1[c] + rep * n, ra->s->dw0[c] + rep * n,
                 NULL, NULL);
    progress_add(ra->prog, 1);
}

static void run_io(size_t i, void *ctx, par_io *io)
{
    run_all *ra = ctx;
    size_t reps = ra->s->reps, c = i / reps, rep = i % reps, n = ra->cases[c].iters;
    par_io_block(io, ra->s->w1[c], rep, n, sizeof(double));
    par_io_block(io, ra->s->dw0[c], rep, n, sizeof(double));
}

openloop_series openloop_run_all(const openloop_case *cases, size_t ncases,
                                 size_t reps, uint64_t seed, int threads,
                                 const char *label)
{
    openloop_series s = {ncases, reps, fa_calloc(ncases, sizeof(double *)),
                         fa_calloc(ncases, sizeof(double *))};
    for (size_t c = 0; c < ncases; c++) {
        s.w1[c] = fa_malloc(reps * cases[c].iters * sizeof(double));
        s.dw0[c] = fa_malloc(reps * cases[c].iters * sizeof(double));
    }
    progress prog;
    progress_begin(&prog, label, ncases * reps);
    run_all ra = {cases, seed, &s, &prog};
    par_jobs(ncases * reps, threads, run_one, run_io, &ra);
    progress_end(&prog);
    return s;
}

void openloop_series_free(openloop_series *s)
{
    for (size_t c = 0; c < s->ncases; c++)
        free(s->w1[c]), free(s->dw0[c]);
    free(s->w1);
    free(s->dw0);
    s->w1 = s->dw0 = NULL;
}

void series_band(const double *x, size_t reps, size_t n, size_t smooth, int sd,
                 double *mean, double *band)
{
    double *s = fa_malloc(reps * n * sizeof *s);
    for (size_t r = 0; r < reps; r++)
        stats_moving_average_finite(x + r * n, n, smooth, s + r * n);
    for (size_t k = 0; k < n; k++) {
        size_t m;
        mean[k] = stats_mean_finite(s + k, reps, n, &band[k], &m);
        if (sd)
            band[k] *= sqrt((double)m);
    }
    free(s);
}

void series_write(out_file *o, const char *cond, const double *w1,
                  const double *dw0, size_t reps, size_t n, size_t stride,
                  size_t smooth)
{
    double *wm = fa_malloc(n * sizeof *wm), *wb = fa_malloc(n * sizeof *wb);
    double *dm = fa_malloc(n * sizeof *dm), *db = fa_malloc(n * sizeof *db);
    series_band(w1, reps, n, 1, 0, wm, wb);
    series_band(dw0, reps, n, smooth, 0, dm, db);
    /* one curve after the other: a plot line breaks at rows of another curve */
    for (size_t k = 0; k < n; k++)
        if (k % stride == 0 || k == n - 1)
            series_row_fixed(o, "wb", cond, 1, k, wm[k], wb[k], reps, 4);
    for (size_t k = 0; k < n; k++)
        if (k % stride == 0 || k == n - 1)
            series_row_fixed(o, "dw", cond, 0, k, dm[k], db[k], reps, 4);
    free(wm), free(wb), free(dm), free(db);
}

void series_finals(const double *x, size_t reps, size_t n, size_t window, double *f)
{
    size_t w = window < n ? window : n;
    for (size_t r = 0; r < reps; r++)
        f[r] = stats_mean_finite(x + r * n + (n - w), w, 1, NULL, NULL);
}

double series_final(const double *x, size_t reps, size_t n, size_t window,
                    size_t *defined)
{
    double *f = fa_malloc(reps * sizeof *f);
    series_finals(x, reps, n, window, f);
    double m = stats_mean_finite(f, reps, 1, NULL, defined);
    free(f);
    return m;
}
