/* rs21-fig6 — deep MNIST: ΔW and W alignment per layer with and without weight normalisation
 *
 * rs21 section 2.5, Fig. 6 (Methods 4.1, 4.3, 4.4, 4.7, 4.9). A 225-50-50-50-50-50
 * tanh∘ReLU network is trained on MNIST by FA (rs21's BP-TRW). Every
 * iteration we compare FA's update ΔW_FA with the update BP would make from
 * the same forward pass (ΔW_BP), and measure W_l ∠ B_l^T and ||W_l||_F:
 *   A, B  neuron-wise WN (gamma = 1, B columns normalised once) vs layer-wise
 *         WN (||W_l||_F = 7.07): W ∠ B^T and ΔW_FA ∠ ΔW_BP (60-point moving average)
 *   C, D  no WN vs matched B norm (B_l <- B_l ||W_l|| / ||B_l|| every step)
 *   E, F  width 100 with 10-hot codes, no WN vs neuron-wise WN
 *   G     ||W_l||_F without WN
 *   H     test error of BP and FA with and without WN
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die), which `make data` fetches.
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "deepmnist.h"

static const fig_info info = {
    .id = "rs21-fig6",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 6",
    .title = "deep MNIST: ΔW and W alignment per layer, WN variants, width, test error",
    .source = __FILE__,
    .reps = 5,          /* paper: 10; halved for the time budget (paper/rs21.md) */
    .paper_reps = 10,
    .quick_reps = 2,
    .reps_help = "one network per condition (same initial weights and codes)",
};

enum {
    EPOCHS = 100,       /* paper: 100 */
    QUICK_EPOCHS = 2,
    MA = 60,            /* Methods 4.7: moving average of length 60 */
    EVERY = 10,         /* one output row per 10 iterations (the curves are smoothed) */
};
static const double ETA_FA = 5e-4;   /* authors' code (FACTS); the text says 0.005 (see figS2) */
static const double ETA_BP = 3e-4;   /* authors' code: the plotted BP runs load lr 0.0003 */
static const double GAMMA = 1.0;     /* Methods 4.3 and code: neuron-wise WN, Fig. 6 */
static const double GAMMA_BP = 0.6;  /* authors' code: BP with CWN 0.6 */
static const double GAMMA_LAYER = 7.07;   /* sec. 2.5: layer-wise WN, about sqrt(50) */
static const double LATE = 0.8;      /* claims compare the last 20 % of the iterations */

