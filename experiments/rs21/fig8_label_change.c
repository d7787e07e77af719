/* rs21-fig8 — deep MNIST flexibility: a new label code after 100 epochs, BP and FA with and without WN
 *
 * rs21 section 2.6, Fig. 8 (Methods 4.3, 4.4, 4.9). The 225-50-50-50-50-50 network
 * (no bias) learns MNIST with mutually exclusive 5-hot codes for 100 epochs;
 * then every class gets a fresh random 5-hot code (train and test targets) and
 * training goes on for 100 more epochs.
 *   A  test accuracy at the start of every epoch (200 points) for BP and FA,
 *      without and with neuron-wise WN (gamma = 0.6, W only)
 *   B  histogram of the last layer's pre-activations Z_5 on the last training
 *      batch of epoch 100 (just before the change)
 * The text's learning rate (0.003, Methods 4.3) is run for FA as well.
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die), which `make data` fetches.
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "deepmnist.h"

static const fig_info info = {
    .id = "rs21-fig8",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 8",
    .title = "deep MNIST: label change after 100 epochs, BP/FA with and without WN",
    .source = __FILE__,
    .reps = 2,          /* paper: 10; cut for the time budget (paper/rs21.md) */
    .quick_reps = 1,
    .reps_help = "one network per condition (same initial weights and codes)",
};

enum {
    EPOCHS = 200, QUICK_EPOCHS = 6,   /* paper: 100 + 100 */
    LAST = 10,          /* accuracy of a phase: mean of its last 10 test points */
    ZBINS = 60,
};
static const double ETA = 3e-4;       /* authors' code (FACTS); text: 0.003 */
static const double ETA_TEXT = 3e-3;  /* Methods 4.3 */
static const double GAMMA = 0.6;   /* code and Methods 4.3 */
static const double FLAT = 0.01;      /* "saturated": f'(z) < 0.01, i.e. z <= 0 or z > 3.0 */

enum { BP, BP_WN, FA, FA_WN, FA_TEXT, FA_WN_TEXT, NCOND };

