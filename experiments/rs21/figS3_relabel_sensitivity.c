/* rs21-figS3 — accuracy after the label change over gamma x learning rate x label smoothing
 *
 * rs21 Supplementary Note 4, Fig. S3 (and sec. 2.6). The label-change experiment
 * of Fig. 8, trained by FA, for every combination of
 *   gamma in {no WN, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5} (neuron-wise WN of W)
 *   eta in {5e-4 (circles), 3e-4 (triangles)}
 *   label smoothing: none, or the authors' y <- 0.95 y + 0.05
 * The outcome of one network is its mean test accuracy over the last 10 epochs;
 * the figure shows the median and the min-max range over repetitions.
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die), which `make data` fetches.
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "deepmnist.h"

static const fig_info info = {
    .id = "rs21-figS3",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. S3",
    .title = "final accuracy after the label change over gamma, eta and label smoothing",
    .source = __FILE__,
    .reps = 10,         /* caption: n = 10 */
    .quick_reps = 1,
    .reps_help = "one network per condition (same initial weights and codes)",
};

enum {
    EPOCHS = 200,       /* paper: 100 + 100 */
    QUICK_EPOCHS = 4,
    LAST = 10,          /* authors' code: mean accuracy over the last 10 epochs */
    NG = 8, NE = 2, NS = 2, NCOND = NG * NE * NS,
};
static const double GAMMAS[NG] = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5};   /* 0: no WN */
static const double ETAS[NE] = {5e-4, 3e-4};

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    run_config *cfg = &p.cfg;
    const dm_scale sc = p.sc;
    if (sc.epochs < 2)   /* the label change is halfway: an epoch on each side */
        fa_die("--epochs %zu: the label change needs at least 2 epochs", sc.epochs);
    size_t change = sc.epochs / 2, last = LAST < change ? LAST : change;
    cfg_param(cfg, "outcome", "mean test accuracy of the last %zu epochs", last);

    static char names[NCOND][64];
    dm_setup s[NCOND];
    for (int e = 0; e < NE; e++)
        for (int ls = 0; ls < NS; ls++)
            for (int g = 0; g < NG; g++) {
                int c = (e * NS + ls) * NG + g;
                snprintf(names[c], sizeof names[c], "eta%g-ls%d-gamma%g", ETAS[e], ls, GAMMAS[g]);
                s[c] = dm_setup_rs21(names[c], 50, FB_FA, ETAS[e], sc.epochs);
                /* Fig. 8's setup: no bias, B never normalised */
                s[c].bias = 0, s[c].smoothing = ls, s[c].relabel_epoch = change;
                s[c].accuracy_only = 1;   /* only accuracies are recorded */
                if (GAMMAS[g] > 0)
                    dm_setup_wn(&s[c], DM_WN_NEURON, GAMMAS[g], 0);
            }
    /* 32 conditions: the common setup once, then the grid */
    cfg_param(cfg, "setup", "width 50, 5-hot, FA, no bias, init sd %g, B never normalised, "
              "new random code at the start of epoch %zu (0-based)", DM_INIT_SD, change);
    cfg_param(cfg, "gamma", "none, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5 (neuron-wise WN of W)");
    cfg_param(cfg, "eta", "5e-4, 3e-4");
    cfg_param(cfg, "smoothing", "none, y <- %g y + %g (authors' code)", DM_LS_SCALE,
              DM_LS_OFFSET);

    dm_prog_run(&p, s, NCOND, 0);
    size_t reps = p.reps;
    const dm_record *rec = p.rec;

    out_file *o = out_open(cfg, "rs21-figS3.tsv",
                           "eta\tsmoothing\tgamma\tmedian\tmin\tmax\tn");
    double med[NCOND];
    double *vals = fa_malloc(NCOND * reps * sizeof *vals);   /* [cond][rep], for the claims */
    for (int c = 0; c < NCOND; c++) {
        double lo = INFINITY, hi = -INFINITY, *v = vals + c * reps;
        for (size_t r = 0; r < reps; r++) {
            v[r] = 100 * dm_field_mean(rec + c * reps + r, 1, DM_F_ACC, 0,
                                       (double)(sc.epochs - last) / (double)sc.epochs, 1.0);
            lo = fmin(lo, v[r]), hi = fmax(hi, v[r]);
        }
        med[c] = stats_median(v, reps);
        out_printf(o, "%g\t%d\t%g\t%.4f\t%.4f\t%.4f\t%zu\n", s[c].eta, s[c].smoothing,
                   s[c].gamma, med[c], lo, hi, reps);
    }

    /* ---- claims: per repetition (repetition r of every condition starts from
     * the same weights and codes), one part per eta ---- */
    claims cl = {0};
    double *spread = fa_malloc(3 * NE * NS * reps * sizeof *spread);
    double *mean = spread + NE * NS * reps, *best = mean + NE * NS * reps;
    for (int e = 0; e < NE; e++)
        for (int ls = 0; ls < NS; ls++)
            for (size_t r = 0; r < reps; r++) {
                double lo = INFINITY, hi = -INFINITY, sum = 0;
                for (int g = 1; g < NG; g++) {
                    double m = vals[((e * NS + ls) * NG + g) * reps + r];
                    lo = fmin(lo, m), hi = fmax(hi, m), sum += m;
                }
                size_t i = (e * NS + ls) * reps + r;
                spread[i] = hi - lo, mean[i] = sum / (NG - 1), best[i] = hi;
            }
    static const char *const eta_label[NE] = {"η=5e-4", "η=3e-4"};
    claim *c = claims_begin(&cl, "ls-less-sensitive-to-gamma",
                            "label smoothing makes the outcome less sensitive to gamma (Suppl. "
                            "Note 4, Fig. S3): range of the accuracies over gamma 0.25-2.5, with "
                            "vs without smoothing", "%");
    for (int e = 0; e < NE; e++)
        claim_part_paired(c, eta_label[e], spread + (e * NS + 1) * reps,
                          spread + (e * NS) * reps, reps, CLAIM_BELOW);
    c = claims_begin(&cl, "ls-improves-flexibility",
                     "label smoothing improves flexibility (Suppl. Note 4): mean accuracy over "
                     "gamma 0.25-2.5, with vs without smoothing", "%");
    for (int e = 0; e < NE; e++)
        claim_part_paired(c, eta_label[e], mean + (e * NS + 1) * reps, mean + (e * NS) * reps,
                          reps, CLAIM_ABOVE);
    c = claims_begin(&cl, "some-gamma-beats-no-wn",
                     "a range of gamma improves flexibility over no WN (sec. 2.6, Fig. S3): the "
                     "best gamma of each repetition (picked after the fact, so biased upwards) "
                     "vs no WN, without smoothing", "%");
    for (int e = 0; e < NE; e++)
        claim_part_paired(c, eta_label[e], best + (e * NS) * reps,
                          vals + (size_t)((e * NS) * NG) * reps, reps, CLAIM_ABOVE);
    free(spread);
    free(vals);
    dm_prog_end(&p, &cl);
    return 0;
}
