#include "variants.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curves.h"
#include "info.h"
#include "rng.h"
#include "series.h"
#include "stats.h"
#include "util.h"

void vpanels_run(vpanel *p, size_t np, const run_config *cfg)
{
    size_t njobs = 0;
    for (size_t k = 0; k < np; k++)
        njobs += p[k].nv * p[k].reps;
    train_job *all = fa_calloc(njobs, sizeof *all);
    size_t at = 0;
    for (size_t k = 0; k < np; k++) {
        vpanel *q = &p[k];
        size_t E = q->epochs ? q->epochs : q->tasks[0]->epochs;
        q->nrec = train_records(E, q->every, NULL);
        q->epoch = fa_malloc(q->nrec * sizeof *q->epoch);
        train_records(E, q->every, q->epoch);
        q->rec = fa_malloc(q->nv * q->reps * q->nrec * REC_COUNT * sizeof *q->rec);
        for (size_t v = 0; v < q->nv; v++)
            for (size_t r = 0; r < q->reps; r++) {
                train_job *j = &all[at++];
                j->t = q->tasks[r];
                j->o.spec.fb = q->v[v].fb;
                j->o.spec.learn_decoder = 1;
                j->o.spec.learn_scale = q->v[v].fb != CB_BP;
                j->o.spec.tf_lambda = q->v[v].tf_lambda;
                j->o.spec.nfa_amp = q->nfa_amp;
                j->o.epochs = E, j->o.every = q->every, j->o.mi = 1;
                j->rep = r, j->stream = v;
                j->rec = q->rec + (v * q->reps + r) * q->nrec * REC_COUNT;
                snprintf(j->what, sizeof j->what, "%s %s, rep %zu", j->t->name, q->v[v].name, r);
            }
    }
    train_jobs(all, njobs, cfg->seed, cfg->threads, "training");
    at = 0;
    for (size_t k = 0; k < np; k++) {
        size_t n = p[k].nv * p[k].reps;
        p[k].jobs = fa_malloc(n * sizeof *p[k].jobs);
        memcpy(p[k].jobs, all + at, n * sizeof *all);
        at += n;
    }
    free(all);
}

/* The columns of a panel's curves, in the order written (vpanels_write and
 * vpanel_write_runs) */
static const int curve_cols[] = {REC_LOSS, REC_ACC, REC_TEST_LOSS, REC_TEST_ACC,
                                 REC_MI, REC_SCALE, REC_TEST_NEAREST};

void vpanels_write(const vpanel *p, size_t np, const run_config *cfg, const char *name)
{
    out_file *o = series_open(cfg, name);
    for (size_t k = 0; k < np; k++)
        for (size_t v = 0; v < p[k].nv; v++) {
            char cond[64];
            snprintf(cond, sizeof cond, "%s,%s", p[k].tasks[0]->name, p[k].v[v].name);
            curves_write(o, cond, p[k].epoch, p[k].rec + v * p[k].reps * p[k].nrec * REC_COUNT,
                         p[k].reps, p[k].nrec, REC_COUNT, rec_name, curve_cols,
                         FA_ARRAY_LEN(curve_cols));
        }
}

void vpanel_write_runs(const vpanel *p, const run_config *cfg, const char *name)
{
    out_file *o = series_open(cfg, name);
    for (size_t v = 0; v < p->nv; v++)
        for (size_t r = 0; r < p->reps; r++) {
            char cond[64];
            snprintf(cond, sizeof cond, "%s,%s,run=%zu", p->tasks[0]->name, p->v[v].name, r);
            curves_write(o, cond, p->epoch, p->rec + (v * p->reps + r) * p->nrec * REC_COUNT, 1,
                         p->nrec, REC_COUNT, rec_name, curve_cols, FA_ARRAY_LEN(curve_cols));
        }
}

double vpanel_final(const vpanel *p, size_t v, rec_col c, int first)
{
    double *x = fa_malloc(p->reps * sizeof *x);
    train_final(x, p->jobs + v * p->reps, p->reps, c, first);
    double m = stats_mean(x, p->reps, 1);
    free(x);
    return m;
}

void vpanel_curve(const vpanel *p, size_t v, rec_col c, double *curve)
{
    for (size_t k = 0; k < p->nrec; k++)
        curve[k] = stats_mean(p->rec + (v * p->reps * p->nrec + k) * REC_COUNT + c, p->reps,
                              p->nrec * REC_COUNT);
}

void vpanel_values(const vpanel *p, size_t v, rec_col c, int first, double *out)
{
    train_final(out, p->jobs + v * p->reps, p->reps, c, first);
}

double vpanel_mi_ceiling(const vpanel *p, size_t r)
{
    return binned_entropy(p->tasks[r]->Ctr, p->tasks[r]->mi_width);
}

