/* cb23-fig1 — IBTask with BP or FA at the last layer, Delta W_O on and off, and linear readouts of h
 *
 * cb23 sec. 2.1, Fig. 1. A 12-8-4-2 network (tanh hidden layers, sigmoid
 * output, MSE) learns IBTask. The encoder 12-8-4 is trained by exact BP; the
 * error reaches it through the decoder 4-2 either by W_O^T (BP) or by a fixed
 * random matrix (FA). Left: the decoder learns (Delta W_O on); right: it stays
 * at its initial weights (off). Solid: loss and correct rate of the network;
 * dashed: the same for a least-squares linear readout of h (with intercept)
 * fitted on the training set at that epoch. Training-set values, as the
 * authors report them; bands: mean +- SEM over repetitions.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "curves.h"
#include "ibtask.h"
#include "train.h"

static const fig_info info = {
    .id = "cb23-fig1",
    .paper = "cb23: Cheng & Brown (2023), Fig. 1",
    .title = "IBTask: BP vs FA at the last layer, Delta W_O on/off, linear readouts",
    .source = __FILE__,
    .reps = 10,          /* authors' code (run1): 10 repetitions */
    .quick_reps = 2,
    .reps_help = "one IBTask split and initial network, trained four ways",
};

enum {
    EVERY = 5,           /* our choice: record every 5th epoch (full batch: smooth curves) */
    QUICK_EPOCHS = 150,
    CONDS = 4,
};
static const cb_feedback cond_fb[CONDS] = {CB_BP, CB_FA, CB_BP, CB_FA};
static const int cond_learn_dec[CONDS] = {1, 1, 0, 0};

enum { ON_BP, ON_FA, OFF_BP, OFF_FA };

/* "Similar" losses (rule 2): the paper gives no number. Both losses fall
 * from about 0.25 (the sigmoid outputs start near 0.5 on one-hot targets);
 * a difference within a tenth of that start is small against the fall both
 * make. Chosen in the revision that gave these claims intervals, after the
 * older ratio test had been seen (paper/cb23.md says so). */
#define SIMILAR_LOSS 0.025
#define SIMILAR_LOSS_SOURCE "a tenth of the loss at the start (0.25); the paper gives none"

/* The claims, per repetition: repetition r of the four conditions shares
 * its split and initial network, so every comparison is paired. */
