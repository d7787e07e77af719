/* deepmnist.h — rs21's deep MNIST experiments (sections 2.5-2.6, Methods 4.1-4.9),
 * shared by the rs21 figures 6, 7, 8, S2, S3 and the hs23 figures 4-10.
 *
 * The network is 225-w-w-w-w-w (w = 50, or 100 with 10-hot codes), tanh∘ReLU on
 * every layer, trained on 15 x 15 bilinear MNIST in batches of 1000 visited in
 * the natural order of the MNIST training file, every epoch the same (60
 * iterations per epoch). Targets are mutually exclusive n-hot codes (codes.h);
 * a prediction is the class whose code has the largest inner product with the
 * output. Test accuracy is measured on the test set at the *start* of every
 * epoch, so entry 0 is the untrained network (authors' code).
 *
 * Files: deepmnist.c (dm_run, the training loop; dm_run_all), deepmnist_data.c,
 * deepmnist_measure.c and deepmnist_terms.c (what a run measures, as observers:
 * deepmnist_observe.h), deepmnist_prog.c (scale, parameters, output, the frame
 * of a program).
 *
 * One call of dm_run trains one network (one condition, one repetition) and
 * records what the setup asks for, at every iteration k (before the step of
 * k): W_l ∠ B_l^T and ||W_l||_F; optionally ΔW_FA ∠ ΔW_BP from a second, BP
 * backward pass on the same forward pass; the alignment terms of rs21 eq. 21
 * at chosen iterations (from a history of past iterations); chosen elements of
 * L_l and δ_l for autocorrelograms; the output pre-activations of one batch;
 * the hs23 "shadow" weights of Fig. 9 and the fresh-feedback network of Fig. 10. Layers are indexed as the
 * weights: W_0 (225 x w) .. W_4 (w x w); B_l exists for l = 1..4. */
#ifndef FA_DEEPMNIST_H
#define FA_DEEPMNIST_H

#include <stddef.h>
#include <stdint.h>

#include "claims.h"
#include "cli.h"
#include "mat.h"
#include "net.h"
#include "out.h"
#include "progress.h"

enum {
    DM_DEPTH = 5,          /* weight matrices W_0..W_4 (rs21 Fig. 6I) */
    DM_CLASSES = 10,
    DM_BATCH = 1000,       /* rs21 sec. 2.5: 60 mini-batches of the 60 000 images */
    DM_SIDE = 15,          /* 15 x 15 images, 225 inputs (Methods 4.3) */
    DM_TRACE_MAX = 16,     /* elements traced per layer and quantity */
};

/* W, B (and b) ~ N(0, DM_INIT_SD^2) (authors' code: randn * 0.1; text: "N(0, 0.1)"). */
#define DM_INIT_SD 0.1

/* Label smoothing of the authors' code (FACTS, Fig. 8/S3): y <- 0.95 y + 0.05,
 * so ones stay 1.0 and zeros become 0.05. (The text of Suppl. Note 4 says ones
 * become 0.95, i.e. y <- 0.9 y + 0.05; see paper/rs21.md.) */
#define DM_LS_SCALE 0.95
#define DM_LS_OFFSET 0.05

/* Random streams of a repetition (rng.h): the same for every condition, so
 * conditions are compared on the same initial weights and codes. */
enum { DM_STREAM_INIT = 0, DM_STREAM_CODE = 1, DM_STREAM_PICK = 2, DM_STREAM_FRESHB = 3 };

typedef struct dm_data {
    size_t ntrain, ntest;
    mat Xtrain, Xtest;         /* one image per row, pixel/255, bilinear 15 x 15 */
    uint8_t *ytrain, *ytest;
} dm_data;

/* The first ntrain training and ntest test images (both multiples of DM_BATCH)
 * of MNIST in dir; dies with a message when the files are missing. */
void dm_data_load(dm_data *d, const char *dir, size_t ntrain, size_t ntest);
void dm_data_free(dm_data *d);

typedef enum {
    DM_WN_NONE,
    DM_WN_NEURON,   /* rs21 eq. 32: every column of W_l to norm gamma, every step */
    DM_WN_LAYER,    /* W_l <- gamma W_l / ||W_l||_F every step (gamma = 7.07) */
} dm_wn;