enum { W100, W100_WN, FA, FA_WN, FA_WWN, FA_DBNM, BP, BP_WN, NCOND };

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    run_config *cfg = &p.cfg;
    const dm_scale sc = p.sc;

    dm_setup s[NCOND];
    /* the width-100 runs cost 3x; they go first so the two threads finish together */
    s[W100] = dm_setup_rs21("w100-fa", 100, FB_FA, ETA_FA, sc.epochs);
    s[W100_WN] = dm_setup_rs21("w100-fa-wn", 100, FB_FA, ETA_FA, sc.epochs);
    dm_setup_wn(&s[W100_WN], DM_WN_NEURON, GAMMA, 1);
    s[FA] = dm_setup_rs21("fa", 50, FB_FA, ETA_FA, sc.epochs);
    s[FA_WN] = dm_setup_rs21("fa-wn", 50, FB_FA, ETA_FA, sc.epochs);
    dm_setup_wn(&s[FA_WN], DM_WN_NEURON, GAMMA, 1);
    s[FA_WWN] = dm_setup_rs21("fa-layerwn", 50, FB_FA, ETA_FA, sc.epochs);
    dm_setup_wn(&s[FA_WWN], DM_WN_LAYER, GAMMA_LAYER, 1);
    s[FA_DBNM] = dm_setup_rs21("fa-matchb", 50, FB_FA, ETA_FA, sc.epochs);
    s[FA_DBNM].match_b = 1;
    s[BP] = dm_setup_rs21("bp", 50, FB_BP, ETA_BP, sc.epochs);
    s[BP_WN] = dm_setup_rs21("bp-wn", 50, FB_BP, ETA_BP, sc.epochs);
    dm_setup_wn(&s[BP_WN], DM_WN_NEURON, GAMMA_BP, 0);
    for (int c = 0; c < BP; c++)
        s[c].measure = DM_M_DW;
    cfg_param(cfg, "smoothing", "%d-point trailing moving average of ΔW angles, per rep", MA);

    dm_prog_run(&p, s, NCOND, 1);
    size_t reps = p.reps;
    const dm_record *rec = p.rec;

    out_file *o = series_open(cfg, "rs21-fig6-series.tsv");
    for (int c = 0; c < NCOND; c++) {
        const dm_record *rc = rec + c * reps;
        for (size_t l = 0; l < DM_DEPTH; l++) {
            if (s[c].measure & DM_M_DW)
                dm_write_field(o, "dw", s[c].name, rc, reps, DM_F_DW, l, MA, EVERY);
            if (l > 0)
                dm_write_field(o, "wb", s[c].name, rc, reps, DM_F_WB, l, 1, EVERY);
            dm_write_field(o, "norm", s[c].name, rc, reps, DM_F_WNORM, l, 1, EVERY);
        }
    }
    out_file *oe = series_open(cfg, "rs21-fig6-error.tsv");
    for (int c = 0; c < NCOND; c++) {
        size_t len = sc.epochs;
        double *x = fa_malloc(reps * len * sizeof *x);
        dm_gather(x, rec + c * reps, reps, DM_F_ACC, 0);
        for (size_t i = 0; i < reps * len; i++)
            x[i] = 100 * (1 - x[i]);   /* test error in % */
        dm_write_series(oe, "test_error", s[c].name, 0, x, reps, len, 1, 1);
        free(x);
    }

    /* ---- claims (relations fixed before the paper-scale run) ---- */
    claims cl = {0};
