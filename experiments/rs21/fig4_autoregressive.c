/* rs21-fig4 — AR(1) errors and inputs in the open-loop network, with and without weight normalisation
 *
 * rs21 section 2.3, Fig. 4, eqs. 6-7, 32 and 34. The open-loop 100-100-10
 * ReLU network (experiments/rs21/openloop.h) is driven by an error and an
 * input that follow first-order autoregressions,
 *     E[k] = beta E[k-1] + (1 - beta) N[k-1],   X[k] = beta_X X[k-1] + (1 - beta_X) N_X[k-1],
 * with E[0], X[0], N, N_X i.i.d. N(0, 1), so beta and beta_X set how far the
 * autocorrelation of their elements reaches. Two sweeps over {0, .2, .4, .6,
 * .8, 1}, each without WN (dashed in the paper) and with neuron-wise WN to
 * gamma = 1 (solid), 30 repetitions:
 *
 *   A, B  beta sweep, X fixed (beta_X = 1): W_1 ∠ B^T and the 60-point moving
 *         average of ΔW_0,FA ∠ ΔW_0,BP over 4000 iterations, mean ± SEM
 *   C, D  beta_X sweep with beta = 0.8, 7000 iterations
 *   E     autocorrelograms (eq. 34) of one element of such a process for each
 *         value of beta (or beta_X), lags -8..8
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "openloop.h"

static const fig_info info = {
    .id = "rs21-fig4",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 4",
    .title = "AR(1) errors and inputs, with and without weight normalisation",
    .source = __FILE__,
    .reps = 30,          /* Methods 4.7 and authors' code */
    .quick_reps = 3,
    .reps_help = "one run of every case from the same initial network",
};

enum {
    VALUES = 6, SWEEPS = 2, WNS = 2,
    NI = 100, NH = 100, NO = 10, NB = 100,   /* Methods 4.3, authors' code */
    SMOOTH = 60,                             /* Methods 4.7 */
    FINAL = 100,       /* our choice: "final" = mean over the last 100 iterations */
    STRIDE = 20,       /* our choice: every 20th iteration in the data file */
    MAX_LAG = 8,       /* authors' code: lags -8..8 */
    ACF_STREAM = 3,    /* random stream of the ACF signals (0-2 are the runs') */
};
static const double values[VALUES] = {0, 0.2, 0.4, 0.6, 0.8, 1};
static const double GAMMA = 1.0;             /* Methods 4.3 */
static const double BETA_FOR_X = 0.8;        /* text and code: beta during the beta_X sweep */
static const double ETA_TEXT = 0.003;        /* Methods 4.3 */
/* Authors' code, per sweep: learning rate and iterations (paper, --quick). */
static const double sweep_eta[SWEEPS] = {0.001, 0.002};
static const size_t sweep_iters[SWEEPS] = {4000, 7000}, sweep_quick[SWEEPS] = {800, 1400};
static const char *const sweep_name[SWEEPS] = {"beta", "beta_x"};
/* ACF signal: authors' code, 80 000 steps, starting at 0; for beta = 1 the
 * signal is held at 0.7 (a start of 0 would stay 0). */
static const size_t ACF_N = 80000, ACF_QUICK_N = 8000;
static const double ACF_HELD = 0.7;

/* Sanity thresholds of the generator's ACF (not claims: rule 3). */
static const double ACF_DELTA = 0.05;        /* |ACF(tau != 0)| / ACF(0) for a delta */
static const double ACF_GEOM = 0.05;         /* |ACF(tau)/ACF(0) - beta^|tau|| for AR(1) */

/* Case index of (sweep, value, wn). */
static size_t case_of(int s, int v, int w) { return ((size_t)s * VALUES + (size_t)v) * WNS + (size_t)w; }

