#include "variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curves.h"
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

void vpanels_write(const vpanel *p, size_t np, const run_config *cfg, const char *name)
{
    const int cols[] = {REC_LOSS, REC_ACC, REC_TEST_LOSS, REC_TEST_ACC, REC_MI, REC_SCALE};
    char *head = curves_header("task\tfeedback", "epoch", rec_name, cols, FA_ARRAY_LEN(cols));
    out_file *o = out_open(cfg, name, head);
    free(head);
    for (size_t k = 0; k < np; k++)
        for (size_t v = 0; v < p[k].nv; v++) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%s\t%s\t", p[k].tasks[0]->name, p[k].v[v].name);
            curves_write(o, prefix, p[k].epoch, p[k].rec + v * p[k].reps * p[k].nrec * REC_COUNT,
                         p[k].reps, p[k].nrec, REC_COUNT, cols, FA_ARRAY_LEN(cols));
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