static void check_claims(const train_job *jobs, const task *tasks, size_t reps, claims *cl)
{
    double *fin[CONDS][REC_COUNT], *ini[CONDS][REC_COUNT];
    for (size_t c = 0; c < CONDS; c++)
        for (int k = 0; k < REC_COUNT; k++) {
            fin[c][k] = fa_malloc(reps * sizeof(double));
            ini[c][k] = fa_malloc(reps * sizeof(double));
            train_final(fin[c][k], jobs + c * reps, reps, (rec_col)k, 0);
            train_final(ini[c][k], jobs + c * reps, reps, (rec_col)k, 1);
        }
    double *a = fa_malloc(reps * sizeof *a), *b = fa_malloc(reps * sizeof *b);

    claim *c = claims_begin(cl, "on-both-above-0.9", "with Delta W_O on, FA and BP both "
                            "classify more than 90 % correctly (sec. 2.1; final training "
                            "accuracy)", "");
    claim_part_vs_value(c, "BP", fin[ON_BP][REC_ACC], reps, 0.9, CLAIM_ABOVE);
    claim_part_vs_value(c, "FA", fin[ON_FA][REC_ACC], reps, 0.9, CLAIM_ABOVE);
    claims_close_paired(cl, "on-similar-loss", "... and reduce the loss to a similar level "
                        "(sec. 2.1; final training loss, FA - BP)", fin[ON_FA][REC_LOSS],
                        fin[ON_BP][REC_LOSS], reps, SIMILAR_LOSS, SIMILAR_LOSS_SOURCE, "");

    /* chance: always answering the split's majority class */
    for (size_t r = 0; r < reps; r++) {
        size_t ones = 0;
        for (size_t i = 0; i < tasks[r].Xtr.rows; i++)
            ones += tasks[r].ltr[i] == 1;
        b[r] = fmax((double)ones, (double)(tasks[r].Xtr.rows - ones)) / (double)tasks[r].Xtr.rows;
    }
    claims_paired(cl, "off-fa-fails", "with Delta W_O off, FA completely fails to learn the task "
                  "(sec. 2.1, Fig. 1 right): final training accuracy not above chance (the "
                  "majority class)", fin[OFF_FA][REC_ACC], b, reps, CLAIM_BELOW, "");
    claims_paired(cl, "off-fa-readout-improves", "... while a linear readout of FA's h improves "
                  "(sec. 2.1, Fig. 1 right, dashed): final against first readout accuracy",
                  fin[OFF_FA][REC_REG_ACC], ini[OFF_FA][REC_REG_ACC], reps, CLAIM_ABOVE, "");
    /* the readout's lead over the network grows with training (at the first
     * epoch it is already ahead: a fitted readout of a random code beats a
     * random decoder) */
    for (size_t r = 0; r < reps; r++) {
        a[r] = fin[OFF_FA][REC_REG_ACC][r] - fin[OFF_FA][REC_ACC][r];
        b[r] = ini[OFF_FA][REC_REG_ACC][r] - ini[OFF_FA][REC_ACC][r];
    }
    c = claims_paired(cl, "off-readout-beats-fa", "... and improves relative to FA's own output "
                      "(sec. 2.1): the readout's lead in accuracy over the network, final "
                      "against first epoch", a, b, reps, CLAIM_ABOVE, "");
    claim_note(c, " (lead at the first epoch %.3f, at the last %.3f)", ci95_of(b, reps).mean,
               ci95_of(a, reps).mean);
    /* BP with the decoder frozen is still gradient descent on the loss
     * through the encoder: that it learns is expected (rule 3) */
    double gain = ci95_paired(fin[OFF_BP][REC_ACC], ini[OFF_BP][REC_ACC], reps).mean;
    claims_sanity(cl, "off-bp-still-learns", "BP still improves with Delta W_O off (sec. 3, Fig. 1 "
                  "lower right): gradient descent through the encoder", "final mean training "
                  "accuracy above the first", gain > 0, "%.3f -> %.3f",
                  ci95_of(ini[OFF_BP][REC_ACC], reps).mean, ci95_of(fin[OFF_BP][REC_ACC], reps).mean);
    for (size_t k = 0; k < CONDS; k++)
        for (int q = 0; q < REC_COUNT; q++)
            free(fin[k][q]), free(ini[k][q]);
    free(a), free(b);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t reps = cfg.reps, epochs = cfg.quick ? QUICK_EPOCHS : 0;
    task *tasks = fa_calloc(reps, sizeof *tasks);
    for (size_t r = 0; r < reps; r++) {
        gsl_rng *rs = rng_stream(cfg.seed, r, 0);
        tasks[r] = task_ib(0, rs);
        rng_free(rs);
    }
    size_t E = epochs ? epochs : tasks[0].epochs, nrec = train_records(E, EVERY, NULL);
    cfg_param(&cfg, "task", "IBTask, 12-8-4-2, tanh, sigmoid output, MSE (mean), one-hot targets");
    cfg_param(&cfg, "split", "%d train / %d test, shuffled per repetition", IB_TRAIN, IB_TEST);
    cfg_param(&cfg, "training", "Adam lr %g, full batch, %zu epochs", tasks[0].lr, E);
    cfg_param(&cfg, "conditions", "BP, FA at the decoder x Delta W_O on, off; scale fixed at 1");
    cfg_param(&cfg, "readout", "least squares of Y on [h, 1], training set, every %d epochs", EVERY);
    double *rec = fa_malloc(CONDS * reps * nrec * REC_COUNT * sizeof *rec);
    train_job *jobs = fa_calloc(CONDS * reps, sizeof *jobs);
    for (size_t c = 0; c < CONDS; c++)
        for (size_t r = 0; r < reps; r++) {
            train_job *j = &jobs[c * reps + r];
            j->t = &tasks[r];
            j->o.spec.fb = cond_fb[c];
            j->o.spec.learn_decoder = cond_learn_dec[c];
            j->o.epochs = epochs, j->o.every = EVERY, j->o.readout = 1;
            j->rep = r, j->stream = c;
            j->rec = rec + (c * reps + r) * nrec * REC_COUNT;
            snprintf(j->what, sizeof j->what, "IBTask %s, dWo %s, rep %zu",
                     cb_feedback_name[cond_fb[c]], cond_learn_dec[c] ? "on" : "off", r);
        }
    train_jobs(jobs, CONDS * reps, cfg.seed, cfg.threads, "training");

    size_t *ep = fa_malloc(nrec * sizeof *ep);
    train_records(E, EVERY, ep);
    const int cols[] = {REC_LOSS, REC_ACC, REC_REG_LOSS, REC_REG_ACC, REC_TEST_ACC};
    out_file *o = series_open(&cfg, "cb23-fig1-curves.tsv");
    for (size_t c = 0; c < CONDS; c++) {
        char cond[32];
        snprintf(cond, sizeof cond, "%s,dWo=%s", cb_feedback_name[cond_fb[c]],
                 cond_learn_dec[c] ? "on" : "off");
        curves_write(o, cond, ep, rec + c * reps * nrec * REC_COUNT, reps, nrec, REC_COUNT,
                     rec_name, cols, FA_ARRAY_LEN(cols));
    }

    claims cl = {0};
    check_claims(jobs, tasks, reps, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();

    free(ep), free(rec), free(jobs);
    for (size_t r = 0; r < reps; r++)
        task_free(&tasks[r]);
    free(tasks);
    return 0;
}