/* MI of variant v, repetition r, recorded epoch k */
static double mi_at(const vpanel *p, size_t v, size_t r, size_t k)
{
    return p->rec[((v * p->reps + r) * p->nrec + k) * REC_COUNT + REC_MI];
}

claim *vclaims_close_to(claims *cl, const vpanel *p, const char *name, const char *statement,
                        rec_col c, const char *ref, const char *const *others, size_t n,
                        double tol, const char *tol_source)
{
    double *a = fa_malloc(p->reps * sizeof *a), *b = fa_malloc(p->reps * sizeof *b);
    vpanel_values(p, vpanel_find(p, ref), c, 0, b);
    claim *cc = claims_begin(cl, name, statement, "");
    for (size_t i = 0; i < n; i++) {
        char lab[48];
        snprintf(lab, sizeof lab, "%s - %s", others[i], ref);
        vpanel_values(p, vpanel_find(p, others[i]), c, 0, a);
        claim_part_close_paired(cc, lab, a, b, p->reps, tol, tol_source);
    }
    free(a), free(b);
    return cc;
}

/* Rule 4: every run of the named variants at its ceiling at recorded epoch
 * k (k == nrec: the last) makes the claim inconclusive. */
static void ceiling_check(claim *c, const vpanel *p, const char *const *names, size_t n,
                          size_t k)
{
    double hy = INFINITY;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < p->reps; r++) {
            double ceil = vpanel_mi_ceiling(p, r);
            hy = fmin(hy, ceil);
            if (!(mi_at(p, vpanel_find(p, names[i]), r, k < p->nrec ? k : p->nrec - 1)
                  >= ceil - VCLAIM_CEILING_BITS))
                return;
        }
    c->v = VERDICT_INCONCLUSIVE;
    claim_note(c, "; every run at the estimator's ceiling H(Y) = %.3f bits (within %.2g): "
               "inconclusive, the binned MI cannot rise further", hy, VCLAIM_CEILING_BITS);
}

claim *vclaims_mi_peaks_early(claims *cl, const vpanel *p, const char *name,
                              const char *statement, const char *const *names, size_t n,
                              double tol_pct, const char *tol_source)
{
    double *x = fa_malloc(p->reps * sizeof *x);
    claim *c = claims_begin(cl, name, statement, "%");
    for (size_t i = 0; i < n; i++) {
        size_t v = vpanel_find(p, names[i]);
        for (size_t r = 0; r < p->reps; r++) {
            double peak = mi_at(p, v, r, 0);
            for (size_t k = 1; k < p->nrec; k++)
                peak = fmax(peak, mi_at(p, v, r, k));
            x[r] = 100.0 * mi_at(p, v, r, 0) / peak;
        }
        claim_part_close(c, names[i], x, p->reps, 100.0, tol_pct, tol_source);
    }
    ceiling_check(c, p, names, n, 0);
    free(x);
    return c;
}

claim *vclaims_mi_falls(claims *cl, const vpanel *p, const char *name, const char *statement,
                        const char *which)
{
    size_t v = vpanel_find(p, which), R = p->reps, K = p->nrec;
    double *mi = fa_malloc(K * R * sizeof *mi), *last = fa_malloc(R * sizeof *last);
    double *atpeak = fa_malloc(R * sizeof *atpeak), mean_epoch = 0;
    for (size_t k = 0; k < K; k++)
        for (size_t r = 0; r < R; r++)
            mi[k * R + r] = mi_at(p, v, r, k);
    for (size_t r = 0; r < R; r++) {
        size_t k = curves_loo_extreme(mi, R, r, 0, K > 1 ? K - 1 : 1, +1);
        atpeak[r] = mi[k * R + r], last[r] = mi[(K - 1) * R + r];
        mean_epoch += (double)p->epoch[k] / (double)R;
    }
    claim *c = claims_paired(cl, name, statement, last, atpeak, R, CLAIM_BELOW, " bits");
    claim_note(c, " (last epoch vs the others' peak epoch, mean %.0f)", mean_epoch);
    ceiling_check(c, p, &which, 1, K);
    free(mi), free(last), free(atpeak);
    return c;
}

size_t vpanel_find(const vpanel *p, const char *name)
{
    for (size_t v = 0; v < p->nv; v++)
        if (strcmp(p->v[v].name, name) == 0)
            return v;
    fa_die("no feedback variant '%s'", name);
}

void vpanels_free(vpanel *p, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        free(p[k].epoch), free(p[k].rec), free(p[k].jobs);
        p[k].epoch = NULL, p[k].rec = NULL, p[k].jobs = NULL;
    }
}

