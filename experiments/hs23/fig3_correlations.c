/* hs23-fig3 — open-loop network with auto-correlated, cross-correlated and uncorrelated inputs and errors
 *
 * hs23, "Results Description" and Fig. 3 (a replication of rs21 Fig. 3). The
 * open-loop two-layer ReLU network of rs21 (experiments/rs21/openloop.h),
 * 20-100-20 with batches of 100, is updated by FA with an imposed input L_0
 * (our X) and output error delta_0 (our E):
 *
 *   auto-correlated   L_0 and delta_0 drawn once from N(0, 1) and kept
 *   cross-correlated  L_0 = delta_0, drawn afresh at every iteration
 *   uncorrelated      L_0 and delta_0 drawn afresh and independently
 *   both              L_0 = delta_0 drawn once and kept (the caption's "or both")
 *
 * Alignment needs either kind of correlation: in the cross-correlated case
 * E[X^T E] = n_b I, so the alignment terms E^T X X^T E of successive
 * iterations have a positive-definite mean although nothing persists.
 * Plotted: W ∠ B^T for the output layer over iterations, mean ± SD over 10
 * repetitions (the paper's caption gives SD bands).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "../rs21/openloop.h"

static const fig_info info = {
    .id = "hs23-fig3",
    .paper = "hs23: Haji Sadeghian, Koureshy & Mohammad Beigi (2023), Fig. 3",
    .title = "open-loop network: auto-, cross- and uncorrelated inputs and errors",
    .source = __FILE__,
    .reps = 10,          /* text: "10 epochs", each re-initialising the network */
    .quick_reps = 4,
    .reps_help = "one run of every case from the same initial network",
};

enum {
    CASES = 4,
    NI = 20, NH = 100, NO = 20, NB = 100,    /* text */
    ITERS = 2000, QUICK_ITERS = 400,         /* text */
    SMOOTH = 60,       /* rs21 Methods 4.7, for the ΔW_0 angle kept in the data */
    FINAL = 100,       /* our choice: "final" = mean over the last 100 iterations */
    STRIDE = 5,        /* our choice: every 5th iteration in the data file */
};
static const double ETA = 0.002;             /* text */

static const char *const case_name[CASES] = {"auto-correlated", "cross-correlated", "uncorrelated",
                                             "both"};
static const char *const case_desc[CASES] = {
    "auto-correlated: X, E drawn once and kept", "cross-correlated: X = E redrawn every iteration",
    "uncorrelated: X, E redrawn independently every iteration",
    "auto- and cross-correlated: X = E drawn once and kept"};

/* "No alignment" is an equivalence with 90° (the angle of independent
 * matrices) within 2°, a tolerance fixed a priori: 1.5 times the 1.3° standard
 * deviation of the angle between two independent random 100 x 20 matrices
 * (cos ~ N(0, 1/2000)), and far below the tens of degrees of the aligned cases. */
static const double NONE_WITHIN = 2.0;
static const char NONE_SOURCE[] =
    "a priori: 1.5 x the 1.3° SD of the angle of independent 100x20 matrices";

int main(int argc, char **argv)
{
    size_t iters = 0;
    cli_opt opts[] = {{"iters", OPT_SIZE, &iters,
                       "iterations per run (0: 2000, or 400 with --quick)", 0, 1e7}};
    run_config cfg;
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    if (iters == 0)
        iters = cfg.quick ? QUICK_ITERS : ITERS;
    cfg_count(&cfg, "iterations", iters, ITERS);
    const signal_spec fixed = {0, 1.0, 0.0}, fresh = {1, 0, 0.0};
    openloop_case cases[CASES] = {
        {NI, NH, NO, NB, iters, ETA, 0, 0, fixed, fixed, 0},
        {NI, NH, NO, NB, iters, ETA, 0, 0, fresh, fresh, 1},
        {NI, NH, NO, NB, iters, ETA, 0, 0, fresh, fresh, 0},
        {NI, NH, NO, NB, iters, ETA, 0, 0, fixed, fixed, 1},
    };
    openloop_params(&cfg, cases, "text", case_desc, CASES);
    cfg_param(&cfg, "band", "SD over repetitions (hs23 Fig. 3 caption)");
    openloop_series sr =
        openloop_run_all(cases, CASES, cfg.reps, cfg.seed, cfg.threads, "open-loop runs");

    /* Not the series layout of series.h: the bands are SDs (the paper's), not
     * SEMs, so this file keeps columns of its own; n is the repetitions. */
    out_file *o = out_open(&cfg, "hs23-fig3.tsv",
                           "condition\titer\tw_angle_mean\tw_angle_sd\tdw0_angle_smooth_mean\t"
                           "dw0_angle_smooth_sd\tn");
    double *wm = fa_malloc(4 * iters * sizeof *wm);
    double *fin = fa_malloc(CASES * cfg.reps * sizeof *fin);
    double *wsd = wm + iters, *dm = wsd + iters, *dsd = dm + iters;
    for (int c = 0; c < CASES; c++) {
        series_band(sr.w1[c], cfg.reps, iters, 1, 1, wm, wsd);
        series_band(sr.dw0[c], cfg.reps, iters, SMOOTH, 1, dm, dsd);
        for (size_t k = 0; k < iters; k++)
            if (k % STRIDE == 0 || k == iters - 1)
                out_printf(o, "%s\t%zu\t%.4f\t%.4f\t%.4f\t%.4f\t%zu\n", case_name[c], k, wm[k],
                           wsd[k], dm[k], dsd[k], cfg.reps);
        for (size_t r = 0; r < cfg.reps; r++)   /* per repetition: the claims pair them */
            fin[c * cfg.reps + r] = series_final(sr.w1[c] + r * iters, 1, iters, FINAL, NULL);
    }
    free(wm);

    /* Aligned: the final angle below the 90° of independent matrices. */
    claims cl = {0};
    size_t n = cfg.reps;
    claims_vs_value(&cl, "auto-aligns", "alignment with auto-correlated inputs and errors (Fig. 3)",
                    fin, n, 90.0, CLAIM_BELOW, "°");
    claims_vs_value(&cl, "cross-aligns",
                    "alignment with cross-correlated inputs and errors, nothing persisting (Fig. 3)",
                    fin + n, n, 90.0, CLAIM_BELOW, "°");
    claims_close(&cl, "uncorrelated-no-alignment",
                 "no alignment when neither correlation is present (Fig. 3)", fin + 2 * n, n, 90.0,
                 NONE_WITHIN, NONE_SOURCE, "°");
    claims_vs_value(&cl, "both-aligns",
                    "alignment when both correlations are present (Fig. 3 caption: \"or both\")",
                    fin + 3 * n, n, 90.0, CLAIM_BELOW, "°");
    claims_write(&cl, &cfg);
    out_commit_all();
    free(fin);
    openloop_series_free(&sr);
    return 0;
}
