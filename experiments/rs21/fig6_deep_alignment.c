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
    .reps = 10,         /* paper: 10 networks per condition */
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

    /* ---- claims (relations fixed before the paper-scale run), judged per
     * repetition: repetition r of every condition starts from the same seed,
     * so conditions are compared paired ---- */
    claims cl = {0};
    double *a[NCOND][DM_DEPTH], *err[NCOND];
    for (int c = 0; c < NCOND; c++) {
        for (size_t l = 0; l < DM_DEPTH; l++) {
            a[c][l] = fa_malloc(reps * sizeof(double));
            for (size_t r = 0; r < reps; r++)
                a[c][l][r] = NAN;
            if (s[c].measure & DM_M_DW)
                dm_field_reps(rec + c * reps, reps, DM_F_DW, l, LATE, 1.0, a[c][l]);
        }
        err[c] = fa_malloc(reps * sizeof(double));
        dm_field_reps(rec + c * reps, reps, DM_F_ACC, 0, LATE, 1.0, err[c]);
        for (size_t r = 0; r < reps; r++)
            err[c][r] = 100 * (1 - err[c][r]);
    }
    claim *c = claims_begin(&cl, "dw-grows-toward-input",
                            "without WN, ΔW_FA ∠ ΔW_BP grows from the last hidden layer towards "
                            "the first (sec. 2.5, Fig. 6D): mean over the last 20 % of "
                            "iterations, each layer against the next", "°");
    for (size_t l = 0; l < 3; l++) {
        char label[32];
        snprintf(label, sizeof label, "W_%zu vs W_%zu", l, l + 1);
        claim_part_paired(c, label, a[FA][l], a[FA][l + 1], reps, CLAIM_ABOVE);
    }
    static const struct { const char *name, *statement; int x, y, side; } per_layer[] = {
        {"wn-lowers-dw-angle", "neuron-wise WN (gamma = 1) lowers ΔW_FA ∠ ΔW_BP (sec. 2.5, "
         "Fig. 6B vs D): WN vs none", FA_WN, FA, CLAIM_BELOW},
        {"layerwise-helps-less", "layer-wise normalisation (||W||_F = 7.07) aligns slightly "
         "worse than neuron-wise WN (sec. 2.5, Fig. 6B dashed): layer-wise vs neuron-wise",
         FA_WWN, FA_WN, CLAIM_ABOVE},
        {"matched-b-norm-helps", "matching ||B_l|| to ||W_l|| every step improves FA (sec. 2.5, "
         "Fig. 6D dashed): matched vs none", FA_DBNM, FA, CLAIM_BELOW},
        {"width-100-aligns-worse", "without WN, width 100 aligns worse than width 50 (sec. 2.5, "
         "Fig. 6F vs D): 100 vs 50", W100, FA, CLAIM_ABOVE},
        {"width-100-wn-helps", "at width 100, WN (gamma = 1) improves alignment (sec. 2.5, "
         "Fig. 6F dashed): WN vs none", W100_WN, W100, CLAIM_BELOW},
    };
    for (size_t i = 0; i < FA_ARRAY_LEN(per_layer); i++) {
        c = claims_begin(&cl, per_layer[i].name, per_layer[i].statement, "°");
        for (size_t l = 0; l < 4; l++) {
            char label[8];
            snprintf(label, sizeof label, "W_%zu", l);
            claim_part_paired(c, label, a[per_layer[i].x][l], a[per_layer[i].y][l], reps,
                              per_layer[i].side);
        }
    }

    double *ratio[DM_DEPTH], *g1 = fa_malloc(reps * sizeof *g1);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        ratio[l] = fa_malloc(reps * sizeof(double));
        dm_field_reps(rec + FA * reps, reps, DM_F_WNORM, l, 0.0, 0.01, ratio[l]);
        dm_field_reps(rec + FA * reps, reps, DM_F_WNORM, l, 0.99, 1.0, g1);
        for (size_t r = 0; r < reps; r++)
            ratio[l][r] = g1[r] / ratio[l][r];
    }
    c = claims_begin(&cl, "norm-grows",
                     "without WN ||W_l||_F grows (sec. 2.5, Fig. 6G): end/start ratio", "");
    for (size_t l = 0; l < DM_DEPTH; l++) {
        char label[8];
        snprintf(label, sizeof label, "W_%zu", l);
        claim_part_vs_value(c, label, ratio[l], reps, 1, CLAIM_ABOVE);
    }
    c = claims_begin(&cl, "norm-grows-most-in-last-layer",
                     "... most visibly in the last layer (sec. 2.5, Fig. 6G): end/start ratio "
                     "of W_4 against each other layer's", "");
    for (size_t l = 0; l + 1 < DM_DEPTH; l++) {
        char label[16];
        snprintf(label, sizeof label, "W_4 vs W_%zu", l);
        claim_part_paired(c, label, ratio[DM_DEPTH - 1], ratio[l], reps, CLAIM_ABOVE);
    }

    claims_paired(&cl, "bp-beats-fa", "BP reaches a lower test error than FA (sec. 2.5, Fig. "
                  "6H): BP vs FA, no WN, mean of the last 20 % of epochs", err[BP], err[FA],
                  reps, CLAIM_BELOW, "%");
    claims_paired(&cl, "wn-lowers-fa-error", "WN decreases FA's test error (sec. 2.5, Fig. "
                  "6H): FA+WN vs FA", err[FA_WN], err[FA], reps, CLAIM_BELOW, "%");
    claims_paired(&cl, "wn-raises-bp-error", "WN increases BP's test error (sec. 2.5, Fig. "
                  "6H): BP+WN vs BP", err[BP_WN], err[BP], reps, CLAIM_ABOVE, "%");
    for (int k = 0; k < NCOND; k++) {
        for (size_t l = 0; l < DM_DEPTH; l++)
            free(a[k][l]);
        free(err[k]);
    }
    for (size_t l = 0; l < DM_DEPTH; l++)
        free(ratio[l]);
    free(g1);
    dm_prog_end(&p, &cl);
    return 0;
}
