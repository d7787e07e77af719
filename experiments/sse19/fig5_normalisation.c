/* sse19-fig5 — weight normalisation and the augmented gradient on y = x1 x2
 *
 * sse19 "Experiments and Results", first experiment, Fig. 5, eqs. 4-6. A
 * network of 20 rate LIF neurons (lif_net.h) learns the product of its two
 * inputs from 1000 samples. Its preferred directions are trained for 100
 * epochs by FA or BP, each with no normalisation, with ||p_i|| forced back
 * to 1 after every step, or with the augmented (weight-normalised) gradient
 * of eqs. 4-6; the decoders are solved by least squares after every epoch.
 * Panels, each the median over 200 trials per epoch:
 *   a  training RMSE
 *   b  Delta phi, the mean angular distance of the p_i to the nearest diagonal
 *   c  mean ||p_i||
 */
#include <math.h>

#include "core.h"
#include "lif_runs.h"

static const fig_info info = {
    .id = "sse19-fig5",
    .paper = "sse19: Stöckel, Stewart & Eliasmith (CogSci 2019), Fig. 5",
    .title = "weight normalisation and the augmented gradient on y = x1 x2",
    .source = __FILE__,
    .reps = 200,          /* paper: median over 200 trials */
    .quick_reps = 12,
    .reps_help = "one trial: a fresh network and data set, trained\n"
                 "                    under all six conditions",
};

enum {
    HIDDEN = 20,          /* paper */
    SAMPLES = 1000,       /* paper */
    EPOCHS = 100,         /* paper */
    BATCH = 100,          /* authors' code (offline batch 100); paper silent */
    EARLY = 10,           /* "converges more quickly": compared at epoch 10 */
    SWEEP_REPS = 20, QUICK_SWEEP_REPS = 3,
};
/* Learning rate. The paper gives none. Our update is the batch mean of the
 * gradient, as in the authors' code (FACTS.md: "Gradients are batch
 * means"), so its eta is in the code's units; the code's 1e-2 (with ReLU
 * neurons) barely moves the encoders of these LIF neurons in 100 epochs (the
 * sweep), and a sum over the batch of 100 would make it 1 here, also on the
 * grid. We took, after seeing the results, the value of the decade grid
 * below at which the baseline, BP without normalisation, ends with the
 * lowest median training RMSE. Every claim is also judged at every value of
 * the grid and with both slopes (the sweep), and its measured column says
 * where it holds. */
static const double ETA = 10;
static const double SWEEP[] = {0.01, 0.1, 1, 10, 100};
static const lif_deriv SWEEP_DERIV[] = {DERIV_CAPPED, DERIV_STEP};
static const double RCOND = 1e-2;   /* authors' code (lstsq rcond); paper silent */

/* Conditions: c = 3 * rule + norm. */
static const lif_cond conds[] = {
    {FB_FA, NORM_NONE}, {FB_FA, NORM_FORCED}, {FB_FA, NORM_AUG},
    {FB_BP, NORM_NONE}, {FB_BP, NORM_FORCED}, {FB_BP, NORM_AUG},
};
enum { FA = 0, BP = 3, NC = FA_ARRAY_LEN(conds), NE = FA_ARRAY_LEN(SWEEP),
       ND = FA_ARRAY_LEN(SWEEP_DERIV) };
static const char *const mode[3] = {"none", "forced", "aug"};

/* Tolerances of the closeness claims. The paper states no numbers; these
 * readings of its words were fixed before the runs judged by them. */
static const double SLIGHT = 0.25;   /* "slightly smaller": FA/BP within 1 ± 0.25 */
#define SLIGHT_SOURCE "a priori: 'slightly' read as within 25 %"
static const double APPROX = 0.05;   /* "approximately normalised": within 5 % of 1 */
#define APPROX_SOURCE "a priori: 'approximately' read as within 5 %"
static const double SAME = 0.01;     /* "exactly the same error": within 1 % */
#define SAME_SOURCE "a priori: 'exactly the same' read as within 1 %"

