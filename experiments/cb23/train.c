#include "train.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "ibtask.h"
#include "info.h"
#include "linreg.h"
#include "par.h"
#include "rng.h"
#include "util.h"

const char *const rec_name[REC_COUNT] = {"loss", "acc", "test_loss", "test_acc", "mi",
                                         "reg_loss", "reg_acc", "scale", "test_acc_nearest"};

/* ---- tasks ------------------------------------------------------------------- */

enum {
    POLY_N = 5120, POLY_TRAIN = 4096,   /* authors' code: 80/20 */
    POLY_IN = 12, POLY_OUT = 2,
};
#define POLY_NOISE 1.2   /* authors' code: y = clip(X^2 w1 + X w + 1.2 N(0,1), -5, 5) */
#define POLY_CLIP 5.0
#define MNIST_MEAN 0.1307  /* authors' code: torchvision Normalize((0.1307,), (0.3081,)) */
#define MNIST_SD 0.3081
#define MI_WIDTH 0.1       /* cb23 sec. 2.4: bin size 0.1 */

static void one_hot(mat Y, const unsigned char *labels)
{
    mat_fill(Y, 0.0f);
    for (size_t i = 0; i < Y.rows; i++)
        *mat_at(Y, i, labels[i]) = 1.0f;
}

static void label_column(mat C, const unsigned char *labels, float scale)
{
    for (size_t i = 0; i < C.rows; i++)
        *mat_at(C, i, 0) = scale * (float)labels[i];
}

/* A task with its architecture and training settings, no data yet. */
static task task_make(task_kind kind, const char *name, size_t nenc, const size_t *w,
                      cb_output out, metric_kind metric, double lr, size_t batch, size_t epochs)
{
    task t;
    memset(&t, 0, sizeof t);
    t.kind = kind, t.name = name, t.nenc = nenc;
    memcpy(t.w, w, (nenc + 2) * sizeof *w);
    t.out = out, t.metric = metric;
    t.lr = lr, t.batch = batch, t.epochs = epochs, t.mi_width = MI_WIDTH;
    return t;
}

/* Targets of a labelled set: one-hot, or the label times `scale` (reg); and
 * the label column MI(H; .) is measured against (its bins are the classes). */
static void label_targets(mat *Y, mat *C, const unsigned char *labels, size_t n, size_t p,
                          int reg, float scale)
{
    *Y = mat_alloc(n, p);
    if (reg)
        label_column(*Y, labels, scale);
    else
        one_hot(*Y, labels);
    *C = mat_alloc(n, 1);
    label_column(*C, labels, 1.0f);
}

task task_ib(int reg, gsl_rng *r)
{
    const size_t w[] = {IB_BITS, 8, 4, reg ? 1 : 2};
    task t = task_make(reg ? TASK_IBREG : TASK_IB, reg ? "IBRegTask" : "IBTask", 2, w,
                       OUT_SIGMOID, reg ? MET_THRESHOLD : MET_ARGMAX, 1e-3, IB_TRAIN, 1000);
    size_t order[IB_PATTERNS];
    ib_split(r, order);
    size_t n[2] = {IB_TRAIN, IB_TEST};
    mat *X[2] = {&t.Xtr, &t.Xte}, *Y[2] = {&t.Ytr, &t.Yte}, *C[2] = {&t.Ctr, &t.Cte};
    unsigned char **l[2] = {&t.ltr, &t.lte};
    for (int s = 0; s < 2; s++) {
        *X[s] = mat_alloc(n[s], IB_BITS);
        *l[s] = fa_malloc(n[s]);
        ib_rows(order + (s ? IB_TRAIN : 0), *X[s], *l[s]);
        label_targets(Y[s], C[s], *l[s], n[s], t.w[3], reg, 1.0f);
    }
    return t;
}