/* Eq. 34 on one element of the process with coefficient beta. */
static void autocorrelogram(const run_config *cfg, int v, size_t n, double acf[2 * MAX_LAG + 1])
{
    double beta = values[v], *e = fa_malloc(n * sizeof *e);
    gsl_rng *r = rng_stream(cfg->seed, (uint64_t)v, ACF_STREAM);
    e[0] = beta == 1.0 ? ACF_HELD : 0.0;
    for (size_t k = 1; k < n; k++)
        e[k] = beta == 1.0 ? e[k - 1] : beta * e[k - 1] + (1 - beta) * rng_gauss(r);
    for (long tau = -MAX_LAG; tau <= MAX_LAG; tau++)
        acf[tau + MAX_LAG] = stats_acf(e, n, tau);
    rng_free(r);
    free(e);
}

/* Per case, the final value of every repetition (reps values). */
typedef struct finals { double *w1[SWEEPS][VALUES][WNS], *dw0[SWEEPS][VALUES][WNS]; size_t reps; } finals;

static const char *const sweep_label[SWEEPS] = {"β", "β_X"};

/* WN against none at 0 < beta < 1 and 0 < beta_X <= 1 (all values but 0, and
 * but beta = beta_X = 1): one part per value. */
static void wn_parts(claim *c, double *const (*x)[VALUES][WNS], size_t reps)
{
    for (int s = 0; s < SWEEPS; s++)
        for (int v = 1; v < VALUES; v++)
            if (!(s == 0 && v == VALUES - 1)) {
                char label[32];
                snprintf(label, sizeof label, "%s=%.1f", sweep_label[s], values[v]);
                claim_part_paired(c, label, x[s][v][1], x[s][v][0], reps, CLAIM_BELOW);
            }
}

/* "No alignment" at value 0 of sweep s, with and without WN: not below 90°
 * by more than chance (claims.h), one-sided. */
static void no_alignment(claims *cl, const finals *f, int s, const char *name,
                         const char *statement)
{
    double tol = claims_unaligned_tol(NO * NH);
    claim *c = claims_begin(cl, name, statement, "°");
    claim_part_vs_value(c, "no WN", f->w1[s][0][0], f->reps, 90 - tol, CLAIM_ABOVE);
    claim_part_vs_value(c, "WN", f->w1[s][0][1], f->reps, 90 - tol, CLAIM_ABOVE);
    claim_note(c, " (90° - %.2f°: %s)", tol, CLAIMS_UNALIGNED_SOURCE);
}

static void acf_sanity(double acf[VALUES][2 * MAX_LAG + 1], claims *cl)
{
    const double *a0 = acf[0], *a1 = acf[VALUES - 1];
    double off = 0, flat = 0, geo = 0;
    for (int t = 0; t <= 2 * MAX_LAG; t++) {
        if (t != MAX_LAG)
            off = fmax(off, fabs(a0[t]) / a0[MAX_LAG]);
        flat = fmax(flat, fabs(a1[t] / a1[MAX_LAG] - 1));
        for (int v = 1; v < VALUES - 1; v++)
            geo = fmax(geo, fabs(acf[v][t] / acf[v][MAX_LAG] - pow(values[v], abs(t - MAX_LAG))));
    }
    claims_sanity(cl, "acf-delta", "beta = 0: the ACF is a Kronecker delta (Fig. 4E)",
                  "|ACF(tau != 0)| < 0.05 ACF(0)", off < ACF_DELTA, "largest ratio %.4f", off);
    claims_sanity(cl, "acf-constant", "beta = 1: the ACF is constant (Fig. 4E)",
                  "ACF(tau) = ACF(0) up to rounding (1e-9)", flat < 1e-9,
                  "largest deviation %.2g", flat);
    claims_sanity(cl, "acf-geometric",
                  "in between, the ACF of eqs. 6-7 decays as beta^|tau| (AR(1); our check)",
                  "|ACF(tau)/ACF(0) - beta^|tau|| < 0.05", geo < ACF_GEOM,
                  "largest deviation %.4f", geo);
}

