/* variants.h — the figures that compare feedback types side by side on two
 * tasks (cb23 Figs. 7 and 8): one panel per task, one curve per feedback type,
 * each trained on `reps` repetitions. */
#ifndef CB23_VARIANTS_H
#define CB23_VARIANTS_H

#include <stddef.h>

#include "cli.h"
#include "mnist.h"
#include "train.h"

typedef struct variant {
    const char *name;    /* "BP", "TF", "TF+K", ... */
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

/* Mean over repetitions of column c for variant v: at the last (first != 0:
 * the first) recorded epoch, or the whole curve into curve[nrec]. */
double vpanel_final(const vpanel *p, size_t v, rec_col c, int first);
void vpanel_curve(const vpanel *p, size_t v, rec_col c, double *curve);

/* 1 if the mean MI(H; Y) curve of each named variant is at >= 99 % of its
 * peak at the first recorded epoch; msg gets the numbers. */
int vpanel_mi_peaks_early(const vpanel *p, const char *const *names, size_t n, char *msg,
                          size_t len);

/* Index of the variant called name; dies if there is none. */
size_t vpanel_find(const vpanel *p, const char *name);

void vpanels_free(vpanel *p, size_t np);

/* Figs. 7 and 8: an IB panel (IBTask, or IBRegTask when reg; one split per
 * repetition, cfg->reps repetitions, every 5th epoch recorded) and an MNIST
 * panel (MNISTTask / MNISTRegTask, mnist_reps runs on the one data set,
 * every epoch). --quick: 150 IB epochs; 2 MNIST epochs on 4000 / 1000
 * images. */
typedef struct vfigure {
    int reg;
    const variant *ibv, *mnv;
    size_t nib, nmn;
    double ib_nfa, mn_nfa;         /* NFA's amplitude per task */
    size_t mnist_epochs;           /* 0: the task's */
    size_t mnist_reps;
    size_t mnist_train, mnist_test; /* images used; 0: all (--quick: 4000 / 1000) */
    /* filled by vfigure_run */
    task *ib, mnist;
    const task **ibp, **mnp;
    vpanel p[2];                   /* p[0] MNIST (trained first: the long runs), p[1] IB */
} vfigure;

/* --train, --test: fewer MNIST images, for tests (the programs' own options
 * come first in the table). */
#define VFIGURE_SCALE_OPTS(f)                                                              \
    {"train", OPT_SIZE, &(f).mnist_train, "MNIST training images (default all; --quick 4000)", \
     1, 60000},                                                                            \
    {"test", OPT_SIZE, &(f).mnist_test, "MNIST test images (default all; --quick 1000)", 1, 10000}

/* Build the tasks, record the parameters, train, and write the curves to
 * the TSV `file`. */
void vfigure_run(vfigure *f, run_config *cfg, const mnist_set *train, const mnist_set *test,
                 const char *file);
void vfigure_free(vfigure *f, const run_config *cfg);

#endif