task task_poly(gsl_rng *r)
{
    const size_t w[] = {POLY_IN, 12, 12, 12, POLY_OUT};
    task t = task_make(TASK_POLY, "ClippedPolynomialTask", 3, w, OUT_HARDTANH5, MET_R2, 5e-3,
                       256, 100);
    mat wl = mat_alloc(POLY_IN, POLY_OUT), wq = mat_alloc(POLY_IN, POLY_OUT);
    mat X = mat_alloc(POLY_N, POLY_IN), Y = mat_alloc(POLY_N, POLY_OUT);
    mat_gauss(wl, r, 0, 1);
    mat_gauss(wq, r, 0, 1);
    mat_gauss(X, r, 0, 1);
    for (size_t i = 0; i < POLY_N; i++)
        for (size_t k = 0; k < POLY_OUT; k++) {
            double y = 0;
            for (size_t j = 0; j < POLY_IN; j++) {
                double x = *mat_at(X, i, j);
                y += x * x * *mat_at(wq, j, k) + x * *mat_at(wl, j, k);
            }
            y += POLY_NOISE * gsl_ran_gaussian_ziggurat(r, 1.0);
            *mat_at(Y, i, k) = (float)fmin(POLY_CLIP, fmax(-POLY_CLIP, y));
        }
    t.Xtr = mat_alloc(POLY_TRAIN, POLY_IN), t.Xte = mat_alloc(POLY_N - POLY_TRAIN, POLY_IN);
    t.Ytr = mat_alloc(POLY_TRAIN, POLY_OUT), t.Yte = mat_alloc(POLY_N - POLY_TRAIN, POLY_OUT);
    t.Ctr = mat_alloc(POLY_TRAIN, POLY_OUT), t.Cte = mat_alloc(POLY_N - POLY_TRAIN, POLY_OUT);
    mat_copy(t.Xtr, mat_rows(X, 0, POLY_TRAIN));
    mat_copy(t.Xte, mat_rows(X, POLY_TRAIN, POLY_N - POLY_TRAIN));
    mat_copy(t.Ytr, mat_rows(Y, 0, POLY_TRAIN));
    mat_copy(t.Yte, mat_rows(Y, POLY_TRAIN, POLY_N - POLY_TRAIN));
    mat_copy(t.Ctr, t.Ytr);
    mat_copy(t.Cte, t.Yte);
    mat_free(&wl), mat_free(&wq), mat_free(&X), mat_free(&Y);
    return t;
}

task task_mnist(int reg, const mnist_set *train, const mnist_set *test, size_t ntrain,
                size_t ntest)
{
    const size_t w[] = {BACKBONE_OUT, 64, 32, reg ? 1 : 10};
    task t = task_make(reg ? TASK_MNISTREG : TASK_MNIST, reg ? "MNISTRegTask" : "MNISTTask", 2,
                       w, reg ? OUT_IDENTITY : OUT_SIGMOID, reg ? MET_DECILE : MET_ARGMAX,
                       reg ? 5e-4 : 1e-3, reg ? 128 : 64, reg ? 30 : 10);
    t.conv = 1;
    const mnist_set *set[2] = {train, test};
    mat *X[2] = {&t.Xtr, &t.Xte}, *Y[2] = {&t.Ytr, &t.Yte}, *C[2] = {&t.Ctr, &t.Cte};
    unsigned char **l[2] = {&t.ltr, &t.lte};
    const size_t want[2] = {ntrain, ntest};
    for (int s = 0; s < 2; s++) {
        size_t n = want[s] && want[s] < set[s]->count ? want[s] : set[s]->count;
        mnist_set sub = *set[s];
        sub.count = n;   /* the first n images */
        *X[s] = mat_alloc(n, MNIST_SIDE * MNIST_SIDE);
        mnist_features(&sub, MNIST_SIDE, *X[s]);
        for (size_t i = 0; i < n * MNIST_SIDE * MNIST_SIDE; i++)
            X[s]->v[i] = (float)((X[s]->v[i] - MNIST_MEAN) / MNIST_SD);
        *l[s] = fa_malloc(n);
        memcpy(*l[s], set[s]->labels, n);
        label_targets(Y[s], C[s], *l[s], n, t.w[3], reg, 0.1f);
    }
    return t;
}

void task_free(task *t)
{
    mat *m[] = {&t->Xtr, &t->Ytr, &t->Ctr, &t->Xte, &t->Yte, &t->Cte};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
    free(t->ltr), free(t->lte);
    memset(t, 0, sizeof *t);
}

double task_metric(const task *t, mat Yh, mat Y, const unsigned char *labels)
{
    size_t n = Yh.rows, p = Yh.cols, good = 0;
    if (n == 0)
        return NAN;
    if (t->metric == MET_R2) {   /* sklearn's r2_score, averaged over the outputs */
        double r2 = 0;
        for (size_t k = 0; k < p; k++) {
            double mean = 0, ss_res = 0, ss_tot = 0;
            for (size_t i = 0; i < n; i++)
                mean += *mat_at(Y, i, k);
            mean /= (double)n;
            for (size_t i = 0; i < n; i++) {
                double y = *mat_at(Y, i, k), e = y - *mat_at(Yh, i, k);
                ss_res += e * e, ss_tot += (y - mean) * (y - mean);
            }
            r2 += 1.0 - ss_res / ss_tot;
        }
        return r2 / (double)p;
    }
    for (size_t i = 0; i < n; i++) {
        const float *y = mat_at(Yh, i, 0);
        size_t pred = 0;
        switch (t->metric) {
        case MET_ARGMAX:
            for (size_t k = 1; k < p; k++)
                pred = y[k] > y[pred] ? k : pred;
            good += pred == labels[i];
            break;
        case MET_THRESHOLD:
            good += (size_t)(y[0] > 0.5f) == labels[i];
            break;
        case MET_DECILE:   /* floor(10 yhat) names the class */
            good += floorf(10.0f * y[0]) == (float)labels[i];
            break;
        default:           /* MET_NEAREST: the nearest decile */
            good += nearbyintf(10.0f * y[0]) == (float)labels[i];
            break;
        }
    }
    return (double)good / (double)n;
}

