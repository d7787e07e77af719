/* train.h — cb23's tasks and the training loop of Figs. 1, 4, 7 and 8.
 *
 * Tasks (authors' code, FACTS "Paper D"; all trained with Adam on the mean
 * squared error, batches in a fixed order, no shuffling):
 *   IBTask       12-8-4-2, sigmoid output, one-hot targets; full batch (3277),
 *                lr 1e-3, 1000 epochs; metric: argmax accuracy
 *   IBRegTask    12-8-4-1, sigmoid output, target = label; metric: accuracy
 *                at threshold 0.5
 *   ClippedPoly  12-12-12-2, hardtanh(+-5) output, 5120 samples (80/20),
 *                batch 256, lr 5e-3; metric: R^2
 *   MNISTTask    backbone (conv.h) -> 128, encoder 64-32, decoder 10, sigmoid
 *                output, one-hot targets; batch 64, lr 1e-3, 10 epochs;
 *                metric: argmax accuracy
 *   MNISTRegTask the same with decoder 32-1, identity output, target =
 *                label / 10; batch 128, lr 5e-4, 30 epochs; metric:
 *                floor(10 yhat) == label. The target sits on the lower edge of
 *                its bin, so a prediction a hair below it counts as wrong; we
 *                add the nearest-decile rate round(10 yhat) == label
 *                (MET_NEAREST) on the test set
 *
 * Per recorded epoch the loop writes: training loss and metric (means over
 * the epoch's batches, each computed in the batch's forward pass before its
 * update, as the authors log them), test loss and metric after the epoch (no
 * dropout), MI(H; Y) of the epoch's concatenated codes H with bin width 0.1
 * (info.h; Y is the class label, or the targets for ClippedPoly), the same
 * loss and metric for a least-squares linear readout of H (with intercept,
 * fitted on the training set), the last encoder layer's activation scale, and
 * for MNISTRegTask the nearest-decile test accuracy (NaN for the others). */
#ifndef CB23_TRAIN_H
#define CB23_TRAIN_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "mat.h"
#include "mnist.h"
#include "model.h"
#include "progress.h"

typedef enum { TASK_IB, TASK_IBREG, TASK_POLY, TASK_MNIST, TASK_MNISTREG } task_kind;
typedef enum { MET_ARGMAX, MET_THRESHOLD, MET_DECILE, MET_NEAREST, MET_R2 } metric_kind;

typedef struct task {
    task_kind kind;
    const char *name;         /* "IBTask", ... */
    size_t nenc, w[5];        /* encoder layers; widths w[0] .. w[nenc + 1] */
    cb_output out;
    metric_kind metric;
    int conv;                 /* the MNIST backbone sits below the encoder */
    double lr;
    size_t batch, epochs;
    double mi_width;          /* 0.1 */
    mat Xtr, Ytr, Ctr;        /* inputs, targets, what MI(H; .) is measured against */
    mat Xte, Yte, Cte;
    unsigned char *ltr, *lte; /* class labels (NULL for ClippedPoly) */
} task;

/* IBTask (reg = 0) or IBRegTask (reg = 1) on the split drawn from r. */
task task_ib(int reg, gsl_rng *r);
/* ClippedPolynomialTask: data and its weights drawn from r. */
task task_poly(gsl_rng *r);
/* MNISTTask (reg = 0) or MNISTRegTask (reg = 1) on the first ntrain
 * training and ntest test images (0: all); pixels / 255 normalised with the
 * authors' (0.1307, 0.3081). The sets are not kept. */
task task_mnist(int reg, const mnist_set *train, const mnist_set *test, size_t ntrain,
                size_t ntest);
void task_free(task *t);

/* The metric of rows of Yhat against targets Y and labels. */
double task_metric(const task *t, mat Yhat, mat Y, const unsigned char *labels);

typedef enum {
    REC_LOSS, REC_ACC, REC_TEST_LOSS, REC_TEST_ACC, REC_MI, REC_REG_LOSS, REC_REG_ACC,
    REC_SCALE, REC_TEST_NEAREST, REC_COUNT
} rec_col;
extern const char *const rec_name[REC_COUNT];   /* column names for the TSVs */

typedef struct train_opts {
    cb_spec spec;             /* fb, learn_scale, learn_decoder, tf_lambda, nfa_amp (out, lr from the task) */
    size_t epochs;            /* 0: the task's */
    size_t every;             /* record epochs 1, every, 2 every, ..., and the last */
    int mi, readout;          /* compute MI(H; Y) / the linear readout at recorded epochs */
} train_opts;

/* The recorded epochs: returns their number and, when epoch != NULL, fills it. */
size_t train_records(size_t epochs, size_t every, size_t *epoch);

/* Train one network. Streams: r_init draws the weights (backbone, then
 * encoder and decoder), r_fb the feedback matrices, r_noise NFA's noise and
 * dropout. rec receives train_records() rows of REC_COUNT values (NaN where a
 * value is not computed). what names the run in messages ("IBTask FA rep 3").
 * prog (may be NULL) advances by one per epoch. Dies with the epoch and the
 * quantity when a loss or parameter stops being finite. */
void train_run(const task *t, const train_opts *o, gsl_rng *r_init, gsl_rng *r_fb,
               gsl_rng *r_noise, double *rec, const char *what, progress *prog);

/* One training run of a figure. */
typedef struct train_job {
    const task *t;
    train_opts o;
    size_t rep;               /* the repetition: names the weight streams */
    size_t stream;            /* names the job's own noise stream */
    double *rec;              /* train_records() x REC_COUNT */
    char what[96];            /* for messages */
} train_job;

/* Run the jobs with par_for (handed out in index order: put the long ones
 * first). Job j draws its weights from stream (seed, rep, 1) and its feedback
 * matrices from (seed, rep, 2) — so the jobs of one repetition start from the
 * same network — and its noise from (seed, rep, 16 + stream). The results do
 * not depend on the number of threads. */
void train_jobs(train_job *jobs, size_t n, uint64_t seed, int threads, const char *label);

/* The value of column c at the last recorded epoch, for the reps jobs from
 * jobs[0] on; out has reps entries. With first != 0, at the first one. */
void train_final(double *out, const train_job *jobs, size_t reps, rec_col c, int first);

#endif
