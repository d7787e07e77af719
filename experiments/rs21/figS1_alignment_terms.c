/* rs21-figS1 — alignment and sup-alignment terms in five open-loop cases, with and without weight normalisation
 *
 * rs21 Supplementary Note 1 and Fig. S1, with eqs. 20-25 (Methods 4.2). In
 * the open-loop 100-100-10 ReLU network (experiments/rs21/openloop.h) with a
 * fixed input X, FA's update of W_1 splits (first-order Taylor) into the
 * alignment term of order 1 and the sup-alignment term of order 1,
 *     T_aln[k] = eta^2 { f'(Z_1[k-1])^T (.) (delta_1[k-1]^T X X^T) } delta_2[k]
 *     T_sup[k] = eta L_1[k-1]^T delta_2[k],       ΔW_1[k] ≈ T_aln[k] + T_sup[k],
 * where delta_1 is the hidden FA error and delta_2 = E (.) f'(Z_2) (X is fixed,
 * so Z_1[k-1] = X W_0[k-1] is the pre-activation W_0[k-1] gives X[k]). The
 * error E is redrawn every two or three iterations, so that its elements are
 * autocorrelated over one or two lags:
 *
 *   1  E redrawn every 2 iterations            4  every 2, WN gamma = 1
 *   2  E redrawn every 3 iterations            5  every 2, WN gamma = 0.7
 *   3  every 3, WN gamma = 1                   6  every 2, WN gamma = 1.2 (the
 *                                                 caption's value for case 4)
 *
 * For each: angles to B^T of T_aln, T_sup, their running sums (from
 * iteration 4 on), ΔW_1 and W_1, the angle ΔW_0,FA ∠ ΔW_0,BP, and the
 * Frobenius norms of W_0, W_1, T_aln and T_sup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "openloop.h"

static const fig_info info = {
    .id = "rs21-figS1",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. S1",
    .title = "alignment and sup-alignment terms in five open-loop cases",
    .source = __FILE__,
    .reps = 10,          /* our choice: the authors show one run; we average 10 */
    .quick_reps = 2,
    .reps_help = "one run of every case from the same initial network and X",
};

enum {
    CASES = 6,
    NI = 100, NH = 100, NO = 10, NB = 100,   /* Suppl. Note 1, authors' code */
    ITERS = 1500, QUICK_ITERS = 300,         /* authors' code */
    SUM_FROM = 4,      /* authors' code: running sums from iteration 4 */
    WN_FROM = 4,       /* authors' code: WN applies from iteration 4 on */
};
static const double ETA_CODE = 0.002;        /* authors' code */
static const double ETA_TEXT = 0.003;        /* Suppl. Note 1 */

typedef struct scase { size_t period; double gamma; const char *name; } scase;
static const scase scases[CASES] = {
    {2, 0, "E every 2 iterations"},
    {3, 0, "E every 3 iterations"},
    {3, 1.0, "E every 3, WN gamma 1"},
    {2, 1.0, "E every 2, WN gamma 1"},
    {2, 0.7, "E every 2, WN gamma 0.7"},
    {2, 1.2, "E every 2, WN gamma 1.2 (caption)"},
};

/* The recorded series; W_1 and ΔW_0 angles come from openloop_run. */
enum { A_ALN, A_SUP, A_SALN, A_SSUP, A_DW1, A_W1, A_DW0, N_W0, N_W1, N_ALN, N_SUP, SERIES };
/* Their quantity and layer in the series file: the T terms are layer 1's;
 * "wb" and "dw" (W_1 ∠ B^T, ΔW_0,FA ∠ ΔW_0,BP) as in rs21-fig3. */
static const struct { const char *quantity; size_t layer; } series_id[SERIES] = {
    {"t_aln_angle", 1}, {"t_sup_angle", 1}, {"sum_t_aln_angle", 1}, {"sum_t_sup_angle", 1},
    {"dwb", 1}, {"wb", 1}, {"dw", 0}, {"w_norm", 0}, {"w_norm", 1}, {"t_aln_norm", 1},
    {"t_sup_norm", 1}};

/* "Almost reaches" (case 4), fixed before the paper-scale run. */
static const double REACHES_WITHIN = 5.0;

/* ---- the observer: alignment terms at every iteration ------------------------- */