/* f'(z) of tanh∘ReLU */
static double dact(double z) { return z > 0 ? 1 - tanh(z) * tanh(z) : 0; }

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    run_config *cfg = &p.cfg;
    const dm_scale sc = p.sc;
    if (sc.epochs < 2)   /* the label change is halfway: an epoch on each side */
        fa_die("--epochs %zu: the label change needs at least 2 epochs", sc.epochs);
    size_t change = sc.epochs / 2;

    const char *names[NCOND] = {"bp", "bp-wn", "fa", "fa-wn", "fa-eta0.003", "fa-wn-eta0.003"};
    dm_setup s[NCOND];
    for (int c = 0; c < NCOND; c++) {
        s[c] = dm_setup_rs21(names[c], 50, c >= FA ? FB_FA : FB_BP, c >= FA_TEXT ? ETA_TEXT : ETA,
                             sc.epochs);
        s[c].bias = 0, s[c].relabel_epoch = change;
        s[c].measure = DM_M_ZOUT, s[c].zout_epoch = change - 1;
        s[c].accuracy_only = 1;   /* no W ∠ B^T or norms: not plotted */
        if (c == BP_WN || c == FA_WN || c == FA_WN_TEXT)
            dm_setup_wn(&s[c], DM_WN_NEURON, GAMMA, 0);   /* W only: B is never normalised */
    }

    dm_prog_run(&p, s, NCOND, 1);
    size_t reps = p.reps;
    const dm_record *rec = p.rec;

    out_file *o = series_open(cfg, "rs21-fig8-accuracy.tsv");
    for (int c = 0; c < NCOND; c++)
        dm_write_field(o, "test_acc", s[c].name, rec + c * reps, reps, DM_F_ACC, 0, 1, 1);

    /* Z_5 histograms over a common range, every repetition pooled */
    double lo = INFINITY, hi = -INFINITY;
    size_t nz = rec[0].zout_len;
    for (size_t i = 0; i < NCOND * reps; i++)
        for (size_t j = 0; j < nz; j++)
            lo = fmin(lo, rec[i].zout[j]), hi = fmax(hi, rec[i].zout[j]);
    hi = nextafter(hi, INFINITY);
    out_file *oz = out_open(cfg, "rs21-fig8-zhist.tsv", "cond\tbin_lo\tbin_hi\tdensity");
    out_file *os = out_open(cfg, "rs21-fig8-zstats.tsv",
                            "cond\tn\tmean\tsd\tfrac_flat\tfrac_nonpos\tfrac_above3");
    double flat[NCOND];
    double *z = fa_malloc(reps * nz * sizeof *z);
    for (int c = 0; c < NCOND; c++) {
        size_t nflat = 0, nneg = 0, nbig = 0;
        for (size_t r = 0; r < reps; r++)
            for (size_t j = 0; j < nz; j++) {
                double v = rec[c * reps + r].zout[j];
                z[r * nz + j] = v;
                nflat += dact(v) < FLAT;
                nneg += v <= 0;
                nbig += v > 3;
            }
        size_t n = reps * nz;
        double dens[ZBINS], w = (hi - lo) / ZBINS;
        stats_density(z, n, lo, hi, ZBINS, dens, NULL);
        for (int b = 0; b < ZBINS; b++)
            out_printf(oz, "%s\t%.6g\t%.6g\t%.6g\n", s[c].name, lo + b * w, lo + (b + 1) * w,
                       dens[b]);
        flat[c] = (double)nflat / (double)n;
        out_printf(os, "%s\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", s[c].name, n,
                   stats_mean(z, n, 1), stats_sd(z, n, 1), flat[c], (double)nneg / (double)n,
                   (double)nbig / (double)n);
    }
    free(z);

    /* ---- claims ---- */
    claims cl = {0};
    size_t last = LAST < change ? LAST : change;
    double p1[NCOND], p2[NCOND], f1 = (double)(change - last) / (double)sc.epochs,
                                 f2 = (double)(sc.epochs - last) / (double)sc.epochs;
    for (int c = 0; c < NCOND; c++) {
        p1[c] = 100 * dm_field_mean(rec + c * reps, reps, DM_F_ACC, 0, f1, 0.5);
        p2[c] = 100 * dm_field_mean(rec + c * reps, reps, DM_F_ACC, 0, f2, 1.0);
    }
    claims_add(&cl, "no-wn-stays-below",
               "without WN, accuracy after the label change stays below the first phase's, "
               "for BP and FA (sec. 2.6, Fig. 8A)",
               "last-10-epoch accuracy of phase 2 < phase 1, BP and FA", p2[BP] < p1[BP] &&
               p2[FA] < p1[FA], "BP %.2f -> %.2f %%, FA %.2f -> %.2f %%", p1[BP], p2[BP],
               p1[FA], p2[FA]);
    claims_add(&cl, "wn-recovers",
               "with WN the network learns the new code as well as the first (sec. 2.6, Fig. 8A)",
               "phase 2 >= phase 1 - 1 point, BP+WN and FA+WN",
               p2[BP_WN] >= p1[BP_WN] - 1 && p2[FA_WN] >= p1[FA_WN] - 1,
               "BP+WN %.2f -> %.2f %%, FA+WN %.2f -> %.2f %%", p1[BP_WN], p2[BP_WN], p1[FA_WN],
               p2[FA_WN]);
    claims_add(&cl, "wn-beats-no-wn-after-change",
               "WN improves test accuracy after the label change (Fig. 8A caption)",
               "phase-2 accuracy higher with WN, BP and FA",
               p2[BP_WN] > p2[BP] && p2[FA_WN] > p2[FA],
               "BP %.2f vs %.2f %%, FA %.2f vs %.2f %% (WN vs none)", p2[BP_WN], p2[BP],
               p2[FA_WN], p2[FA]);
    claims_add(&cl, "fa-below-bp-without-wn",
               "without WN, FA after the change is inferior to BP (sec. 2.6)",
               "phase-2 accuracy FA < BP", p2[FA] < p2[BP], "FA %.2f %%, BP %.2f %%", p2[FA],
               p2[BP]);
    claims_add(&cl, "fa-wn-close-to-bp-wn",
               "with WN, FA after the change is comparable to BP (sec. 2.6, Fig. 8A)",
               "|FA+WN - BP+WN| < 2 points in phase 2", fabs(p2[FA_WN] - p2[BP_WN]) < 2,
               "FA+WN %.2f %%, BP+WN %.2f %%", p2[FA_WN], p2[BP_WN]);
    claims_add(&cl, "most-units-flat-without-wn",
               "without WN most last-layer units are saturated, f'(Z_5) = 0, at epoch 100 "
               "(sec. 2.6, Fig. 8B)",
               "> 50 % of Z_5 entries with f'(z) < 0.01, BP and FA",
               flat[BP] > 0.5 && flat[FA] > 0.5, "BP %.1f %%, FA %.1f %%", 100 * flat[BP],
               100 * flat[FA]);
    claims_add(&cl, "wn-fewer-flat-units",
               "WN keeps the last layer's pre-activations away from saturation (sec. 2.6, Fig. 8B)",
               "smaller fraction with f'(z) < 0.01 with WN, BP and FA",
               flat[BP_WN] < flat[BP] && flat[FA_WN] < flat[FA],
               "BP %.1f vs %.1f %%, FA %.1f vs %.1f %% (WN vs none)", 100 * flat[BP_WN],
               100 * flat[BP], 100 * flat[FA_WN], 100 * flat[FA]);
    dm_prog_end(&p, &cl);
    return 0;
}
