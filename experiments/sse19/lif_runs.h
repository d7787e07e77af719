/* lif_runs.h — the trials of sse19's learning experiments (Figs. 4-6):
 * conditions (FA or BP, normalisation mode) x independent trials, run in
 * parallel, with every epoch's measurements kept and summarised by the
 * median over trials (as sse19 reports them).
 *
 * Trial t draws from three streams of (seed, t): 0 the network (lif_nef_init),
 * 1 the training data (product task only), 2 the minibatch order. Every
 * condition of a trial therefore starts from the same network and data and
 * sees the same batch order: conditions are compared pairwise. */
#ifndef FA_SSE19_LIF_RUNS_H
#define FA_SSE19_LIF_RUNS_H

#include "cli.h"
#include "lif_net.h"
#include "out.h"
#include "par.h"

typedef struct lif_cond {
    feedback fb;
    lif_norm norm;
} lif_cond;

/* Called after every epoch's fit of every run (from worker threads: write
 * only to the slot of (cond, trial)). */
typedef void (*lif_hook)(size_t cond, size_t trial, size_t epoch, const lif_net *net,
                         void *ctx);

typedef struct lif_experiment {
    const run_config *cfg;
    size_t d, n, k;            /* network shape */
    lif_train_cfg train;       /* norm and fb are set per condition */
    const lif_cond *conds;
    size_t nconds;
    /* Training data: the fixed (X, T) when X.v != NULL (with an optional
     * test set Xtest, labels), else `samples` fresh product-task samples
     * per trial (lif_product_data). */
    mat X, T, Xtest;
    const uint8_t *labels;
    size_t samples;
    lif_hook hook;             /* optional */
    void *hook_ctx;
    par_io_fn hook_io;         /* with a hook: its results of run cond * reps + trial (par.h) */
    lif_stats *stats;          /* out: [cond][trial][epoch], filled by lif_run */
} lif_experiment;

/* Run cfg->reps trials of every condition (in parallel over cfg->threads,
 * with a progress line) and fill ex->stats. */
void lif_run(lif_experiment *ex);
/* The same for nex experiments as one job list (par.h), in this order: with
 * --shard and --merge every run of a figure is sharded (shard.h shards the
 * first job list only). Threads: those of exs[0].cfg. */
void lif_run_all(lif_experiment *exs, size_t nex);
void lif_experiment_free(lif_experiment *ex);

/* The stats of (cond, trial, epoch). */
const lif_stats *lif_stat(const lif_experiment *ex, size_t cond, size_t trial,
                          size_t epoch);

/* Quantities of lif_stats by name, for the summaries below. */
typedef enum { Q_RMSE, Q_DPHI, Q_PNORM, Q_TEST_ERR } lif_quantity;
double lif_get(const lif_stats *s, lif_quantity q);

/* Per trial, quantity q of cond at one epoch: a new fa_malloc'ed array of
 * cfg->reps values (for the paired claims: trial t of every condition
 * shares its seed). */
double *lif_per_trial(const lif_experiment *ex, size_t cond, size_t epoch, lif_quantity q);

/* Median and quartiles over trials of a quantity at one epoch: q[0] = 25 %,
 * q[1] = median, q[2] = 75 %. */
void lif_quartiles(const lif_experiment *ex, size_t cond, size_t epoch, lif_quantity q,
                   double out[3]);
static inline double lif_median(const lif_experiment *ex, size_t cond, size_t epoch,
                                lif_quantity q)
{
    double v[3];
    lif_quartiles(ex, cond, epoch, q, v);
    return v[1];
}

/* "FA" or "BP" and the mode name of a condition. */
const char *lif_rule_name(const lif_cond *c);

/* Write the curves in the quartile layout of experiments/core/series.h: per
 * condition ("FA,none", "BP,forced", ...) and quantity in qs, one row per
 * epoch with the 25 %, 50 % and 75 % quantiles over trials. */
void lif_write_curves(const lif_experiment *ex, const char *name, const lif_quantity *qs,
                      size_t nq);

#endif