static double med(const lif_experiment *ex, size_t c, size_t e, lif_quantity q)
{
    return lif_median(ex, c, e, q);
}

/* Per trial: the mean over epochs 1..E of Delta phi (how quickly the p_i
 * reach the diagonals: the area under the curve). */
static double *dphi_area(const lif_experiment *ex, size_t c)
{
    size_t n = ex->cfg->reps, E = ex->train.epochs;
    double *v = fa_calloc(n, sizeof *v);
    for (size_t t = 0; t < n; t++)
        for (size_t e = 1; e <= E; e++)
            v[t] += lif_stat(ex, c, t, e)->dphi / (double)E;
    return v;
}

/* Conditions are compared trial by trial: trial t of every condition starts
 * from the same network and data and sees the same batch order (lif_runs.h). */
static void check_claims(const lif_experiment *ex, claims *cl)
{
    const size_t E = EPOCHS, n = ex->cfg->reps;
    claim *c = claims_begin(cl, "bp-below-fa",
                            "BP reaches a smaller RMSE than FA (sec. 'Experiments and "
                            "Results', Fig. 5a)", "");
    for (int m = 0; m < 3; m++) {
        double *bp = lif_per_trial(ex, BP + m, E, Q_RMSE);
        double *fa = lif_per_trial(ex, FA + m, E, Q_RMSE);
        claim_part_paired(c, mode[m], bp, fa, n, CLAIM_BELOW);
        free(bp), free(fa);
    }
    c = claims_begin(cl, "bp-slightly-below-fa",
                     "... but only slightly smaller: FA's RMSE / BP's at epoch 100 (Fig. 5a)", "");
    for (int m = 0; m < 3; m++) {
        double *bp = lif_per_trial(ex, BP + m, E, Q_RMSE);
        double *fa = lif_per_trial(ex, FA + m, E, Q_RMSE);
        for (size_t t = 0; t < n; t++)
            fa[t] /= bp[t];
        claim_part_close(c, mode[m], fa, n, 1, SLIGHT, SLIGHT_SOURCE);
        free(bp), free(fa);
    }
    const char *what[2] = {"with forced normalisation or the augmented gradient the error "
                           "ends lower: RMSE at epoch 100 (Fig. 5a)",
                           "... and converges more quickly: RMSE at epoch 10 (Fig. 5a)"};
    const char *name[2] = {"norm-lower-error", "norm-faster"};
    for (int k = 0; k < 2; k++) {
        size_t e = k ? EARLY : E;
        c = claims_begin(cl, name[k], what[k], "");
        for (int r = 0; r < 2; r++) {
            size_t b = r ? BP : FA;
            double *none = lif_per_trial(ex, b, e, Q_RMSE);
            for (int m = 1; m < 3; m++) {
                char lab[32];
                snprintf(lab, sizeof lab, "%s %s", r ? "BP" : "FA", mode[m]);
                double *x = lif_per_trial(ex, b + m, e, Q_RMSE);
                claim_part_paired(c, lab, x, none, n, CLAIM_BELOW);
                free(x);
            }
            free(none);
        }
    }
    c = claims_begin(cl, "aug-stays-normalised",
                     "with the augmented gradient ||p|| stays approximately 1 without being "
                     "enforced: per trial the largest |mean ||p_i|| - 1| over epochs (Fig. 5c)",
                     "");
    for (int r = 0; r < 2; r++) {
        double *dev = fa_calloc(n, sizeof *dev);
        for (size_t t = 0; t < n; t++)
            for (size_t e = 0; e <= E; e++)
                dev[t] = fmax(dev[t], fabs(lif_stat(ex, (r ? BP : FA) + 2, t, e)->pnorm - 1));
        claim_part_close(c, r ? "BP" : "FA", dev, n, 0, APPROX, APPROX_SOURCE);
        free(dev);
    }
    c = claims_begin(cl, "aug-closer-than-none",
                     "... unlike training without normalisation: |mean ||p_i|| - 1| at "
                     "epoch 100 (Fig. 5c)", "");
    for (int r = 0; r < 2; r++) {
        size_t b = r ? BP : FA;
        double *aug = lif_per_trial(ex, b + 2, E, Q_PNORM);
        double *none = lif_per_trial(ex, b, E, Q_PNORM);
        for (size_t t = 0; t < n; t++)
            aug[t] = fabs(aug[t] - 1), none[t] = fabs(none[t] - 1);
        claim_part_paired(c, r ? "BP" : "FA", aug, none, n, CLAIM_BELOW);
        free(aug), free(none);
    }
    c = claims_begin(cl, "aug-equals-forced",
                     "forced normalisation and the augmented gradient give exactly the same "
                     "error: RMSE augmented / forced - 1 at epochs 10 and 100 (Fig. 5a)", "");
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            size_t b = r ? BP : FA, e = k ? E : EARLY;
            double *aug = lif_per_trial(ex, b + 2, e, Q_RMSE);
            double *f = lif_per_trial(ex, b + 1, e, Q_RMSE);
            for (size_t t = 0; t < n; t++)
                aug[t] = aug[t] / f[t] - 1;
            char lab[32];
            snprintf(lab, sizeof lab, "%s ep. %zu", r ? "BP" : "FA", e);
            claim_part_close(c, lab, aug, n, 0, SAME, SAME_SOURCE);
            free(aug), free(f);
        }
    c = claims_begin(cl, "fa-faster-to-diagonals",
                     "independent of normalisation, FA moves the p_i to the diagonals more "
                     "quickly than BP: mean Delta phi over epochs 1-100 (Fig. 5b)", " rad");
    for (int m = 0; m < 3; m++) {
        double *fa = dphi_area(ex, FA + m), *bp = dphi_area(ex, BP + m);
        claim_part_paired(c, mode[m], fa, bp, n, CLAIM_BELOW);
        free(fa), free(bp);
    }
}