/* What a run measures besides accuracy, loss, W ∠ B^T and ||W||_F. */
enum {
    DM_M_DW = 1u << 0,       /* ΔW_FA ∠ ΔW_BP per layer, every iteration */
    DM_M_TERMS = 1u << 1,    /* alignment terms at term_iters, lag sweeps at sweep_iters */
    DM_M_TRACE = 1u << 2,    /* trace elements of L_l and delta_l, every iteration */
    DM_M_ZOUT = 1u << 3,     /* Z_5 of the last batch of epoch zout_epoch */
    DM_M_SHADOW = 1u << 4,   /* hs23 Fig. 9 shadow weights */
    DM_M_FRESH = 1u << 5,    /* hs23 Fig. 10: a second network with fresh B every iteration */
};

/* Alignment-term quantities at a sampled iteration, each as an angle to B_l^T. */
enum {
    DM_T_1,          /* T^1_l[k] (rs21 eq. 21, o = 1) */
    DM_T_60,         /* T^60_l[k]: the same batch one epoch earlier */
    DM_T_SUP0,       /* eta f(L_{l-1}[k] W_{l-1}[0] + b_l)^T delta_{l+1}[k] (authors' code) */
    DM_T_SUP1,       /* T^1_sup of eq. 22: as SUP0 with W_{l-1}[k-1] */
    DM_T_DW,         /* ΔW_l[k] */
    DM_T_COUNT,
};

typedef struct dm_setup {
    const char *name;          /* condition name in the output */
    size_t width, nhot;        /* 50 and 5, or 100 and 10 */
    feedback fb;               /* FB_FA trains with B, FB_BP with W^T */
    int bias;
    double eta, init_sd;       /* W, B (and b) ~ N(0, init_sd^2) */
    dm_wn wn;
    double gamma;              /* column norm (neuron-wise) or Frobenius norm (layer-wise) */
    int norm_b;                /* at init, B like W: columns (neuron) or Frobenius norm (layer) */
    int match_b;               /* after every step B_l <- B_l ||W_l||_F / ||B_l||_F */
    int smoothing;             /* label smoothing y <- DM_LS_SCALE y + DM_LS_OFFSET */
    size_t epochs;
    size_t relabel_epoch;      /* > 0: a fresh random code from the start of this epoch on */
    unsigned measure;          /* DM_M_* */
    int accuracy_only;         /* skip the default W ∠ B^T and ||W||_F (figures that
                                  record only accuracies) */
    size_t zout_epoch;         /* DM_M_ZOUT: 0-based epoch whose last batch is kept */
    const size_t *term_iters;  /* DM_M_TERMS: sampled iterations, increasing */
    size_t n_term_iters;
    const size_t *sweep_iters; /* DM_M_TERMS: iterations with a full lag sweep */
    size_t n_sweep_iters, sweep_lags;   /* lags 1..sweep_lags */
    size_t trace_elems;        /* DM_M_TRACE: elements per layer (<= DM_TRACE_MAX) */
} dm_setup;

/* The setup every rs21 and hs23 deep figure starts from: width w with
 * (w/10)-hot codes, trained by fb at learning rate eta for `epochs`, bias on,
 * W, B and b ~ N(0, DM_INIT_SD^2), no weight normalisation, no label
 * smoothing, no relabelling, nothing measured beyond the defaults. A program
 * changes the fields that differ (e.g. .bias = 0, .measure, .relabel_epoch). */
dm_setup dm_setup_rs21(const char *name, size_t width, feedback fb, double eta, size_t epochs);
/* Weight normalisation wn of W to gamma every step; with norm_b, B normalised
 * the same way once at init. */
void dm_setup_wn(dm_setup *s, dm_wn wn, double gamma, int norm_b);

/* The history ring holds the last DM_HIST_LEN iterations: lag 60 and sweeps
 * up to lag 65 (hs23 Fig. 7, k = 66 from iteration 1 on). */
enum { DM_HIST_LEN = 66 };