typedef struct terms {
    size_t iters;
    double *rec;          /* SERIES x iters, this repetition */
    mat G;                /* X X^T (n_b x n_b), X is fixed */
    mat Zt_prev, L_prev, D_prev;   /* Z_1[k-1]^T, L_1[k-1], delta_1[k-1] */
    mat A, T_aln, T_sup, S_aln, S_sup;
} terms;

static void terms_alloc(terms *t, size_t iters, double *rec)
{
    t->iters = iters, t->rec = rec;
    t->G = mat_alloc(NB, NB);
    t->Zt_prev = mat_alloc(NH, NB), t->L_prev = mat_alloc(NB, NH), t->D_prev = mat_alloc(NB, NH);
    t->A = mat_alloc(NH, NB);
    t->T_aln = mat_alloc(NH, NO), t->T_sup = mat_alloc(NH, NO);
    t->S_aln = mat_alloc(NH, NO), t->S_sup = mat_alloc(NH, NO);
}

static void terms_free(terms *t)
{
    mat *m[] = {&t->G, &t->Zt_prev, &t->L_prev, &t->D_prev, &t->A, &t->T_aln, &t->T_sup,
                &t->S_aln, &t->S_sup};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
}

static void observe(const openloop *o, mat X, mat E, void *ctx)
{
    (void)E;
    terms *t = ctx;
    size_t k = o->k, n = t->iters;
    double *r = t->rec;
    mat d2 = o->fa.delta[2], W0 = o->nt.W[0], W1 = o->nt.W[1], dW1 = o->fa.dW[1];
    double eta = o->eta;
    r[N_W0 * n + k] = mat_norm(W0);
    r[N_W1 * n + k] = mat_norm(W1);
    r[A_DW1 * n + k] = mat_angle(dW1, o->Bt);
    for (int q = A_ALN; q <= A_SSUP; q++)
        r[q * n + k] = NAN;
    r[N_ALN * n + k] = r[N_SUP * n + k] = NAN;
    if (k == 0) {
        gemm_nt_f32(NB, NB, NI, 1.0f, X.v, X.ld, X.v, X.ld, 0.0f, t->G.v, t->G.ld);
    } else {
        /* T_aln = eta^2 {f'(Z_1[k-1])^T (.) (delta_1[k-1]^T X X^T)} delta_2[k] */
        gemm_tn_f32(NH, NB, NB, 1.0f, t->D_prev.v, t->D_prev.ld, t->G.v, t->G.ld, 0.0f,
                    t->A.v, t->A.ld);
        dact_relu_f32(NH, NB, t->A.v, t->A.ld, t->Zt_prev.v, t->Zt_prev.ld, t->A.v, t->A.ld);
        gemm_nn_f32(NH, NO, NB, (float)(eta * eta), t->A.v, t->A.ld, d2.v, d2.ld, 0.0f,
                    t->T_aln.v, t->T_aln.ld);
        /* T_sup = eta L_1[k-1]^T delta_2[k] */
        gemm_tn_f32(NH, NO, NB, (float)eta, t->L_prev.v, t->L_prev.ld, d2.v, d2.ld, 0.0f,
                    t->T_sup.v, t->T_sup.ld);
        r[A_ALN * n + k] = mat_angle(t->T_aln, o->Bt);
        r[A_SUP * n + k] = mat_angle(t->T_sup, o->Bt);
        r[N_ALN * n + k] = mat_norm(t->T_aln);
        r[N_SUP * n + k] = mat_norm(t->T_sup);
        if (k >= SUM_FROM) {
            mat_axpy(t->S_aln, 1.0f, t->T_aln);
            mat_axpy(t->S_sup, 1.0f, t->T_sup);
            r[A_SALN * n + k] = mat_angle(t->S_aln, o->Bt);
            r[A_SSUP * n + k] = mat_angle(t->S_sup, o->Bt);
        }
    }
    mat_transpose(t->Zt_prev, o->f.Z[1]);
    mat_copy(t->L_prev, o->f.L[1]);
    mat_copy(t->D_prev, o->fa.delta[1]);
}

typedef struct job {
    const openloop_case *cases;
    size_t reps;
    uint64_t seed;
    double *rec[CASES];   /* reps x SERIES x iters per case */
    progress *prog;
} job;

static void run_job(size_t i, void *ctx)
{
    job *jb = ctx;
    size_t c = i / jb->reps, rep = i % jb->reps, n = jb->cases[c].iters;
    double *rec = jb->rec[c] + rep * SERIES * n;
    terms t;
    terms_alloc(&t, n, rec);
    openloop_run(&jb->cases[c], jb->seed, rep, rec + A_W1 * n, rec + A_DW0 * n, observe, &t);
    terms_free(&t);
    progress_add(jb->prog, 1);
}