/* The sweep: every claim judged at every learning rate of the grid, with
 * either slope. Adds to each claim of cl where it holds, fails and is
 * inconclusive, and writes the verdicts and medians. */
static void sweep_report(const run_config *cfg, lif_experiment *sw, claims *cl)
{
    static claims sc[ND][NE];
    for (size_t d = 0; d < ND; d++)
        for (size_t k = 0; k < NE; k++) {
            sc[d][k] = (claims){0};
            check_claims(&sw[d * NE + k], &sc[d][k]);
        }
    const char *vw[3] = {"holds", "fails", "inconclusive"};
    for (size_t i = 0; i < cl->n; i++) {
        claim_note(&cl->c[i], " | eta sweep (n = %zu each)", sw[0].cfg->reps);
        for (size_t d = 0; d < ND; d++) {
            claim_note(&cl->c[i], "%s", d ? "; step f'" : ", capped G'");
            for (int v = 0; v < 3; v++) {
                int first = 1;
                for (size_t k = 0; k < NE; k++)
                    if (sc[d][k].c[i].v == (verdict)v) {
                        claim_note(&cl->c[i], first ? " %s %g" : ",%.0s%g", vw[v], SWEEP[k]);
                        first = 0;
                    }
            }
        }
    }
    out_file *o = out_open(cfg, "sse19-fig5-sweep-claims.tsv",
                           "eta\tderiv\tclaim\tverdict\teffect\tlow\thigh\tn");
    for (size_t d = 0; d < ND; d++)
        for (size_t k = 0; k < NE; k++)
            for (size_t i = 0; i < sc[d][k].n; i++) {
                const claim *c = &sc[d][k].c[i];
                out_printf(o, "%g\t%s\t%s\t%s\t%.6g\t%.6g\t%.6g\t%zu\n", SWEEP[k],
                           lif_deriv_name[SWEEP_DERIV[d]], c->name, verdict_word(c->v),
                           c->effect, c->lo, c->hi, c->n);
            }
    o = out_open(cfg, "sse19-fig5-sweep.tsv",
                 "eta\tderiv\trule\tnorm\ttrials\trmse_epoch10\trmse_epoch100\t"
                 "dphi_epoch100\tpnorm_epoch100");
    for (size_t d = 0; d < ND; d++)
        for (size_t c = 0; c < NC; c++)
            for (size_t k = 0; k < NE; k++) {
                const lif_experiment *ex = &sw[d * NE + k];
                out_printf(o, "%g\t%s\t%s\t%s\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\n", SWEEP[k],
                           lif_deriv_name[SWEEP_DERIV[d]], lif_rule_name(&conds[c]),
                           lif_norm_name[conds[c].norm], ex->cfg->reps,
                           med(ex, c, EARLY, Q_RMSE), med(ex, c, EPOCHS, Q_RMSE),
                           med(ex, c, EPOCHS, Q_DPHI), med(ex, c, EPOCHS, Q_PNORM));
            }
}