typedef struct dm_record {
    size_t epochs, iters;
    double *acc;       /* [epochs] test accuracy (fraction) at the start of each epoch */
    double *loss;      /* [epochs] mean over the epoch's batches of 1/2 sum E^2 / batch */
    double *wb;        /* [iters][DM_DEPTH] W_l ∠ B_l^T (l = 0: NaN) */
    double *wnorm;     /* [iters][DM_DEPTH] ||W_l||_F */
    double *dw;        /* [iters][DM_DEPTH] ΔW_FA ∠ ΔW_BP (DM_M_DW) */
    double *terms;     /* [n_term_iters][DM_DEPTH][DM_T_COUNT] (l = 0: NaN) */
    double *sweep;     /* [n_sweep_iters][sweep_lags][DM_DEPTH] T^o angles */
    double *trace_L;   /* [iters][DM_DEPTH][trace_elems]: element of L_{l+1} */
    double *trace_d;   /* [iters][DM_DEPTH][trace_elems]: element of delta_{l+1} */
    double *shadow_lin;   /* [iters][DM_DEPTH] W'_l ∠ B_l^T, linear update (hs23 Fig. 9) */
    double *shadow_fresh; /* [iters][DM_DEPTH] W''_l ∠ (sum_{j<k} B''_l[j])^T, fresh B (hs23 Fig. 10) */
    float *zout;       /* [DM_BATCH][width] output pre-activations (DM_M_ZOUT) */
    size_t zout_len;
} dm_record;

/* Train one network for setup s, repetition rep (streams of (seed, rep)),
 * filling rec. Stops the program with the epoch, layer and quantity named
 * when a weight or a measured quantity becomes NaN or infinite. progress (may
 * be NULL) advances by one per epoch. */
void dm_run(dm_record *rec, const dm_setup *s, const dm_data *d, uint64_t seed,
            size_t rep, progress *prog);
void dm_record_free(dm_record *rec);

/* Run every (setup, repetition) pair in parallel: recs[i * reps + r] is setup
 * i, repetition r. Prints the stage's wall time. */
void dm_run_all(dm_record *recs, const dm_setup *setups, size_t nsetups, size_t reps,
                const dm_data *d, const run_config *cfg);

/* ---- pieces exposed for tests and for the programs --------------------------- */

/* The quantities of one iteration that later alignment terms need. */
typedef struct dm_hist_entry {
    size_t k;                  /* iteration, or SIZE_MAX when empty */
    mat L[DM_DEPTH];           /* L_0..L_3 (batch rows) */
    mat delta[DM_DEPTH + 1];   /* delta_1..delta_4 (FA deltas) */
    mat W[DM_DEPTH];           /* W_0..W_3 used in the forward pass of k */
} dm_hist_entry;

typedef struct dm_hist {
    size_t len;
    dm_hist_entry *e;
} dm_hist;

dm_hist dm_hist_alloc(const net *nt, size_t batch, size_t len);
void dm_hist_free(dm_hist *h);
/* Store iteration k: the forward pass f, the FA deltas of g, the weights. */
void dm_hist_push(dm_hist *h, size_t k, const net *nt, const net_fwd *f, const net_grad *g);
/* The entry of iteration k, or NULL if it is no longer (or not yet) held. */
const dm_hist_entry *dm_hist_get(const dm_hist *h, size_t k);

/* rs21 eq. 21 as in the authors' code, for layer l (1 <= l < depth), with the
 * past iteration p = k - o taken from the history and the present from (nt, f, g):
 *   zeta = L_{l-1}[k] W_{l-1}[k-o] + b_l          (b_l current)
 *   T    = eta^2 [f'(zeta)^T (.) (delta_l[k-o]^T L_{l-1}[k-o] L_{l-1}[k]^T)] delta_{l+1}[k]
 * T is n_l x n_{l+1}. */
typedef struct dm_scratch {
    mat A[DM_DEPTH], P[DM_DEPTH], Zeta[DM_DEPTH];   /* per layer l: n_l x n_{l-1}, batch x n_l */
} dm_scratch;
dm_scratch dm_scratch_alloc(const net *nt, size_t batch);
void dm_scratch_free(dm_scratch *s);
void dm_align_term(mat T, const net *nt, const net_fwd *f, const net_grad *g,
                   const dm_hist_entry *past, size_t l, double eta, dm_scratch *s);
/* The sup-alignment term eta f(L_{l-1}[k] Wp + b_l)^T delta_{l+1}[k] with the
 * weights Wp (W_{l-1}[0] for the authors' "last term", W_{l-1}[k-1] for eq. 22). */
void dm_sup_term(mat T, const net *nt, const net_fwd *f, const net_grad *g, mat Wp,
                 size_t l, double eta, dm_scratch *s);

/* Targets of a batch: the codes of the labels, smoothed when asked. */
void dm_targets(mat Y, mat codes, const uint8_t *labels, int smoothing);

