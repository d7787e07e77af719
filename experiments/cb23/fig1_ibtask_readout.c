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

    /* claims: final (and first) values per condition, mean over repetitions */
    double *v = fa_malloc(reps * sizeof *v), fin[CONDS][REC_COUNT], ini[CONDS][REC_COUNT];
    for (size_t c = 0; c < CONDS; c++)
        for (int k = 0; k < REC_COUNT; k++) {
            train_final(v, jobs + c * reps, reps, (rec_col)k, 0);
            fin[c][k] = stats_mean(v, reps, 1);
            train_final(v, jobs + c * reps, reps, (rec_col)k, 1);
            ini[c][k] = stats_mean(v, reps, 1);
        }
    enum { ON_BP, ON_FA, OFF_BP, OFF_FA };
    claims cl = {0};
    claims_add(&cl, "on-both-above-0.9",
               "with Delta W_O on, FA and BP both classify more than 90 % correctly (sec. 2.1)",
               "final mean training accuracy > 0.9 for both",
               fin[ON_BP][REC_ACC] > 0.9 && fin[ON_FA][REC_ACC] > 0.9, "BP %.3f, FA %.3f",
               fin[ON_BP][REC_ACC], fin[ON_FA][REC_ACC]);
    double ratio = fin[ON_FA][REC_LOSS] / fin[ON_BP][REC_LOSS];
    claims_add(&cl, "on-similar-loss", "... and reduce the loss to a similar level (sec. 2.1)",
               "final mean losses within a factor 1.5", ratio < 1.5 && ratio > 1 / 1.5,
               "BP %.4f, FA %.4f", fin[ON_BP][REC_LOSS], fin[ON_FA][REC_LOSS]);
    claims_add(&cl, "off-fa-fails",
               "with Delta W_O off, FA completely fails to learn the task (sec. 2.1, Fig. 1 right)",
               "final mean training accuracy < 0.6 (chance: 0.52)", fin[OFF_FA][REC_ACC] < 0.6,
               "%.3f (from %.3f)", fin[OFF_FA][REC_ACC], ini[OFF_FA][REC_ACC]);
    claims_add(&cl, "off-fa-readout-improves",
               "... while a linear readout of FA's h still improves (sec. 2.1, Fig. 1 right, dashed)",
               "readout accuracy rises by > 0.05", fin[OFF_FA][REC_REG_ACC] > ini[OFF_FA][REC_REG_ACC] + 0.05,
               "%.3f -> %.3f", ini[OFF_FA][REC_REG_ACC], fin[OFF_FA][REC_REG_ACC]);
    claims_add(&cl, "off-readout-beats-fa",
               "... and does better than FA's own output (sec. 2.1)",
               "final readout accuracy > final network accuracy (FA, off)",
               fin[OFF_FA][REC_REG_ACC] > fin[OFF_FA][REC_ACC], "readout %.3f, network %.3f",
               fin[OFF_FA][REC_REG_ACC], fin[OFF_FA][REC_ACC]);
    claims_add(&cl, "off-bp-still-learns",
               "BP still improves with Delta W_O off (sec. 3, Fig. 1 lower right)",
               "final mean training accuracy > first + 0.05",
               fin[OFF_BP][REC_ACC] > ini[OFF_BP][REC_ACC] + 0.05, "%.3f -> %.3f",
               ini[OFF_BP][REC_ACC], fin[OFF_BP][REC_ACC]);
    claims_write(&cl, &cfg);
    out_commit_all();

    free(v), free(ep), free(rec), free(jobs);
    for (size_t r = 0; r < reps; r++)
        task_free(&tasks[r]);
    free(tasks);
    return 0;
}