int main(int argc, char **argv)
{
    run_config cfg;
    lif_train_cfg tc = {.eta = ETA, .batch = BATCH, .epochs = EPOCHS, .rcond = RCOND};
    cli_opt opts[] = {
        {"rcond", OPT_DOUBLE, &tc.rcond, "decoder SVD truncation (default 1e-2)", 1e-3, 1},
    };
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    cfg_param(&cfg, "hidden", "%d rate LIF neurons (tau_rc 1, tau_ref 2/3)", HIDDEN);
    cfg_param(&cfg, "samples", "%d per trial, x = r(cos phi, sin phi), r, phi uniform",
              SAMPLES);
    cfg_param(&cfg, "epochs", "%d", EPOCHS);
    cfg_param(&cfg, "batch", "%d (gradients are batch means, as the authors' code)", BATCH);
    cfg_param(&cfg, "eta", "%g (sweep: 0.01 .. 100, %d trials each, capped G' and step f')",
              tc.eta, cfg.quick ? QUICK_SWEEP_REPS : SWEEP_REPS);
    cfg_param(&cfg, "rcond", "%g (decoders: truncated-SVD least squares)", tc.rcond);
    cfg_param(&cfg, "lif_dJ", "%g (G' evaluated at J >= 1 + dJ)", LIF_DJ);

    /* one job list (the main runs, then the sweep), so that --shard covers all */
    run_config sc = cfg;
    sc.reps = cfg.quick ? QUICK_SWEEP_REPS : SWEEP_REPS;
    lif_experiment ex[1 + ND * NE];
    for (size_t i = 0; i < FA_ARRAY_LEN(ex); i++) {
        lif_train_cfg t = tc;
        if (i) {
            t.eta = SWEEP[(i - 1) % NE];
            t.deriv = SWEEP_DERIV[(i - 1) / NE];
        }
        ex[i] = (lif_experiment){.cfg = i ? &sc : &cfg, .d = 2, .n = HIDDEN, .k = 1,
                                 .train = t, .conds = conds, .nconds = NC, .samples = SAMPLES};
    }
    lif_run_all(ex, FA_ARRAY_LEN(ex));
    lif_quantity qs[] = {Q_RMSE, Q_DPHI, Q_PNORM};
    lif_write_curves(&ex[0], "sse19-fig5-curves.tsv", qs, FA_ARRAY_LEN(qs));
    claims cl = {0};
    check_claims(&ex[0], &cl);
    sweep_report(&cfg, ex + 1, &cl);
    for (size_t i = 0; i < FA_ARRAY_LEN(ex); i++)
        lif_experiment_free(&ex[i]);
    claims_write(&cl, &cfg);
    out_commit_all();
    return 0;
}