static void job_io(size_t i, void *ctx, par_io *io)
{
    job *jb = ctx;
    size_t c = i / jb->reps, rep = i % jb->reps;
    par_io_block(io, jb->rec[c], rep, SERIES * jb->cases[c].iters, sizeof(double));
}

/* ---- summaries and claims --------------------------------------------------- */

/* Final value of series q in case c per repetition: the mean over the last
 * third of the run (our choice) at the iterations with k % mod == rem (mod 1:
 * all), into out[reps]. */
static void final_of(const job *jb, size_t n, int c, int q, size_t mod, size_t rem, double *out)
{
    for (size_t rep = 0; rep < jb->reps; rep++) {
        const double *x = jb->rec[c] + (rep * SERIES + (size_t)q) * n;
        double sum = 0;
        size_t m = 0;
        for (size_t k = n - n / 3; k < n; k++)
            if (k % mod == rem && !isnan(x[k]))
                sum += x[k], m++;
        out[rep] = sum / (double)m;
    }
}

/* Mean over repetitions of series q of case c at iteration k (skipping
 * undefined values; NaN if there are none). */
static double at(const job *jb, size_t n, int c, int q, size_t k)
{
    double s = 0;
    size_t m = 0;
    for (size_t rep = 0; rep < jb->reps; rep++) {
        double x = jb->rec[c][(rep * SERIES + (size_t)q) * n + k];
        if (!isnan(x))
            s += x, m++;
    }
    return m ? s / (double)m : NAN;
}

/* The same per repetition (NaN where undefined). */
static void at_reps(const job *jb, size_t n, int c, int q, size_t k, double *out)
{
    for (size_t rep = 0; rep < jb->reps; rep++)
        out[rep] = jb->rec[c][(rep * SERIES + (size_t)q) * n + k];
}

/* Judged across repetitions, which share their initial network and X across
 * cases, so cases are compared paired. "Aligns" is below 90°, "no
 * alignment" one-sided against claims_unaligned_tol (T_aln, T_sup, W_1 and
 * ΔW_1 all have NH * NO entries). */
