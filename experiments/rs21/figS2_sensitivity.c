/* rs21-figS2 — sensitivity of the Fig. 6 results to gamma and the learning rate
 *
 * rs21 Supplementary Note 4, Fig. S2 (its caption is missing from the text), and
 * sec. 2.5: "alignment and test error are relatively robust for a range of gamma
 * [...] with small amounts of gamma performance of the network is severely
 * reduced". The FA network of Fig. 6 (width 50) with ΔW_FA ∠ ΔW_BP per layer
 * and the test error, for
 *   eta = 5e-4: no WN and neuron-wise WN with gamma in {0.25, 0.5, 1, 2}
 *   eta = 3e-4 and eta = 5e-3 (the text's Methods 4.3 value): no WN and gamma = 1
 * (B's columns normalised to gamma once, as in Fig. 6).
 * Data: MNIST, read by dm_prog_run (mnist_load_or_die), which `make data` fetches.
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "deepmnist.h"

static const fig_info info = {
    .id = "rs21-figS2",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. S2",
    .title = "sensitivity of Fig. 6 (ΔW angles, test error) to gamma and eta",
    .source = __FILE__,
    .reps = 2,          /* paper: not stated (Fig. 6: 10); cut for the time budget */
    .quick_reps = 1,
    .reps_help = "one network per condition (same initial weights and codes)",
};

enum { EPOCHS = 20, QUICK_EPOCHS = 2, MA = 60, EVERY = 10 };
static const double LATE = 0.8;   /* claims: last 20 % of iterations / epochs */

typedef struct cond { const char *name; double eta, gamma; } cond;
static const cond C[] = {
    {"eta5e-4-none", 5e-4, 0},      {"eta5e-4-gamma0.25", 5e-4, 0.25},
    {"eta5e-4-gamma0.5", 5e-4, 0.5}, {"eta5e-4-gamma1", 5e-4, 1},
    {"eta5e-4-gamma2", 5e-4, 2},    {"eta3e-4-none", 3e-4, 0},
    {"eta3e-4-gamma1", 3e-4, 1},    {"eta5e-3-none", 5e-3, 0},
    {"eta5e-3-gamma1", 5e-3, 1},
};
enum { NONE, G025, G05, G1, G2, E3_NONE, E3_G1, E2_NONE, E2_G1, NCOND };

int main(int argc, char **argv)
{
    dm_prog p;
    dm_prog_begin(&p, argc, argv, &info, EPOCHS, QUICK_EPOCHS);
    run_config *cfg = &p.cfg;
    const dm_scale sc = p.sc;

    dm_setup s[NCOND];
    for (int c = 0; c < NCOND; c++) {
        s[c] = dm_setup_rs21(C[c].name, 50, FB_FA, C[c].eta, sc.epochs);
        if (C[c].gamma > 0)
            dm_setup_wn(&s[c], DM_WN_NEURON, C[c].gamma, 1);
        s[c].measure = DM_M_DW;
    }

    dm_prog_run(&p, s, NCOND, 1);
    size_t reps = p.reps;
    const dm_record *rec = p.rec;

    out_file *o = series_open(cfg, "rs21-figS2-series.tsv");
    out_file *os = out_open(cfg, "rs21-figS2-summary.tsv",
                            "cond\teta\tgamma\tdw0\tdw1\tdw2\tdw3\tdw_mean\ttest_error");
    double dwm[NCOND], err[NCOND];
    for (int c = 0; c < NCOND; c++) {
        const dm_record *rc = rec + c * reps;
        double dw[4];
        dwm[c] = 0;
        for (size_t l = 0; l < 4; l++) {
            dm_write_field(o, "dw", s[c].name, rc, reps, DM_F_DW, l, MA, EVERY);
            dw[l] = dm_field_mean(rc, reps, DM_F_DW, l, LATE, 1.0);
            dwm[c] += dw[l] / 4;
        }
        size_t len = sc.epochs;
        double *x = fa_malloc(reps * len * sizeof *x);
        dm_gather(x, rc, reps, DM_F_ACC, 0);
        for (size_t i = 0; i < reps * len; i++)
            x[i] = 100 * (1 - x[i]);
        dm_write_series(o, "test_error", s[c].name, 0, x, reps, len, 1, 1);
        free(x);
        err[c] = 100 * (1 - dm_field_mean(rc, reps, DM_F_ACC, 0, LATE, 1.0));
        out_printf(os, "%s\t%g\t%g\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", s[c].name, C[c].eta,
                   C[c].gamma, dw[0], dw[1], dw[2], dw[3], dwm[c], err[c]);
    }

    /* ---- claims ---- */
    claims cl = {0};
    double lo = fmin(dwm[G05], fmin(dwm[G1], dwm[G2]));
    double hi = fmax(dwm[G05], fmax(dwm[G1], dwm[G2]));
    claims_add(&cl, "alignment-robust-in-gamma",
               "alignment is relatively robust for a range of gamma (sec. 2.5, Fig. S2)",
               "gamma 0.5, 1, 2 all align better than no WN (mean ΔW angle, W_0..W_3)",
               hi < dwm[NONE], "%.1f°, %.1f°, %.1f° vs %.1f° (gamma 0.5, 1, 2 vs none)", dwm[G05],
               dwm[G1], dwm[G2], dwm[NONE]);
    claims_add(&cl, "error-robust-in-gamma",
               "test error is relatively robust for a range of gamma (sec. 2.5, Fig. S2)",
               "test errors at gamma 0.5, 1, 2 within 5 points of each other",
               fmax(err[G05], fmax(err[G1], err[G2])) -
                       fmin(err[G05], fmin(err[G1], err[G2])) < 5,
               "%.2f, %.2f, %.2f %% (gamma 0.5, 1, 2); angle range %.1f°", err[G05], err[G1],
               err[G2], hi - lo);
    claims_add(&cl, "small-gamma-hurts",
               "with a small gamma performance is severely reduced (sec. 2.5, Fig. S2)",
               "test error at gamma 0.25 > gamma 1 error + 5 points", err[G025] > err[G1] + 5,
               "%.2f %% vs %.2f %%", err[G025], err[G1]);
    claims_add(&cl, "large-eta-does-not-converge",
               "with eta > 0.0005 the network may not converge (Suppl. Note 4); the text's "
               "eta = 0.005 for Figs. 6-7 (Methods 4.3) is therefore doubtful",
               "no-WN test error at eta 5e-3 > at 5e-4", err[E2_NONE] > err[NONE],
               "%.2f %% vs %.2f %% (WN gamma 1: %.2f %% vs %.2f %%)", err[E2_NONE], err[NONE],
               err[E2_G1], err[G1]);
    dm_prog_end(&p, &cl);
    return 0;
}