/* ---- training ---------------------------------------------------------------- */

size_t train_records(size_t epochs, size_t every, size_t *epoch)
{
    size_t n = 0;
    for (size_t e = 1; e <= epochs; e++)
        if (e == 1 || e % every == 0 || e == epochs) {
            if (epoch)
                epoch[n] = e;
            n++;
        }
    return n;
}

/* The network (and backbone) of one run, with their batch buffers. */
typedef struct runner {
    const task *t;
    cb_model m;
    cb_cache c;
    backbone bb;
    mat E, dE;      /* backbone output / its gradient (conv tasks) */
} runner;

/* Forward one batch; returns the model input used. */
static mat forward(runner *r, mat X, gsl_rng *dropout)
{
    mat in = X;
    if (r->t->conv) {
        in = mat_rows(r->E, 0, X.rows);
        backbone_forward(&r->bb, X, in, dropout);
    }
    cb_forward(&r->m, in, &r->c);
    return in;
}

/* Test loss, metric and (MNISTRegTask) nearest-decile accuracy over the whole
 * test set, in batches, no dropout. */
static void evaluate(runner *r, double *loss, double *metric, double *nearest)
{
    const task *t = r->t;
    size_t n = t->Xte.rows, p = t->Yte.cols;
    mat Yh = mat_alloc(n, p);
    double se = 0;
    for (size_t s = 0; s < n; s += t->batch) {
        size_t nb = n - s < t->batch ? n - s : t->batch;
        forward(r, mat_rows(t->Xte, s, nb), NULL);
        se += cb_loss(&r->c, mat_rows(t->Yte, s, nb)) * (double)(nb * p);
        mat_copy(mat_rows(Yh, s, nb), mat_rows(r->c.Yhat, 0, nb));
    }
    *loss = se / (double)(n * p);
    *metric = task_metric(t, Yh, t->Yte, t->lte);
    if (t->metric == MET_DECILE) {
        task tn = *t;
        tn.metric = MET_NEAREST;
        *nearest = task_metric(&tn, Yh, t->Yte, t->lte);
    }
    mat_free(&Yh);
}

/* The linear readout of the training codes: loss and metric of its fit. */
static void readout(const task *t, mat Hcat, double *loss, double *metric)
{
    size_t n = Hcat.rows, d = Hcat.cols, p = t->Ytr.cols;
    double *X = fa_malloc(n * d * sizeof *X), *Y = fa_malloc(n * p * sizeof *Y);
    double *fit = fa_malloc(n * p * sizeof *fit), *coef = fa_malloc((d + 1) * p * sizeof *coef);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = *mat_at(Hcat, i, j);
        for (size_t k = 0; k < p; k++)
            Y[i * p + k] = *mat_at(t->Ytr, i, k);
    }
    linreg(coef, fit, X, Y, n, d, p, 1);
    mat F = mat_alloc(n, p);
    double se = 0;
    for (size_t i = 0; i < n * p; i++) {
        se += (fit[i] - Y[i]) * (fit[i] - Y[i]);
        F.v[i] = (float)fit[i];
    }
    *loss = se / (double)(n * p);
    *metric = task_metric(t, F, t->Ytr, t->ltr);
    mat_free(&F);
    free(X), free(Y), free(fit), free(coef);
}

