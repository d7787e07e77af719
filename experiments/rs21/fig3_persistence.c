/* rs21-fig3 — open-loop two-layer ReLU network: alignment for four kinds of persistence of E and X
 *
 * rs21 section 2.2 (last paragraphs), Fig. 3, Methods 4.1, 4.3 and 4.7. An
 * open-loop 100-100-10 ReLU network (experiments/rs21/openloop.h) is driven
 * by an imposed error E and input X, n_b = 100, and updated by FA. The
 * alignment terms (eqs. 4, 5) push W_1 towards B^T only when E and X are
 * autocorrelated across iterations. Four cases, 30 repetitions each:
 *
 *   1  E and X drawn once from N(0, 1) and kept
 *   2  E redrawn from N(0, 1) at every iteration (X kept): no autocorrelation
 *   3  E redrawn every two iterations (X kept): E[k-1] = E[k] half the time
 *   4  E and X redrawn from N(0.5, 1) at every iteration: independent draws,
 *      yet positively autocorrelated through their common mean
 *
 *   A  W_1 ∠ B^T over iterations, mean ± SEM
 *   B  ΔW_0,FA ∠ ΔW_0,BP, 60-point trailing moving average per repetition,
 *      mean ± SEM
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "openloop.h"

static const fig_info info = {
    .id = "rs21-fig3",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 3",
    .title = "open-loop two-layer net: alignment for four kinds of persistence of E and X",
    .source = __FILE__,
    .reps = 30,          /* Methods 4.7 and authors' code */
    .quick_reps = 4,
    .reps_help = "one run of every case from the same initial network",
};

enum {
    CASES = 4,
    NI = 100, NH = 100, NO = 10, NB = 100,   /* Methods 4.3, authors' code */
    ITERS = 2000, QUICK_ITERS = 400,         /* authors' code */
    SMOOTH = 60,                             /* Methods 4.7 */
    FINAL = 100,       /* our choice: "final" = mean over the last 100 iterations */
    STRIDE = 5,        /* our choice: every 5th iteration in the data file */
};
static const double ETA_CODE = 0.002;        /* authors' code */
static const double ETA_TEXT = 0.003;        /* Methods 4.3 */

static const char *const case_name[CASES] = {
    "E, X fixed", "E redrawn every iteration", "E redrawn every 2 iterations",
    "E, X ~ N(0.5,1) redrawn every iteration",
};

int main(int argc, char **argv)
{
    int text_lr = 0;
    size_t iters = 0;
    cli_opt opts[] = {{"text-lr", OPT_FLAG, &text_lr,
                       "use Methods 4.3's learning rate 0.003 instead of the code's 0.002", 0, 0},
                      {"iters", OPT_SIZE, &iters,
                       "iterations per run (0: 2000, or 400 with --quick)", 0, 1e7}};
    run_config cfg;
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    if (iters == 0)
        iters = cfg.quick ? QUICK_ITERS : ITERS;
    double eta = text_lr ? ETA_TEXT : ETA_CODE;
    const signal_spec fixed = {0, 1.0, 0.0}, fresh = {1, 0, 0.0}, every2 = {2, 0, 0.0},
                      fresh_half = {1, 0, 0.5};
    openloop_case base = {NI, NH, NO, NB, iters, eta, 0, 0, fixed, fixed, 0};
    openloop_case cases[CASES] = {base, base, base, base};
    cases[1].e = fresh;
    cases[2].e = every2;
    cases[3].e = cases[3].x = fresh_half;
    openloop_params(&cfg, cases, text_lr ? "Methods 4.3" : "authors' code", case_name, CASES);
    cfg_param(&cfg, "smoothing", "%d-point trailing moving average of the ΔW_0 angle", SMOOTH);
    cfg_param(&cfg, "band", "SEM over repetitions");

    openloop_series sr =
        openloop_run_all(cases, CASES, cfg.reps, cfg.seed, cfg.threads, "open-loop runs");

    out_file *o = series_open(&cfg, "rs21-fig3.tsv");
    double *fw[CASES], *fd[CASES];
    size_t defined = 0;
    for (int c = 0; c < CASES; c++) {
        char cond[16];
        snprintf(cond, sizeof cond, "case%d", c + 1);
        series_write(o, cond, sr.w1[c], sr.dw0[c], cfg.reps, iters, STRIDE, SMOOTH);
        fw[c] = fa_malloc(cfg.reps * sizeof *fw[c]);
        fd[c] = fa_malloc(cfg.reps * sizeof *fd[c]);
        series_finals(sr.w1[c], cfg.reps, iters, FINAL, fw[c]);
        series_finals(sr.dw0[c], cfg.reps, iters, FINAL, fd[c]);
    }
    for (size_t r = 0; r < cfg.reps; r++)
        defined += isfinite(fd[1][r]) != 0;

    /* "Alignment happened": the final angle below 90° (95 % interval across
     * repetitions); each case is a part. */
    claims cl = {0};
    static const int aligned[] = {0, 2, 3};
    static const char *const label[] = {"case 1", "case 3", "case 4"};
    claim *c = claims_begin(&cl, "cases-1-3-4-align",
                            "W_1 aligns with B^T when E (and X) persist or share a mean: cases "
                            "1, 3, 4 (sec. 2.2, Fig. 3A)", "°");
    for (int k = 0; k < 3; k++)
        claim_part_vs_value(c, label[k], fw[aligned[k]], cfg.reps, 90, CLAIM_BELOW);
    /* "No alignment": not below 90° by more than chance (claims.h). */
    double tol_w = claims_unaligned_tol(NO * NH), tol_d = claims_unaligned_tol(NH * NI);
    c = claims_vs_value(&cl, "case-2-no-alignment",
                        "no alignment when E is redrawn at every iteration: case 2 (sec. 2.2, "
                        "Fig. 3A)", fw[1], cfg.reps, 90 - tol_w, CLAIM_ABOVE, "°");
    claim_note(c, " (90° - %.2f°: %s)", tol_w, CLAIMS_UNALIGNED_SOURCE);
    c = claims_begin(&cl, "dw0-cases-1-3-4-align",
                     "ΔW_0 of FA approaches BP's in cases 1, 3, 4 (Fig. 3B)", "°");
    for (int k = 0; k < 3; k++)
        claim_part_vs_value(c, label[k], fd[aligned[k]], cfg.reps, 90, CLAIM_BELOW);
    c = claims_vs_value(&cl, "dw0-case-2-no-alignment", "... but not in case 2 (Fig. 3B)", fd[1],
                        cfg.reps, 90 - tol_d, CLAIM_ABOVE, "°");
    claim_note(c, " (90° - %.2f°: %s; defined in %zu of %zu repetitions%s)", tol_d,
               CLAIMS_UNALIGNED_SOURCE, defined, cfg.reps,
               defined < cfg.reps ? ": in the others every output unit ends silent" : "");
    claims_write(&cl, &cfg);
    out_commit_all();
    openloop_series_free(&sr);
    for (int k = 0; k < CASES; k++)
        free(fw[k]), free(fd[k]);
    return 0;
}