static void check_claims(const job *jb, size_t n, claims *cl)
{
    size_t reps = jb->reps;
    double *v = fa_malloc(16 * reps * sizeof *v), *x[16];
    for (int i = 0; i < 16; i++)
        x[i] = v + (size_t)i * reps;
    double tol = claims_unaligned_tol(NH * NO);
    /* case 1: T_aln aligned at odd k (E[k-1] = E[k]), not at even k */
    double *aln_same = x[0], *aln_new = x[1], *saln = x[2], *ssup = x[3], *dw1 = x[4];
    final_of(jb, n, 0, A_ALN, 2, 1, aln_same);
    final_of(jb, n, 0, A_ALN, 2, 0, aln_new);
    claims_vs_value(cl, "case1-t-aln-half",
                    "case 1: T_aln aligns in half of the iterations, those where E is repeated "
                    "(Suppl. Note 1): T_aln∠B^T when E[k-1] = E[k]", aln_same, reps, 90,
                    CLAIM_BELOW, "°");
    claim *c = claims_vs_value(cl, "case1-t-aln-not-otherwise",
                               "... and not in the others (Suppl. Note 1): T_aln∠B^T when E is "
                               "new", aln_new, reps, 90 - tol, CLAIM_ABOVE, "°");
    claim_note(c, " (90° - %.2f°: %s)", tol, CLAIMS_UNALIGNED_SOURCE);
    final_of(jb, n, 0, A_SALN, 1, 0, saln);
    final_of(jb, n, 0, A_SSUP, 1, 0, ssup);
    claims_paired(cl, "case1-sum-t-aln-aligns",
                  "case 1: the running sum of T_aln aligns, more than T_aln itself (Suppl. Note "
                  "1): sum T_aln∠B^T vs T_aln∠B^T at repeated-E iterations", saln, aln_same,
                  reps, CLAIM_BELOW, "°");
    c = claims_vs_value(cl, "case1-sum-t-sup-no-alignment",
                        "case 1: the running sum of T_sup does not align (Suppl. Note 1)", ssup,
                        reps, 90 - tol, CLAIM_ABOVE, "°");
    claim_note(c, " (90° - %.2f°: %s)", tol, CLAIMS_UNALIGNED_SOURCE);
    final_of(jb, n, 0, A_DW1, 1, 0, dw1);
    c = claims_vs_value(cl, "case1-dw1-weak",
                        "case 1: ΔW_1 shows no considerable alignment per iteration (Suppl. Note "
                        "1)", dw1, reps, 90 - tol, CLAIM_ABOVE, "°");
    claim_note(c, " (90° - %.2f°: %s)", tol, CLAIMS_UNALIGNED_SOURCE);
    double *d[CASES], *w[CASES], *ta[CASES], *ts[CASES], *ns[CASES];
    for (int k = 0; k < CASES; k++) {
        d[k] = fa_malloc(5 * reps * sizeof(double));
        w[k] = d[k] + reps, ta[k] = d[k] + 2 * reps, ts[k] = d[k] + 3 * reps;
        ns[k] = d[k] + 4 * reps;
        final_of(jb, n, k, A_DW1, 1, 0, d[k]);
        final_of(jb, n, k, A_W1, 1, 0, w[k]);
        final_of(jb, n, k, A_ALN, 1, 0, ta[k]);
        final_of(jb, n, k, A_SUP, 1, 0, ts[k]);
        final_of(jb, n, k, N_SUP, 1, 0, ns[k]);
    }
    claims_vs_value(cl, "case1-w1-aligns", "case 1: ... yet W_1 aligns (Suppl. Note 1)", w[0],
                    reps, 90, CLAIM_BELOW, "°");
    /* norms at the start (k = 1), at n/3 and at the end */
    c = claims_begin(cl, "blow-up", "cases 1-2: the Frobenius norms of the forward weights grow "
                     "continuously (Suppl. Note 1, Fig. S1B, D): end vs n/3, n/3 vs start", "");
    for (int k = 0; k < 2; k++)
        for (int q = N_W0; q <= N_W1; q++) {
            char label[48];
            at_reps(jb, n, k, q, 1, x[5]);
            at_reps(jb, n, k, q, n / 3, x[6]);
            at_reps(jb, n, k, q, n - 1, x[7]);
            snprintf(label, sizeof label, "case %d ||W_%d|| end", k + 1, q - N_W0);
            claim_part_paired(c, label, x[7], x[6], reps, CLAIM_ABOVE);
            snprintf(label, sizeof label, "case %d ||W_%d|| n/3", k + 1, q - N_W0);
            claim_part_paired(c, label, x[6], x[5], reps, CLAIM_ABOVE);
        }
    at_reps(jb, n, 0, N_SUP, n - 1, x[8]);
    at_reps(jb, n, 0, N_SUP, n / 3, x[9]);
    at_reps(jb, n, 0, N_ALN, n - 1, x[10]);
    c = claims_begin(cl, "t-sup-dominates", "without WN ||T_sup|| grows while ||T_aln|| stays "
                     "low (Fig. S1B, D): case 1, ||T_sup|| at the end vs at n/3, and vs ||T_aln|| "
                     "at the end", "");
    claim_part_paired(c, "grows", x[8], x[9], reps, CLAIM_ABOVE);
    claim_part_paired(c, "exceeds T_aln", x[8], x[10], reps, CLAIM_ABOVE);
    final_of(jb, n, 1, A_SSUP, 1, 0, x[11]);
    claims_vs_value(cl, "case2-sum-t-sup-aligns",
                    "case 2 (two-lag autocorrelation): the running sum of T_sup shows some "
                    "alignment (Suppl. Note 1)", x[11], reps, 90, CLAIM_BELOW, "°");
    c = claims_begin(cl, "wn-aligns-dw1", "WN increases the alignment of ΔW_1 (Suppl. Note 1, "
                     "cases 3 vs 2 and 4 vs 1)", "°");
    claim_part_paired(c, "every 3", d[2], d[1], reps, CLAIM_BELOW);
    claim_part_paired(c, "every 2", d[3], d[0], reps, CLAIM_BELOW);
    c = claims_begin(cl, "wn-aligns-w1", "WN results in more alignment of W_1 (Suppl. Note 1, "
                     "cases 3 vs 2 and 4 vs 1)", "°");
    claim_part_paired(c, "every 3", w[2], w[1], reps, CLAIM_BELOW);
    claim_part_paired(c, "every 2", w[3], w[0], reps, CLAIM_BELOW);
    claims_close_paired(cl, "wn-t-aln-unchanged", "with WN, T_aln does not align further "
                        "(Suppl. Note 1, case 3 vs 2)", ta[2], ta[1], reps, tol,
                        CLAIMS_UNALIGNED_SOURCE, "°");
    claims_paired(cl, "wn-acts-on-t-sup", "... but T_sup does (Suppl. Note 1, case 3 vs 2)",
                  ts[2], ts[1], reps, CLAIM_BELOW, "°");
    final_of(jb, n, 3, A_ALN, 2, 1, x[12]);
    claims_close_paired(cl, "case4-w1-reaches-t-aln", "case 4: W_1∠B^T almost reaches T_aln∠B^T "
                        "at repeated-E iterations (Suppl. Note 1)", w[3], x[12], reps,
                        REACHES_WITHIN, "a priori: 5°, fixed before the paper-scale run", "°");
    claims_paired(cl, "case5-lower-t-sup", "gamma = 0.7 instead of 1 lowers ||T_sup|| (Suppl. "
                  "Note 1, case 5 vs 4)", ns[4], ns[3], reps, CLAIM_BELOW, "");
    c = claims_begin(cl, "case5-aligns-more", "... and aligns W_1 and ΔW_1 slightly more "
                     "(Suppl. Note 1, case 5 vs 4)", "°");
    claim_part_paired(c, "W_1", w[4], w[3], reps, CLAIM_BELOW);
    claim_part_paired(c, "ΔW_1", d[4], d[3], reps, CLAIM_BELOW);
    claims_paired(cl, "caption-gamma-1.2", "the caption's gamma = 1.2 for case 4 also aligns W_1 "
                  "more than no WN (Fig. S1G, H): case 6 vs case 1", w[5], w[0], reps,
                  CLAIM_BELOW, "°");
    for (int k = 0; k < CASES; k++)
        free(d[k]);
    free(v);
}