void train_run(const task *t, const train_opts *o, gsl_rng *r_init, gsl_rng *r_fb,
               gsl_rng *r_noise, double *rec, const char *what, progress *prog)
{
    size_t epochs = o->epochs ? o->epochs : t->epochs, ntr = t->Xtr.rows;
    size_t hw = t->w[t->nenc], nrec = train_records(epochs, o->every, NULL);
    cb_spec spec = o->spec;
    spec.out = t->out, spec.lr = t->lr;
    runner r;
    memset(&r, 0, sizeof r);
    r.t = t;
    if (t->conv) {
        r.bb = backbone_create(t->batch, r_init);
        r.E = mat_alloc(t->batch, BACKBONE_OUT), r.dE = mat_alloc(t->batch, BACKBONE_OUT);
    }
    r.m = cb_model_create(&spec, t->nenc, t->w, t->batch, r_init, r_fb);
    r.c = cb_cache_alloc(&r.m, t->batch);
    mat Hcat = mat_alloc(ntr, hw), none = {0, 0, 0, NULL};
    for (size_t i = 0; i < nrec * REC_COUNT; i++)
        rec[i] = NAN;

    for (size_t e = 1, k = 0; e <= epochs; e++) {
        int record = k < nrec && (e == 1 || e % o->every == 0 || e == epochs);
        double sum_loss = 0, sum_acc = 0;
        size_t batches = 0;
        for (size_t s = 0; s < ntr; s += t->batch, batches++) {
            size_t nb = ntr - s < t->batch ? ntr - s : t->batch;
            mat X = mat_rows(t->Xtr, s, nb), Y = mat_rows(t->Ytr, s, nb);
            mat in = forward(&r, X, r_noise);
            double loss = cb_loss(&r.c, Y);
            double acc = task_metric(t, mat_rows(r.c.Yhat, 0, nb), Y, t->ltr ? t->ltr + s : NULL);
            if (!isfinite(loss))
                fa_die("%s: epoch %zu, batch %zu: the training loss (decoder output) is %g", what, e,
                       batches + 1, loss);
            sum_loss += loss, sum_acc += acc;
            if (record)
                mat_copy(mat_rows(Hcat, s, nb), mat_rows(r.c.H[t->nenc - 1], 0, nb));
            mat dIn = t->conv ? mat_rows(r.dE, 0, nb) : none;
            cb_backward(&r.m, &r.c, in, Y, acc, dIn, r_noise);
            cb_step(&r.m);
            if (t->conv) {
                backbone_backward(&r.bb, dIn);
                backbone_adam(&r.bb, &r.m.opt);   /* the same Adam step as the network */
            }
        }
        if (record) {
            char bad[64];
            if (!cb_model_finite(&r.m, bad, sizeof bad) ||
                (t->conv && !backbone_finite(&r.bb, bad, sizeof bad)))
                fa_die("%s: epoch %zu: the %s are no longer finite", what, e, bad);
            double *row = rec + k * REC_COUNT;
            row[REC_LOSS] = sum_loss / (double)batches;
            row[REC_ACC] = sum_acc / (double)batches;
            evaluate(&r, &row[REC_TEST_LOSS], &row[REC_TEST_ACC], &row[REC_TEST_NEAREST]);
            if (o->mi)
                row[REC_MI] = binned_mi(Hcat, t->Ctr, t->mi_width);
            if (o->readout)
                readout(t, Hcat, &row[REC_REG_LOSS], &row[REC_REG_ACC]);
            row[REC_SCALE] = r.m.scale[t->nenc - 1];
            k++;
        }
        if (prog)
            progress_add(prog, 1);
    }
    mat_free(&Hcat);
    cb_cache_free(&r.c);
    cb_model_free(&r.m);
    if (t->conv) {
        backbone_free(&r.bb);
        mat_free(&r.E), mat_free(&r.dE);
    }
}

typedef struct jobs_ctx {
    train_job *jobs;
    uint64_t seed;
    progress *prog;
} jobs_ctx;

static void run_job(size_t i, void *ctx)
{
    jobs_ctx *c = ctx;
    train_job *j = &c->jobs[i];
    gsl_rng *ri = rng_stream(c->seed, j->rep, 1), *rf = rng_stream(c->seed, j->rep, 2);
    gsl_rng *rn = rng_stream(c->seed, j->rep, 16 + j->stream);
    train_run(j->t, &j->o, ri, rf, rn, j->rec, j->what, c->prog);
    rng_free(ri), rng_free(rf), rng_free(rn);
}

static void job_io(size_t i, void *ctx, par_io *io)
{
    const train_job *j = &((jobs_ctx *)ctx)->jobs[i];
    size_t nrec = train_records(j->o.epochs ? j->o.epochs : j->t->epochs, j->o.every, NULL);
    par_io_bytes(io, j->rec, nrec * REC_COUNT * sizeof *j->rec);
}

void train_jobs(train_job *jobs, size_t n, uint64_t seed, int threads, const char *label)
{
    size_t epochs = 0;
    for (size_t i = 0; i < n; i++)
        epochs += jobs[i].o.epochs ? jobs[i].o.epochs : jobs[i].t->epochs;
    progress prog;
    progress_begin(&prog, label, epochs);
    jobs_ctx c = {jobs, seed, &prog};
    par_jobs(n, threads, run_job, job_io, &c);
    progress_end(&prog);
}

void train_final(double *out, const train_job *jobs, size_t reps, rec_col c, int first)
{
    for (size_t r = 0; r < reps; r++) {
        const train_job *j = &jobs[r];
        size_t nrec = train_records(j->o.epochs ? j->o.epochs : j->t->epochs, j->o.every, NULL);
        out[r] = j->rec[(first ? 0 : nrec - 1) * REC_COUNT + c];
    }
}