static void check_claims(const finals *f, double acf[VALUES][2 * MAX_LAG + 1], claims *cl)
{
    size_t reps = f->reps;
    no_alignment(cl, f, 0, "beta0-no-alignment",
                 "no alignment when E is not autocorrelated, beta = 0 (Fig. 4 caption)");
    no_alignment(cl, f, 1, "betax0-no-alignment",
                 "no alignment when X is not autocorrelated, beta_X = 0 (Fig. 4 caption)");
    const char *grow_name[SWEEPS] = {"alignment-grows-with-beta", "alignment-grows-with-betax"};
    const char *grow_stmt[SWEEPS] = {
        "alignment grows with beta (sec. 2.3, Fig. 4A, dashed): final W_1∠B^T without WN "
        "lower at each step of the sweep than at the step before",
        "alignment grows with beta_X (sec. 2.3, Fig. 4C, dashed): final W_1∠B^T without WN "
        "lower at each step of the sweep than at the step before"};
    for (int s = 0; s < SWEEPS; s++) {
        claim *c = claims_begin(cl, grow_name[s], grow_stmt[s], "°");
        for (int v = 1; v < VALUES; v++) {
            char label[32];
            snprintf(label, sizeof label, "%s=%.1f vs %.1f", sweep_label[s], values[v],
                     values[v - 1]);
            claim_part_paired(c, label, f->w1[s][v][0], f->w1[s][v - 1][0], reps, CLAIM_BELOW);
        }
    }
    wn_parts(claims_begin(cl, "wn-improves",
                          "WN improves alignment for 0 < beta < 1 and 0 < beta_X <= 1 (sec. "
                          "2.3, Fig. 4A, C): final W_1∠B^T lower with WN at every such value",
                          "°"),
             f->w1, reps);
    /* "no improvement" at beta = beta_X = 1, an equivalence with the same
     * a-priori tolerance as "no alignment" */
    double tol = claims_unaligned_tol(NO * NH);
    claims_close_paired(cl, "wn-not-at-beta1",
                        "... except when both ACFs are constant, beta = beta_X = 1 (sec. 2.3): "
                        "final W_1∠B^T with WN minus without",
                        f->w1[0][VALUES - 1][1], f->w1[0][VALUES - 1][0], reps, tol,
                        CLAIMS_UNALIGNED_SOURCE, "°");
    wn_parts(claims_begin(cl, "wn-improves-dw0",
                          "WN also brings ΔW_0,FA closer to ΔW_0,BP there (Fig. 4B, D): final "
                          "ΔW_0 angle lower with WN at the same values", "°"),
             f->dw0, reps);
    acf_sanity(acf, cl);
}

