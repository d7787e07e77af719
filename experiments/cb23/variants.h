/* variants.h — the figures that compare feedback types side by side on two
 * tasks (cb23 Figs. 7 and 8): one panel per task, one curve per feedback type,
 * each trained on `reps` repetitions. */
#ifndef CB23_VARIANTS_H
#define CB23_VARIANTS_H

#include <stddef.h>

#include "claims.h"
#include "cli.h"
#include "mnist.h"
#include "train.h"

typedef struct variant {
    const char *name;    /* "BP", "TF", "TF-noK", ... */
    cb_feedback fb;
    double tf_lambda;    /* TF's entropy weight (0: none) */
} variant;

typedef struct vpanel {
    /* set by the caller */
    const task *const *tasks;   /* tasks[rep] (they may all be the same task) */
    size_t reps, epochs, every; /* epochs 0: the task's */
    double nfa_amp;
    const variant *v;
    size_t nv;
    /* filled by vpanels_run */
    size_t nrec, *epoch;
    double *rec;                /* [variant][rep][nrec][REC_COUNT] */
    train_job *jobs;            /* [variant][rep] */
} vpanel;

/* Train every (panel, variant, rep), panels in the order given (put the
 * longest first); BP keeps its activation scales fixed, every other feedback
 * type learns them (authors' run3/run4). Repetition r of every variant starts
 * from the same network and data. */
void vpanels_run(vpanel *p, size_t np, const run_config *cfg);

/* One TSV of mean +- SEM curves: task, feedback, epoch, loss, acc, test
 * loss, test acc, MI, scale, nearest-decile test acc (MNISTRegTask only). */
void vpanels_write(const vpanel *p, size_t np, const run_config *cfg, const char *name);

/* The same curves for every run of one panel, condition "<task>,<type>,run=r"
 * (r from 0; run r of every type starts from the same network), n = 1:
 * where a mean hides runs that differ in kind (one that never starts to learn
 * among ones that do). */
void vpanel_write_runs(const vpanel *p, const run_config *cfg, const char *name);

/* Mean over repetitions of column c for variant v: at the last (first != 0:
 * the first) recorded epoch, or the whole curve into curve[nrec]. */
double vpanel_final(const vpanel *p, size_t v, rec_col c, int first);
void vpanel_curve(const vpanel *p, size_t v, rec_col c, double *curve);

/* Column c of variant v per repetition, at the last (first != 0: the first)
 * recorded epoch: out[reps]. */
void vpanel_values(const vpanel *p, size_t v, rec_col c, int first, double *out);

/* The ceiling of the MI estimator for repetition r: H(Y) of the task's
 * training labels at the task's bin width (info.h). */
double vpanel_mi_ceiling(const vpanel *p, size_t r);

/* ---- the claims of Figs. 7 and 8 (issue 16's rules, claims.h) ---- */

/* MI within this of H(Y) is at the estimator's ceiling (rule 4): the binned
 * MI cannot exceed H(Y), and 0.01 bits is a tenth of the smallest MI change
 * the paper's figures discuss (IBTask's compression, about 0.1-0.2 bits). */
#define VCLAIM_CEILING_BITS 0.01

/* "each of others[] is close to ref": one part per variant, the final values
 * of column c paired by repetition (repetition r of every variant starts
 * from the same network and data), within +-tol (tol_source: where tol
 * comes from). */
claim *vclaims_close_to(claims *cl, const vpanel *p, const char *name, const char *statement,
                        rec_col c, const char *ref, const char *const *others, size_t n,
                        double tol, const char *tol_source);

/* "MI(H; Y) of each named variant reaches its peak after one epoch": per
 * run, 100 MI(epoch 1) / max over the epochs of MI, within tol_pct of 100.
 * Inconclusive, with the reason, when every run's MI after epoch 1 is at the
 * ceiling (VCLAIM_CEILING_BITS). */
claim *vclaims_mi_peaks_early(claims *cl, const vpanel *p, const char *name,
                              const char *statement, const char *const *names, size_t n,
                              double tol_pct, const char *tol_source);

/* "MI(H; Y) of variant `which` rises, then falls": per repetition r, the MI
 * at the last epoch minus the MI at the epoch where the mean curve of the
 * *other* repetitions peaks before the last (curves_loo_extreme; a curve
 * still rising at the end has not fallen), below 0. Inconclusive when
 * every run ends at the ceiling. */
claim *vclaims_mi_falls(claims *cl, const vpanel *p, const char *name, const char *statement,
                        const char *which);

/* Index of the variant called name; dies if there is none. */
size_t vpanel_find(const vpanel *p, const char *name);

void vpanels_free(vpanel *p, size_t np);

/* Figs. 7 and 8: an IB panel (IBTask, or IBRegTask when reg; one split per
 * repetition, cfg->reps repetitions, every 5th epoch recorded) and an MNIST
 * panel (MNISTTask / MNISTRegTask, mnist_reps runs on the one data set,
 * every epoch). --quick: 150 IB epochs; 1 MNIST run of 2 epochs on
 * 4000 / 1000 images. */
typedef struct vfigure {
    int reg;
    const variant *ibv, *mnv;
    size_t nib, nmn;
    double ib_nfa, mn_nfa;         /* NFA's amplitude per task */
    size_t mnist_epochs;           /* 0: the task's */
    size_t mnist_reps;             /* 0: the authors' 10 (run3, run4; --quick: 1) */
    size_t mnist_train, mnist_test; /* images used; 0: all (--quick: 4000 / 1000) */
    /* filled by vfigure_run */
    task *ib, mnist;
    const task **ibp, **mnp;
    vpanel p[2];                   /* p[0] MNIST (trained first: the long runs), p[1] IB */
} vfigure;

/* --mnist-reps, --train, --test: fewer MNIST runs and images, for tests
 * (the programs' own options come first in the table). */
#define VFIGURE_SCALE_OPTS(f)                                                              \
    {"mnist-reps", OPT_SIZE, &(f).mnist_reps,                                              \
     "MNIST repetitions (default 10, the authors'; --quick 1)", 1, 100},                   \
    {"train", OPT_SIZE, &(f).mnist_train, "MNIST training images (default all; --quick 4000)", \
     1, 60000},                                                                            \
    {"test", OPT_SIZE, &(f).mnist_test, "MNIST test images (default all; --quick 1000)", 1, 10000}

/* Build the tasks, record the parameters, train, and write the curves to
 * the TSV `file`. */
void vfigure_run(vfigure *f, run_config *cfg, const mnist_set *train, const mnist_set *test,
                 const char *file);
void vfigure_free(vfigure *f, const run_config *cfg);

#endif
