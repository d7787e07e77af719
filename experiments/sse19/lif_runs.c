#include "lif_runs.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>

#include "par.h"
#include "progress.h"
#include "rng.h"
#include "series.h"
#include "util.h"

/* The runs of several experiments as one job list: job j is run j - first[e]
 * of the experiment e with first[e] <= j < first[e + 1]. */
typedef struct job {
    lif_experiment *exs;
    size_t nex, *first;
    progress *prog;
} job;

typedef struct run_ctx {
    lif_experiment *ex;
    size_t cond, trial;
} run_ctx;

static void record(size_t epoch, const lif_net *net, const lif_stats *s, void *ctx)
{
    run_ctx *rc = ctx;
    lif_experiment *ex = rc->ex;
    ex->stats[(rc->cond * ex->cfg->reps + rc->trial) * (ex->train.epochs + 1) + epoch] = *s;
    if (ex->hook)
        ex->hook(rc->cond, rc->trial, epoch, net, ex->hook_ctx);
}

/* The experiment of job j, and j's run number within it. */
static lif_experiment *locate(const job *jb, size_t j, size_t *run)
{
    size_t e = 0;
    while (j >= jb->first[e + 1])
        e++;
    *run = j - jb->first[e];
    return &jb->exs[e];
}

static void run_one(size_t j, void *ctx)
{
    job *jb = ctx;
    size_t i;
    lif_experiment *ex = locate(jb, j, &i);
    const run_config *cfg = ex->cfg;
    run_ctx rc = {ex, i / cfg->reps, i % cfg->reps};
    lif_train_cfg tc = ex->train;
    tc.fb = ex->conds[rc.cond].fb;
    tc.norm = ex->conds[rc.cond].norm;

    lif_net net = lif_net_alloc(ex->d, ex->n, ex->k);
    gsl_rng *r = rng_stream(cfg->seed, rc.trial, 0);
    lif_nef_init(&net, r);
    rng_free(r);
    mat X = ex->X, T = ex->T;
    if (!X.v) {
        X = mat_alloc(ex->samples, ex->d), T = mat_alloc(ex->samples, 1);
        r = rng_stream(cfg->seed, rc.trial, 1);
        lif_product_data(r, X, T);
        rng_free(r);
    }
    r = rng_stream(cfg->seed, rc.trial, 2);
    lif_train(&net, &tc, X, T, ex->Xtest, ex->labels, r, record, &rc);
    rng_free(r);
    if (!ex->X.v)
        mat_free(&X), mat_free(&T);
    lif_net_free(&net);
    progress_add(jb->prog, 1);
}

/* A run's results: its stats rows and what the hook kept. */
static void run_io(size_t j, void *ctx, par_io *io)
{
    job *jb = ctx;
    size_t i;
    lif_experiment *ex = locate(jb, j, &i);
    par_io_block(io, ex->stats, i, ex->train.epochs + 1, sizeof *ex->stats);
    if (ex->hook)
        ex->hook_io(i, ex->hook_ctx, io);
}

void lif_run_all(lif_experiment *exs, size_t nex)
{
    size_t *first = fa_malloc((nex + 1) * sizeof *first);
    first[0] = 0;
    for (size_t e = 0; e < nex; e++) {
        lif_experiment *ex = &exs[e];
        size_t runs = ex->nconds * ex->cfg->reps;
        ex->stats = fa_malloc(runs * (ex->train.epochs + 1) * sizeof *ex->stats);
        first[e + 1] = first[e] + runs;
    }
    progress prog;
    progress_begin(&prog, "training", first[nex]);
    job jb = {exs, nex, first, &prog};
    par_jobs(first[nex], exs[0].cfg->threads, run_one, run_io, &jb);
    progress_end(&prog);
    free(first);
}

void lif_run(lif_experiment *ex) { lif_run_all(ex, 1); }

void lif_experiment_free(lif_experiment *ex)
{
    free(ex->stats);
    ex->stats = NULL;
}

const lif_stats *lif_stat(const lif_experiment *ex, size_t cond, size_t trial,
                          size_t epoch)
{
    return &ex->stats[(cond * ex->cfg->reps + trial) * (ex->train.epochs + 1) + epoch];
}

double lif_get(const lif_stats *s, lif_quantity q)
{
    switch (q) {
    case Q_RMSE: return s->rmse;
    case Q_DPHI: return s->dphi;
    case Q_PNORM: return s->pnorm;
    default: return s->test_err;
    }
}

double *lif_per_trial(const lif_experiment *ex, size_t cond, size_t epoch, lif_quantity q)
{
    size_t n = ex->cfg->reps;
    double *v = fa_malloc(n * sizeof *v);
    for (size_t t = 0; t < n; t++)
        v[t] = lif_get(lif_stat(ex, cond, t, epoch), q);
    return v;
}

void lif_quartiles(const lif_experiment *ex, size_t cond, size_t epoch, lif_quantity q,
                   double out[3])
{
    size_t n = ex->cfg->reps;
    double *v = fa_malloc(n * sizeof *v);
    for (size_t t = 0; t < n; t++)
        v[t] = lif_get(lif_stat(ex, cond, t, epoch), q);
    gsl_sort(v, 1, n);
    out[0] = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25);
    out[1] = gsl_stats_median_from_sorted_data(v, 1, n);
    out[2] = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75);
    free(v);
}

const char *lif_rule_name(const lif_cond *c) { return c->fb == FB_BP ? "BP" : "FA"; }

static const char *const q_name[] = {"rmse", "dphi", "pnorm", "test_err"};

void lif_write_curves(const lif_experiment *ex, const char *name, const lif_quantity *qs,
                      size_t nq)
{
    out_file *o = series_open_quartiles(ex->cfg, name);
    for (size_t c = 0; c < ex->nconds; c++) {
        char cond[32];
        snprintf(cond, sizeof cond, "%s,%s", lif_rule_name(&ex->conds[c]),
                 lif_norm_name[ex->conds[c].norm]);
        for (size_t j = 0; j < nq; j++)
            for (size_t e = 0; e <= ex->train.epochs; e++) {
                double v[3];
                lif_quartiles(ex, c, e, qs[j], v);
                series_row_quartiles(o, q_name[qs[j]], cond, 0, e, v, ex->cfg->reps);
            }
    }
}