int main(int argc, char **argv)
{
    int text_lr = 0;
    cli_opt opts[] = {{"text-lr", OPT_FLAG, &text_lr,
                       "use Methods 4.3's learning rate 0.003 in both sweeps instead of the "
                       "code's 0.001 (beta) and 0.002 (beta_X)", 0, 0}};
    run_config cfg;
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    size_t iters[SWEEPS], acf_n = cfg.quick ? ACF_QUICK_N : ACF_N;
    double eta[SWEEPS];
    for (int s = 0; s < SWEEPS; s++) {
        iters[s] = cfg.quick ? sweep_quick[s] : sweep_iters[s];
        eta[s] = text_lr ? ETA_TEXT : sweep_eta[s];
    }
    cfg_param(&cfg, "network", "%d-%d-%d, n_b=%d, ReLU (f'(0)=1), no bias", NI, NH, NO, NB);
    cfg_param(&cfg, "init", "W_0, W_1, B i.i.d. N(0,1); B fixed, not normalised");
    cfg_param(&cfg, "values", "0, 0.2, 0.4, 0.6, 0.8, 1");
    cfg_param(&cfg, "beta_sweep", "X fixed, eta %g (%s), %zu iterations", eta[0],
              text_lr ? "Methods 4.3" : "authors' code", iters[0]);
    cfg_param(&cfg, "beta_x_sweep", "beta %.1f, eta %g (%s), %zu iterations", BETA_FOR_X,
              eta[1], text_lr ? "Methods 4.3" : "authors' code", iters[1]);
    cfg_param(&cfg, "wn", "none, or every column of W_0, W_1 to norm %g at init and after "
                          "every update", GAMMA);
    cfg_param(&cfg, "smoothing", "%d-point trailing moving average of the ΔW_0 angle", SMOOTH);
    cfg_param(&cfg, "band", "SEM over repetitions");
    cfg_param(&cfg, "acf", "eq. 34 on one element, %zu steps, lags -%d..%d", acf_n, MAX_LAG,
              MAX_LAG);

    openloop_case cases[SWEEPS * VALUES * WNS];
    for (int s = 0; s < SWEEPS; s++)
        for (int v = 0; v < VALUES; v++)
            for (int w = 0; w < WNS; w++) {
                signal_spec e = {0, s == 0 ? values[v] : BETA_FOR_X, 0};
                signal_spec x = {0, s == 0 ? 1.0 : values[v], 0};
                openloop_case c = {NI, NH, NO, NB, iters[s], eta[s], w ? GAMMA : 0, 0, e, x, 0};
                cases[case_of(s, v, w)] = c;
            }
    size_t ncases = FA_ARRAY_LEN(cases);
    openloop_series sr =
        openloop_run_all(cases, ncases, cfg.reps, cfg.seed, cfg.threads, "open-loop runs");

    out_file *o = series_open(&cfg, "rs21-fig4.tsv");
    /* eta: the sweep's learning rate (the plot's titles read it here);
     * silent_reps: repetitions whose output units are all silent over the final
     * window (delta_2 = 0: no update, ΔW_0 angle undefined, W_1 frozen) */
    out_file *of = out_open(&cfg, "rs21-fig4-final.tsv",
                            "sweep\tvalue\twn\teta\tw1_final_mean\tdw0_final_mean\tsilent_reps");
    static finals fin;
    fin.reps = cfg.reps;
    for (int s = 0; s < SWEEPS; s++)
        for (int v = 0; v < VALUES; v++)
            for (int w = 0; w < WNS; w++) {
                size_t c = case_of(s, v, w), n = cases[c].iters;
                char pre[32], cond[32];
                snprintf(pre, sizeof pre, "%s\t%.1f\t%d\t%g", sweep_name[s], values[v], w, eta[s]);
                snprintf(cond, sizeof cond, "%s=%.1f%s", sweep_name[s], values[v], w ? ",wn" : "");
                series_write(o, cond, sr.w1[c], sr.dw0[c], cfg.reps, n, STRIDE, SMOOTH);
                size_t live;
                double w1 = series_final(sr.w1[c], cfg.reps, n, FINAL, NULL),
                       dw0 = series_final(sr.dw0[c], cfg.reps, n, FINAL, &live);
                out_printf(of, "%s\t%.4f\t%.4f\t%zu\n", pre, w1, dw0, cfg.reps - live);
                fin.w1[s][v][w] = fa_malloc(cfg.reps * sizeof(double));
                fin.dw0[s][v][w] = fa_malloc(cfg.reps * sizeof(double));
                series_finals(sr.w1[c], cfg.reps, n, FINAL, fin.w1[s][v][w]);
                series_finals(sr.dw0[c], cfg.reps, n, FINAL, fin.dw0[s][v][w]);
            }

    double acf[VALUES][2 * MAX_LAG + 1];
    out_file *oa = out_open(&cfg, "rs21-fig4-acf.tsv", "value\tlag\tacf");
    for (int v = 0; v < VALUES; v++) {
        autocorrelogram(&cfg, v, acf_n, acf[v]);
        for (int t = 0; t <= 2 * MAX_LAG; t++)
            out_printf(oa, "%.1f\t%d\t%.6f\n", values[v], t - MAX_LAG, acf[v][t]);
    }

    claims cl = {0};
    check_claims(&fin, acf, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    openloop_series_free(&sr);
    for (int s = 0; s < SWEEPS; s++)
        for (int v = 0; v < VALUES; v++)
            for (int w = 0; w < WNS; w++)
                free(fin.w1[s][v][w]), free(fin.dw0[s][v][w]);
    return 0;
}