enum {
    IB_EVERY = 5,             /* our choice: every 5th full-batch epoch is plenty */
    QUICK_IB_EPOCHS = 150,
    QUICK_MNIST_EPOCHS = 2, QUICK_MNIST_TRAIN = 4000, QUICK_MNIST_TEST = 1000,
    MNIST_REPS = 10,          /* authors' code (run3, run4) */
    QUICK_MNIST_REPS = 1,
};

/* "12-8-4-2" */
static void widths(char *buf, size_t len, const task *t)
{
    size_t n = 0;
    for (size_t l = 0; l <= t->nenc + 1 && n < len; l++)
        n += (size_t)snprintf(buf + n, len - n, "%s%zu", l ? "-" : "", t->w[l]);
}

static void panel_param(run_config *cfg, const char *key, const vpanel *p, const char *arch)
{
    const task *t = p->tasks[0];
    char w[64];
    widths(w, sizeof w, t);
    static const char *const outs[] = {"sigmoid", "identity", "hardtanh(+-5)"};
    cfg_param(cfg, key, "%s %s%s, %s output, batch %zu, Adam lr %g, %zu epochs, %zu / %zu "
                        "samples, %zu reps, NFA a = %g", t->name, arch, w, outs[t->out],
              t->batch, t->lr, p->epochs ? p->epochs : t->epochs, t->Xtr.rows, t->Xte.rows,
              p->reps, p->nfa_amp);
}

void vfigure_run(vfigure *f, run_config *cfg, const mnist_set *train, const mnist_set *test,
                 const char *file)
{
    int q = cfg->quick;
    if (!f->mnist_reps)
        f->mnist_reps = q ? QUICK_MNIST_REPS : MNIST_REPS;
    /* the MNIST panel's counts beside the authors' (run3/run4: 10 repetitions,
     * every image), before any output names the scale */
    cfg_count(cfg, "MNIST reps", f->mnist_reps, MNIST_REPS);
    cfg_count(cfg, "MNIST train images", f->mnist_train ? f->mnist_train : 60000, 60000);
    cfg_count(cfg, "MNIST test images", f->mnist_test ? f->mnist_test : 10000, 10000);
    size_t ntrain = f->mnist_train ? f->mnist_train : q ? QUICK_MNIST_TRAIN : 0;
    size_t ntest = f->mnist_test ? f->mnist_test : q ? QUICK_MNIST_TEST : 0;
    mnist_require(train, ntrain ? ntrain : 1), mnist_require(test, ntest ? ntest : 1);
    f->mnist = task_mnist(f->reg, train, test, ntrain, ntest);
    f->ib = fa_calloc(cfg->reps, sizeof *f->ib);
    f->ibp = fa_calloc(cfg->reps, sizeof *f->ibp);
    f->mnp = fa_calloc(f->mnist_reps, sizeof *f->mnp);
    for (size_t r = 0; r < cfg->reps; r++) {
        gsl_rng *rs = rng_stream(cfg->seed, r, 0);
        f->ib[r] = task_ib(f->reg, rs);
        f->ibp[r] = &f->ib[r];
        rng_free(rs);
    }
    for (size_t r = 0; r < f->mnist_reps; r++)
        f->mnp[r] = &f->mnist;
    vpanel mn = {f->mnp, f->mnist_reps, q ? QUICK_MNIST_EPOCHS : f->mnist_epochs, 1, f->mn_nfa,
                 f->mnv, f->nmn, 0, NULL, NULL, NULL};
    vpanel ib = {f->ibp, cfg->reps, q ? QUICK_IB_EPOCHS : 0, IB_EVERY, f->ib_nfa, f->ibv, f->nib,
                 0, NULL, NULL, NULL};
    f->p[0] = mn, f->p[1] = ib;
    panel_param(cfg, "ib", &f->p[1], "");
    panel_param(cfg, "mnist", &f->p[0], "conv backbone -> ");
    char vs[256];
    size_t n = 0;
    for (size_t v = 0; v < f->nib && n < sizeof vs; v++)
        n += (size_t)snprintf(vs + n, sizeof vs - n, "%s%s%s", v ? ", " : "", f->ibv[v].name,
                              f->ibv[v].tf_lambda > 0 ? " (with K)" : "");
    cfg_param(cfg, "variants", "%s; BP keeps the scales at 1, the others learn them", vs);
    cfg_param(cfg, "mi", "MI(H; label), bins of 0.1, the epoch's training codes");
    vpanels_run(f->p, 2, cfg);
    vpanels_write(f->p, 2, cfg, file);
}

void vfigure_free(vfigure *f, const run_config *cfg)
{
    vpanels_free(f->p, 2);
    for (size_t r = 0; r < cfg->reps; r++)
        task_free(&f->ib[r]);
    task_free(&f->mnist);
    free(f->ib), free(f->ibp), free(f->mnp);
}