int main(int argc, char **argv)
{
    int text_lr = 0;
    cli_opt opts[] = {{"text-lr", OPT_FLAG, &text_lr,
                       "use Suppl. Note 1's learning rate 0.003 instead of the code's 0.002", 0, 0}};
    run_config cfg;
    cli_parse(argc, argv, &info, opts, FA_ARRAY_LEN(opts), &cfg);
    size_t n = cfg.quick ? QUICK_ITERS : ITERS;
    double eta = text_lr ? ETA_TEXT : ETA_CODE;
    openloop_case cases[CASES];
    const char *names[CASES];
    for (int c = 0; c < CASES; c++) {
        openloop_case oc = {NI, NH, NO, NB, n, eta, scases[c].gamma, WN_FROM,
                            {scases[c].period, 0, 0}, {0, 1.0, 0}, 0};
        cases[c] = oc;
        names[c] = scases[c].name;
    }
    openloop_params(&cfg, cases, text_lr ? "Suppl. Note 1" : "authors' code", names, CASES);
    cfg_param(&cfg, "data", "X and E i.i.d. N(0,1); X fixed, E redrawn as the case says");
    cfg_param(&cfg, "wn", "columns of W_0, W_1 to norm gamma after the updates of "
                          "iterations >= %d (authors' code)", WN_FROM);
    cfg_param(&cfg, "sums", "running sums of T_aln, T_sup from iteration %d", SUM_FROM);
    cfg_param(&cfg, "averaging", "series are means over repetitions (no bands)");

    progress prog;
    job jb = {cases, cfg.reps, cfg.seed, {0}, &prog};
    for (int c = 0; c < CASES; c++)
        jb.rec[c] = fa_malloc(cfg.reps * SERIES * n * sizeof(double));
    progress_begin(&prog, "open-loop runs", CASES * cfg.reps);
    par_jobs(CASES * cfg.reps, cfg.threads, run_job, job_io, &jb);
    progress_end(&prog);

    /* means without bands: sem is NaN */
    out_file *o = series_open(&cfg, "rs21-figS1.tsv");
    for (int c = 0; c < CASES; c++) {
        char cond[16];
        snprintf(cond, sizeof cond, "case%d", c + 1);
        for (int q = 0; q < SERIES; q++)
            for (size_t k = 0; k < n; k++)
                series_row_digits(o, series_id[q].quantity, cond, series_id[q].layer, k,
                                  at(&jb, n, c, q, k), NAN, cfg.reps, 5);
    }
    claims cl = {0};
    check_claims(&jb, n, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    for (int c = 0; c < CASES; c++)
        free(jb.rec[c]);
    return 0;
}