#define LATE_DW(c, l) dm_field_mean(rec + (c) * reps, reps, DM_F_DW, (l), LATE, 1.0)
    double a[NCOND][DM_DEPTH];
    for (int c = 0; c < NCOND; c++)
        for (size_t l = 0; l < DM_DEPTH; l++)
            a[c][l] = s[c].measure & DM_M_DW ? LATE_DW(c, l) : NAN;
    int grows = a[FA][0] > a[FA][1] && a[FA][1] > a[FA][2] && a[FA][2] > a[FA][3];
    claims_add(&cl, "dw-grows-toward-input",
               "without WN, ΔW_FA ∠ ΔW_BP grows from the last hidden layer towards the "
               "first (sec. 2.5, Fig. 6D)",
               "W_0 > W_1 > W_2 > W_3 (mean over the last 20 % of iterations)", grows,
               "%.1f°, %.1f°, %.1f°, %.1f° (W_0..W_3); W_4: %.1f°", a[FA][0], a[FA][1],
               a[FA][2], a[FA][3], a[FA][4]);
    int wn_all = 1, wwn_less = 1, w100_worse = 1, w100_wn = 1, dbnm = 1;
    for (size_t l = 0; l < 4; l++) {
        wn_all &= a[FA_WN][l] < a[FA][l];
        wwn_less &= a[FA_WWN][l] > a[FA_WN][l];
        w100_worse &= a[W100][l] > a[FA][l];
        w100_wn &= a[W100_WN][l] < a[W100][l];
        dbnm &= a[FA_DBNM][l] < a[FA][l];
    }
    claims_add(&cl, "wn-lowers-dw-angle",
               "neuron-wise WN (gamma = 1) lowers ΔW_FA ∠ ΔW_BP (sec. 2.5, Fig. 6B vs D)",
               "lower with WN in every layer W_0..W_3", wn_all,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (WN/none, W_0..W_3)",
               a[FA_WN][0], a[FA][0], a[FA_WN][1], a[FA][1], a[FA_WN][2], a[FA][2],
               a[FA_WN][3], a[FA][3]);
    claims_add(&cl, "layerwise-helps-less",
               "layer-wise normalisation (||W||_F = 7.07) aligns slightly worse than "
               "neuron-wise WN (sec. 2.5, Fig. 6B dashed)",
               "layer-wise angle > neuron-wise angle in every layer W_0..W_3", wwn_less,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (layer/neuron, W_0..W_3)",
               a[FA_WWN][0], a[FA_WN][0], a[FA_WWN][1], a[FA_WN][1], a[FA_WWN][2],
               a[FA_WN][2], a[FA_WWN][3], a[FA_WN][3]);
    claims_add(&cl, "matched-b-norm-helps",
               "matching ||B_l|| to ||W_l|| every step improves FA (sec. 2.5, Fig. 6D dashed)",
               "lower ΔW angle than no WN in every layer W_0..W_3", dbnm,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (matched/none, W_0..W_3)",
               a[FA_DBNM][0], a[FA][0], a[FA_DBNM][1], a[FA][1], a[FA_DBNM][2], a[FA][2],
               a[FA_DBNM][3], a[FA][3]);
    claims_add(&cl, "width-100-aligns-worse",
               "without WN, width 100 aligns worse than width 50 (sec. 2.5, Fig. 6F vs D)",
               "larger ΔW angle at width 100 in every layer W_0..W_3", w100_worse,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (100/50, W_0..W_3)",
               a[W100][0], a[FA][0], a[W100][1], a[FA][1], a[W100][2], a[FA][2], a[W100][3],
               a[FA][3]);
    claims_add(&cl, "width-100-wn-helps",
               "at width 100, WN (gamma = 1) improves alignment (sec. 2.5, Fig. 6F dashed)",
               "lower ΔW angle with WN in every layer W_0..W_3", w100_wn,
               "%.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f°, %.1f/%.1f° (WN/none, W_0..W_3)",
               a[W100_WN][0], a[W100][0], a[W100_WN][1], a[W100][1], a[W100_WN][2],
               a[W100][2], a[W100_WN][3], a[W100][3]);

    double g0[DM_DEPTH], g1[DM_DEPTH], ratio[DM_DEPTH];
    int all_grow = 1, last_most = 1;
    for (size_t l = 0; l < DM_DEPTH; l++) {
        g0[l] = dm_field_mean(rec + FA * reps, reps, DM_F_WNORM, l, 0.0, 0.01);
        g1[l] = dm_field_mean(rec + FA * reps, reps, DM_F_WNORM, l, 0.99, 1.0);
        ratio[l] = g1[l] / g0[l];
        all_grow &= ratio[l] > 1;
    }
    for (size_t l = 0; l + 1 < DM_DEPTH; l++)
        last_most &= ratio[DM_DEPTH - 1] > ratio[l];
    claims_add(&cl, "norm-grows-most-in-last-layer",
               "without WN ||W_l||_F grows, most visibly in the last layer (sec. 2.5, Fig. 6G)",
               "end/start ratio > 1 in every layer and largest for W_4", all_grow && last_most,
               "ratios %.2f, %.2f, %.2f, %.2f, %.2f (W_0..W_4)", ratio[0], ratio[1],
               ratio[2], ratio[3], ratio[4]);

    double err[NCOND];
    for (int c = 0; c < NCOND; c++)
        err[c] = 100 * (1 - dm_field_mean(rec + c * reps, reps, DM_F_ACC, 0, LATE, 1.0));
    claims_add(&cl, "bp-beats-fa", "BP reaches a lower test error than FA (sec. 2.5, Fig. 6H)",
               "BP error < FA error (no WN; mean of the last 20 % of epochs)",
               err[BP] < err[FA], "BP %.2f %%, FA %.2f %%", err[BP], err[FA]);
    claims_add(&cl, "wn-lowers-fa-error", "WN decreases FA's test error (sec. 2.5, Fig. 6H)",
               "FA+WN error < FA error", err[FA_WN] < err[FA], "FA+WN %.2f %%, FA %.2f %%",
               err[FA_WN], err[FA]);
    claims_add(&cl, "wn-raises-bp-error", "WN increases BP's test error (sec. 2.5, Fig. 6H)",
               "BP+WN error > BP error", err[BP_WN] > err[BP], "BP+WN %.2f %%, BP %.2f %%",
               err[BP_WN], err[BP]);
    dm_prog_end(&p, &cl);
    return 0;
}