/* ---- command line and output --------------------------------------------------- */

/* --epochs, --train, --test: scaled-down runs for tests and quick looks. */
typedef struct dm_scale {
    size_t epochs, ntrain, ntest;
} dm_scale;
#define DM_SCALE_OPTS(sc)                                                              \
    {"epochs", OPT_SIZE, &(sc).epochs, "epochs per run (default: the figure's)", 1, 100000}, \
    {"train", OPT_SIZE, &(sc).ntrain, "training images used (multiple of 1000)", 1000, 60000}, \
    {"test", OPT_SIZE, &(sc).ntest, "test images used (multiple of 1000)", 1000, 10000}
/* Fill unset values: epochs from the figure's default / quick count, all images;
 * record them as parameters and declare them beside the paper's counts
 * (default_epochs is the paper's). */
void dm_scale_resolve(dm_scale *sc, run_config *cfg, size_t default_epochs, size_t quick_epochs);

/* Record a setup's parameters in the header ("cond.<name>" = ...). */
void dm_setup_param(run_config *cfg, const dm_setup *s);

/* Gather field values of the records of one setup into x (reps x len): value
 * j of rep r is base_r[j * stride + offset] for the field's base pointer. */
typedef enum { DM_F_ACC, DM_F_LOSS, DM_F_WB, DM_F_WNORM, DM_F_DW, DM_F_SHADOW_LIN,
               DM_F_SHADOW_FRESH } dm_field;
void dm_gather(double *x, const dm_record *recs, size_t reps, dm_field f, size_t layer);
/* Number of values of a field (epochs or iterations). */
size_t dm_field_len(const dm_record *rec, dm_field f);

/* Rows "qty  cond  layer  x  mean  sem" of a series over repetitions (x:
 * reps x len), after a trailing moving average of window ma (1: none) per
 * repetition, every `every`-th point and the last; x is the 0-based index.
 * Mean and SEM count the finite values only. */
void dm_write_series(out_file *o, const char *qty, const char *cond, size_t layer,
                     const double *x, size_t reps, size_t len, size_t ma, size_t every);

/* Mean and SEM of the finite values among x[0], x[stride], ... (n values):
 * stats_mean_finite. */
void dm_mean_sem(const double *x, size_t n, size_t stride, double *mean, double *sem);

/* Gather a field of one setup's records and write it with dm_write_series. */
void dm_write_field(out_file *o, const char *qty, const char *cond, const dm_record *recs,
                    size_t reps, dm_field f, size_t layer, size_t ma, size_t every);

/* Mean over repetitions of the mean of a field over the index window
 * [lo * len, hi * len) (fractions of the run; finite values only). */
double dm_field_mean(const dm_record *recs, size_t reps, dm_field f, size_t layer,
                     double lo, double hi);
/* The same per repetition: out[r] is the mean of recs[r]'s field over the
 * window (for claims judged across repetitions). */
void dm_field_reps(const dm_record *recs, size_t reps, dm_field f, size_t layer, double lo,
                   double hi, double *out);

/* ---- the frame of a figure program ------------------------------------------ */

typedef struct dm_prog {
    run_config cfg;
    dm_scale sc;
    dm_data d;
    dm_record *rec;            /* rec[c * reps + r] */
    size_t nsetups, reps;
} dm_prog;

/* Parse the command line (common options and DM_SCALE_OPTS) and resolve the scale. */
void dm_prog_begin(dm_prog *p, int argc, char **argv, const fig_info *info,
                   size_t default_epochs, size_t quick_epochs);
/* The same with the program's own options: opts holds them and
 * DM_SCALE_OPTS(p->sc). */
void dm_prog_begin_opts(dm_prog *p, int argc, char **argv, const fig_info *info,
                        cli_opt *opts, size_t nopts, size_t default_epochs, size_t quick_epochs);
/* Record the setups' parameters (unless params is 0), load the data, train
 * every setup cfg.reps times. */
void dm_prog_run(dm_prog *p, const dm_setup *s, size_t nsetups, int params);
/* The records of setup c. */
static inline const dm_record *dm_prog_rec(const dm_prog *p, size_t c)
{
    return p->rec + c * p->reps;
}
/* Write the claims, commit the output files, free everything. */
void dm_prog_end(dm_prog *p, const claims *cl);

#endif
