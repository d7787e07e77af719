/* rs21-fig2 — the alignment term T¹ under six statistical conditions: skew/sym ratio, angles, nonlinear masks, eigenvalues
 *
 * rs21 section 2.2, Fig. 2, eqs. 4-5 and 27-31. Expanding FA's update of W_1
 * over past iterations gives alignment terms; the one of order 1 at k = 1 is
 * T = eta^2 B^T M with M = E[0]^T X[0] X[1]^T E[1] (eq. 4). It pushes W_1
 * towards B^T when M preserves B^T's direction, which needs E and X to be
 * (positively) autocorrelated. M splits into a symmetric and a skew part
 * (eqs. 28-30); the skew part turns B^T by exactly 90° (eq. 31). With
 * n_i = n_h = 100, n_o = 50, n_b = 20 and six ways of drawing E[0], E[1],
 * X[0], X[1], B (authors' code), for 10 000 draws each:
 *
 *   A  ||B^T M_skew||_F / ||B^T M_sym||_F        B  B^T ∠ B^T M_sym
 *   C  B^T ∠ B^T M                               D  B^T ∠ T of the nonlinear
 *      network (eq. 5) with ReLU masks f' ~ Bernoulli(1/2)
 *   E  eigenvalues of M_sym / (n_b n_i)
 *
 * and the two numbers of sections 2.2 and Suppl. Note 3: the mean angles
 * {f'(Z) (.) B} ∠ B (45°) and AB ∠ A (90°) for 100 x 100 N(0, 1) matrices.
 * Panel F of the paper is a diagram.
 */
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"
#include "hist.h"
#include "openloop.h"

static const fig_info info = {
    .id = "rs21-fig2",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 2",
    .title = "alignment term T^1 under six statistical conditions",
    .source = __FILE__,
    .reps = 100,        /* authors' code: 10 000 draws per condition */
    .quick_reps = 5,
    .reps_help = "a block of 100 draws per condition (and of 10 draws for\n"
                 "                    the two reference angles)",
};

enum {
    CONDS = 6,
    NI = 100, NH = 100, NO = 50, NB = 20,   /* Methods 4.3, authors' code */
    BLOCK = 100,          /* draws per repetition and condition */
    REF_BLOCK = 10,       /* reference-angle draws per repetition: 1000 at paper scale (text) */
    REF_N = 100,          /* 100 x 100 matrices for the reference angles (text) */
    BINS = 100,           /* our choice, as Fig. 1's angle densities */
    EIG_BINS = 60,        /* our choice: 60 bins of asinh(eigenvalue), which shows
                           * the bulk near 0 (linear) and the few large
                           * eigenvalues of conds. 3-6 (logarithmic) at once; the
                           * authors used 30 linear bins */
    EIG_DRAWS = 100,      /* our choice: eigenvalues pooled over the first 100
                           * draws (the authors histogram one draw of 50) */
};

static const char *const cond_name[CONDS] = {
    "1: all independent N(0,1)", "2: E[0] = E[1], X independent", "3: E, X ~ N(0.5,1)",
    "4: E, X, B ~ N(0.5,1)", "5: E, X ~ U(0,1)", "6: E = X = 1",
};

/* The quantities of one draw. nl is the authors' version of D (the same
 * hidden mask for both products), nl_ind the text's (independent masks). */
enum { Q_RATIO, Q_SYM, Q_FULL, Q_NL, Q_NL_IND, QUANT };
static const char *const q_name[QUANT] = {"ratio", "sym", "full", "nonlin", "nonlin_indep"};

typedef struct work {
    mat E0, E1, X0, X1, B, Bt, G, T1, M, Ms, Mk, BtM;
    mat F1, F1t, F3t, F20, F21, D0, D1, H, K, T;
} work;

static void work_alloc(work *w)
{
    w->E0 = mat_alloc(NB, NO), w->E1 = mat_alloc(NB, NO);
    w->X0 = mat_alloc(NB, NI), w->X1 = mat_alloc(NB, NI);
    w->B = mat_alloc(NO, NH), w->Bt = mat_alloc(NH, NO);
    w->G = mat_alloc(NB, NB), w->T1 = mat_alloc(NO, NB);
    w->M = mat_alloc(NO, NO), w->Ms = mat_alloc(NO, NO), w->Mk = mat_alloc(NO, NO);
    w->BtM = mat_alloc(NH, NO);
    w->F1 = mat_alloc(NB, NH), w->F1t = mat_alloc(NH, NB), w->F3t = mat_alloc(NH, NB);
    w->F20 = mat_alloc(NB, NO), w->F21 = mat_alloc(NB, NO);
    w->D0 = mat_alloc(NB, NO), w->D1 = mat_alloc(NB, NO);
    w->H = mat_alloc(NB, NH), w->K = mat_alloc(NH, NB), w->T = mat_alloc(NH, NO);
}

static void work_free(work *w)
{
    mat *m[] = {&w->E0, &w->E1, &w->X0, &w->X1, &w->B, &w->Bt, &w->G, &w->T1, &w->M,
                &w->Ms, &w->Mk, &w->BtM, &w->F1, &w->F1t, &w->F3t, &w->F20, &w->F21,
                &w->D0, &w->D1, &w->H, &w->K, &w->T};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
}

/* E[0], E[1], X[0], X[1] and B for condition c (0-based), authors' code. */
static void draw_condition(work *w, int c, rand_stream *r)
{
    mat ex[] = {w->E0, w->E1, w->X0, w->X1};
    for (size_t i = 0; i < 4; i++)
        switch (c) {
        case 0: case 1: mat_rand_normal(ex[i], r, 0, 1); break;
        case 2: case 3: mat_rand_normal(ex[i], r, 0.5, 1); break;
        case 4: mat_rand_uniform(ex[i], r, 0, 1); break;
        default: mat_fill(ex[i], 1.0f); break;
        }
    if (c == 1)
        mat_copy(w->E1, w->E0);
    mat_rand_normal(w->B, r, c == 3 ? 0.5 : 0.0, 1);
}

/* B^T ∠ T for the nonlinear term (eq. 5 at k = 1, o = 1):
 *   T = { f'(X[1] W_0)^T (.) ( (delta[0] B (.) f'(Z_1[0]))^T X[0] X[1]^T ) } delta[1]
 * with delta[k] = E[k] (.) f'(Z_2[k]). outer holds the n_h x n_b mask of the
 * outer product; G = X[0] X[1]^T and D0, D1 = delta[0], delta[1] are ready. */
static double nonlinear_angle(work *w, mat outer)
{
    gemm_nn_f32(NB, NH, NO, 1.0f, w->D0.v, w->D0.ld, w->B.v, w->B.ld, 0.0f, w->H.v, w->H.ld);
    dact_relu_f32(NB, NH, w->H.v, w->H.ld, w->F1.v, w->F1.ld, w->H.v, w->H.ld);
    gemm_tn_f32(NH, NB, NB, 1.0f, w->H.v, w->H.ld, w->G.v, w->G.ld, 0.0f, w->K.v, w->K.ld);
    dact_relu_f32(NH, NB, w->K.v, w->K.ld, outer.v, outer.ld, w->K.v, w->K.ld);
    gemm_nn_f32(NH, NO, NB, 1.0f, w->K.v, w->K.ld, w->D1.v, w->D1.ld, 0.0f, w->T.v, w->T.ld);
    return mat_angle(w->Bt, w->T);
}

static void sample(work *w, int c, rand_stream *r, double q[QUANT], double *eig)
{
    draw_condition(w, c, r);
    mat_transpose(w->Bt, w->B);
    /* M = E[0]^T (X[0] X[1]^T) E[1] */
    gemm_nt_f32(NB, NB, NI, 1.0f, w->X0.v, w->X0.ld, w->X1.v, w->X1.ld, 0.0f, w->G.v, w->G.ld);
    gemm_tn_f32(NO, NB, NB, 1.0f, w->E0.v, w->E0.ld, w->G.v, w->G.ld, 0.0f, w->T1.v, w->T1.ld);
    gemm_nn_f32(NO, NO, NB, 1.0f, w->T1.v, w->T1.ld, w->E1.v, w->E1.ld, 0.0f, w->M.v, w->M.ld);
    sym_skew_split(w->Ms, w->Mk, w->M);   /* eqs. 28-30 */
    gemm_nn_f32(NH, NO, NO, 1.0f, w->Bt.v, w->Bt.ld, w->Mk.v, w->Mk.ld, 0.0f, w->BtM.v, w->BtM.ld);
    double skew = mat_norm(w->BtM);
    gemm_nn_f32(NH, NO, NO, 1.0f, w->Bt.v, w->Bt.ld, w->Ms.v, w->Ms.ld, 0.0f, w->BtM.v, w->BtM.ld);
    q[Q_RATIO] = skew / mat_norm(w->BtM);
    q[Q_SYM] = mat_angle(w->Bt, w->BtM);
    gemm_nn_f32(NH, NO, NO, 1.0f, w->Bt.v, w->Bt.ld, w->M.v, w->M.ld, 0.0f, w->BtM.v, w->BtM.ld);
    q[Q_FULL] = mat_angle(w->Bt, w->BtM);

    /* nonlinear: output masks for delta[0], delta[1]; hidden mask F1 */
    /* f'(z) = [z >= 0] with z ~ N(0, 1) is a fair coin: random +-1 as Z, and
     * dact_relu_f32 applies the mask */
    mat_rand_signs(w->F20, r);
    mat_rand_signs(w->F21, r);
    mat_rand_signs(w->F1, r);
    mat_rand_signs(w->F3t, r);
    dact_relu_f32(NB, NO, w->E0.v, w->E0.ld, w->F20.v, w->F20.ld, w->D0.v, w->D0.ld);
    dact_relu_f32(NB, NO, w->E1.v, w->E1.ld, w->F21.v, w->F21.ld, w->D1.v, w->D1.ld);
    mat_transpose(w->F1t, w->F1);
    q[Q_NL] = nonlinear_angle(w, w->F1t);       /* authors' code: F1 reused */
    q[Q_NL_IND] = nonlinear_angle(w, w->F3t);   /* text: an independent mask */

    if (eig)
        sym_eigenvalues(eig, w->Ms, 1.0 / ((double)NB * (double)NI));
}

/* ---- the two reference angles (section 2.2 and Suppl. Note 3) --------------- */

enum { R_MASK, R_PRODUCT, REFS };
static const char *const ref_name[REFS] = {"mask_angle", "product_angle"};
static const double ref_target[REFS] = {45.0, 90.0};     /* text */
static const double ref_sd_paper[REFS] = {0.66, 0.82};   /* text */

typedef struct ref_stats { size_t n; double mean, sd, t, p; } ref_stats;

static void reference_angles(rand_stream *r, double out[REFS])
{
    mat A = mat_alloc(REF_N, REF_N), B = mat_alloc(REF_N, REF_N);
    mat Z = mat_alloc(REF_N, REF_N), C = mat_alloc(REF_N, REF_N);
    /* {f'(Z) (.) B} ∠ B, ReLU with f'(0) = 1 */
    mat_rand_normal(Z, r, 0, 1);
    mat_rand_normal(B, r, 0, 1);
    dact_relu_f32(REF_N, REF_N, B.v, B.ld, Z.v, Z.ld, C.v, C.ld);
    out[R_MASK] = mat_angle(C, B);
    /* AB ∠ A */
    mat_rand_normal(A, r, 0, 1);
    mat_rand_normal(B, r, 0, 1);
    gemm_nn_f32(REF_N, REF_N, REF_N, 1.0f, A.v, A.ld, B.v, B.ld, 0.0f, C.v, C.ld);
    out[R_PRODUCT] = mat_angle(C, A);
    mat_free(&A), mat_free(&B), mat_free(&Z), mat_free(&C);
}

/* ---- jobs ---------------------------------------------------------------------- */

typedef struct job {
    const run_config *cfg;
    double *q[CONDS];        /* n draws x QUANT per condition */
    double *eig[CONDS];      /* eig_draws x NO per condition */
    double *ref;             /* reps * REF_BLOCK x REFS */
    size_t eig_draws;
    progress *prog;
} job;

/* Job i < CONDS * reps: block i / CONDS of condition i % CONDS (stream c);
 * then one block of reference angles per repetition (stream CONDS). */
static void run_job(size_t i, void *ctx)
{
    job *jb = ctx;
    size_t reps = jb->cfg->reps;
    if (i >= CONDS * reps) {
        size_t blk = i - CONDS * reps;
        rand_stream r = rng_rand_stream(jb->cfg->seed, blk, CONDS);
        for (size_t s = 0; s < REF_BLOCK; s++)
            reference_angles(&r, jb->ref + (blk * REF_BLOCK + s) * REFS);
        progress_add(jb->prog, 1);
        return;
    }
    int c = (int)(i % CONDS);
    size_t blk = i / CONDS;
    rand_stream r = rng_rand_stream(jb->cfg->seed, blk, (uint64_t)c);
    work w;
    work_alloc(&w);
    for (size_t s = 0; s < BLOCK; s++) {
        size_t idx = blk * BLOCK + s;
        double *eig = idx < jb->eig_draws ? jb->eig[c] + idx * NO : NULL;
        sample(&w, c, &r, jb->q[c] + idx * QUANT, eig);
    }
    work_free(&w);
    progress_add(jb->prog, 1);
}

/* What run_job(i) wrote: a block of reference angles, or of one condition's
 * quantities and eigenvalue draws. */
static void job_io(size_t i, void *ctx, par_io *io)
{
    job *jb = ctx;
    size_t reps = jb->cfg->reps;
    if (i >= CONDS * reps) {
        par_io_block(io, jb->ref, i - CONDS * reps, REF_BLOCK * REFS, sizeof(double));
        return;
    }
    size_t c = i % CONDS, blk = i / CONDS;
    par_io_block(io, jb->q[c], blk, BLOCK * QUANT, sizeof(double));
    size_t from = blk * BLOCK, to = from + BLOCK < jb->eig_draws ? from + BLOCK : jb->eig_draws;
    if (from < to)
        par_io_bytes(io, jb->eig[c] + from * NO, (to - from) * NO * sizeof(double));
}

/* ---- summaries and claims ------------------------------------------------------ */

typedef struct qstats { double mean, sd, median, p90; } qstats;

static qstats qsummary(const double *q, size_t n, int k, double *tmp)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = q[i * QUANT + k];
    qstats s = {stats_mean(tmp, n, 1), stats_sd(tmp, n, 1), stats_median(tmp, n), NAN};
    if (k != Q_RATIO)
        s.p90 = stats_ttest_one(tmp, n, 90.0, NULL);
    return s;
}

/* Per block (repetition) of condition c: the mean (or median) of quantity k. */
static double *block_means(const job *jb, int c, int k)
{
    size_t reps = jb->cfg->reps;
    double *m = fa_malloc(reps * sizeof *m);
    block_stats(jb->q[c] + k, QUANT, reps, BLOCK, m, NULL);
    return m;
}

static double *block_medians(const job *jb, int c, int k)
{
    size_t reps = jb->cfg->reps;
    double *m = fa_malloc(reps * sizeof *m), v[BLOCK];
    for (size_t b = 0; b < reps; b++) {
        for (size_t i = 0; i < BLOCK; i++)
            v[i] = jb->q[c][(b * BLOCK + i) * QUANT + k];
        m[b] = stats_median(v, BLOCK);
    }
    return m;
}

/* In each of conds. 3-6, quantity k: below 90° ("aligns"), or with
 * `reduces` above the linear angle, paired draw by draw (both come from the
 * same E, X, B). */
static void claim_conds(claims *cl, const char *name, const char *statement,
                        double *bm[CONDS][QUANT], int k, int reduces, size_t reps)
{
    claim *c = claims_begin(cl, name, statement, "°");
    for (int d = 2; d < CONDS; d++) {
        char label[16];
        snprintf(label, sizeof label, "cond. %d", d + 1);
        if (reduces)
            claim_part_paired(c, label, bm[d][k], bm[d][Q_FULL], reps, CLAIM_ABOVE);
        else
            claim_part_vs_value(c, label, bm[d][k], reps, 90, CLAIM_BELOW);
    }
}

/* The text states its two reference angles to the degree (45°, 90°): a
 * mean within half a degree is the number it gives. */
static const double REF_TOL = 0.5;
#define REF_TOL_SOURCE "the text states the angle to the degree"
/* Its SDs (0.66°, 0.82°) are checked to within 20 %, fixed before the first
 * paper-scale run: the paper's SD from n = 1000 has a sampling error of
 * about 2 %, so 20 % leaves room for a different estimator, not for a
 * different quantity. */
static const double SD_TOL = 0.2;
#define SD_TOL_SOURCE "a priori: 20 % of the text's SD"

/* c4(n): the mean of a sample SD of n normal values over the true SD, to
 * unbias the SD of a block of REF_BLOCK draws. */
static double c4(size_t n)
{
    return sqrt(2.0 / (double)(n - 1))
        * exp(gsl_sf_lngamma((double)n / 2) - gsl_sf_lngamma((double)(n - 1) / 2));
}

static void reference_claims(const job *jb, const ref_stats ref[REFS], claims *cl)
{
    size_t reps = jb->cfg->reps;
    double *m = fa_malloc(2 * reps * sizeof *m), *sd = m + reps;
    for (int k = 0; k < REFS; k++) {
        const ref_stats *s = &ref[k];
        block_stats(jb->ref + k, REFS, reps, REF_BLOCK, m, sd);
        for (size_t b = 0; b < reps; b++)
            sd[b] /= c4(REF_BLOCK);
        claim *c;
        if (k == R_MASK) {
            c = claims_close(cl, "mask-angle-45", "{f'(Z) (.) B} ∠ B is 45° on average (sec. 2.2; "
                             "the paper: SD 0.66°, t-test p > 0.5, n = 1000)", m, reps, 45,
                             REF_TOL, REF_TOL_SOURCE, "°");
            claim_note(c, " (the paper's test: t = %.2f, p = %.3g, n = %zu)", s->t, s->p, s->n);
        } else {
            /* B -> -B turns the angle into 180° minus itself and leaves the
             * distribution unchanged: its mean is 90° by construction */
            ci95 ci = ci95_of(m, reps);
            ci.mean -= 90, ci.lo -= 90, ci.hi -= 90;
            claims_sanity(cl, "product-angle-90",
                          "AB ∠ A is 90° on average (Suppl. Note 3; exact by the symmetry B -> -B)",
                          "95 % interval of the mean within ±0.5° of 90°",
                          verdict_within(ci, REF_TOL) == VERDICT_HOLDS,
                          "%.3f° [%.3f, %.3f] (the paper's test: t = %.2f, p = %.3g, n = %zu)",
                          s->mean, ci.lo + 90, ci.hi + 90, s->t, s->p, s->n);
        }
        char stmt[160];
        snprintf(stmt, sizeof stmt, "the spread the text reports for it, SD %.2f° (%s): the SD "
                 "of each block of %d draws, unbiased by c4", ref_sd_paper[k],
                 k == R_MASK ? "sec. 2.2" : "Suppl. Note 3", REF_BLOCK);
        claims_close(cl, k == R_MASK ? "mask-angle-sd" : "product-angle-sd", stmt, sd, reps,
                     ref_sd_paper[k], SD_TOL * ref_sd_paper[k], SD_TOL_SOURCE, "°");
    }
    free(m);
}

/* Every claim is judged across the blocks of 100 draws (the repetitions).
 * Quantities of one draw (linear and nonlinear angles) are paired; the
 * conditions draw from independent streams, so pairing blocks of two
 * conditions index by index is valid, only not sharper. */
static void check_claims(const job *jb, qstats st[CONDS][QUANT], const double *eig_mean,
                         const double *eig_pos, const ref_stats ref[REFS], claims *cl)
{
    size_t reps = jb->cfg->reps;
    static double *bm[CONDS][QUANT];
    for (int c = 0; c < CONDS; c++)
        for (int k = 0; k < QUANT; k++)
            bm[c][k] = k == Q_RATIO ? block_medians(jb, c, k) : block_means(jb, c, k);

    /* conds. 1-2: M -> -M (E[1] -> -E[1], or X[1] -> -X[1]) leaves the
     * distribution unchanged and turns the angle into 180° minus itself, so
     * the mean is exactly 90°: a sanity check, not a claim */
    double tol90 = claims_unaligned_tol(NH * NO);
    for (int c = 0; c < 2; c++) {
        ci95 ci = ci95_of(bm[c][Q_FULL], reps);
        ci.mean -= 90, ci.lo -= 90, ci.hi -= 90;
        char name[40], stmt[200];
        snprintf(name, sizeof name, "cond%d-no-alignment", c + 1);
        snprintf(stmt, sizeof stmt, "no alignment on average without autocorrelation (sec. 2.2, "
                 "Fig. 2C, cond. %d; exact by the symmetry M -> -M)", c + 1);
        claims_sanity(cl, name, stmt, "95 % interval of the mean B^T∠B^T M within ±3 SD of the "
                      "angle of independent random matrices this size (2.43°) of 90°",
                      verdict_within(ci, tol90) == VERDICT_HOLDS,
                      "%.3f° [%.3f, %.3f] (the paper's one-sample t-test: p = %.2f)",
                      ci.mean + 90, ci.lo + 90, ci.hi + 90, st[c][Q_FULL].p90);
    }
    claim_conds(cl, "cond3-6-align", "alignment with autocorrelated E and X, including the "
                "all-ones case (sec. 2.2, Fig. 2C, conds. 3-6)", bm, Q_FULL, 0, reps);
    claims_paired(cl, "b-distribution-matters", "the distribution of B matters too (sec. 2.2, "
                  "Fig. 2C, cond. 4 vs 3)", bm[3][Q_FULL], bm[2][Q_FULL], reps, CLAIM_BELOW,
                  "°");
    claim *c = claims_begin(cl, "ratio-low-where-aligned",
                            "the skew/sym ratio is low where M acts like a symmetric matrix and "
                            "alignment occurs (Fig. 2A): median ratio of each aligned cond. "
                            "(3-5) below each non-aligned one (1-2)", "");
    for (int a = 2; a < 5; a++)
        for (int u = 0; u < 2; u++) {
            char label[16];
            snprintf(label, sizeof label, "%d vs %d", a + 1, u + 1);
            claim_part_paired(c, label, bm[a][Q_RATIO], bm[u][Q_RATIO], reps, CLAIM_BELOW);
        }
    claim_conds(cl, "nonlin-reduces", "the nonlinearity reduces alignment (sec. 2.2, Fig. 2C "
                "vs D, conds. 3-6; authors' masks)", bm, Q_NL, 1, reps);
    claim_conds(cl, "nonlin-keeps-alignment", "... but does not remove it (sec. 2.2, Fig. 2D, "
                "conds. 3-6; authors' masks)", bm, Q_NL, 0, reps);
    claim_conds(cl, "nonlin-indep-reduces", "the same with independent masks for every product, "
                "as the text describes: alignment reduced (sec. 2.2)", bm, Q_NL_IND, 1, reps);
    claim_conds(cl, "nonlin-indep-keeps-alignment", "... and not removed (sec. 2.2, "
                "independent masks)", bm, Q_NL_IND, 0, reps);
    /* Fig. 2E restates the generator: the M -> -M symmetry makes the
     * eigenvalues of conds. 1-2 symmetric about 0, and E[M] = c J (c > 0,
     * sec. 2.2) gives conds. 3-6 a positive mean */
    int sym12 = 1, pos36 = 1;
    for (int d = 0; d < 2; d++)
        sym12 &= eig_pos[d] > 0.4 && eig_pos[d] < 0.6;
    for (int d = 2; d < CONDS; d++)
        pos36 &= eig_mean[d] > 0;
    claims_sanity(cl, "eigenvalues-symmetric",
                  "M_sym's eigenvalues are spread symmetrically around 0 without alignment "
                  "(Fig. 2E, conds. 1-2; by the symmetry M -> -M)",
                  "share of positive eigenvalues in (0.4, 0.6)", sym12, "%.3f, %.3f",
                  eig_pos[0], eig_pos[1]);
    claims_sanity(cl, "eigenvalues-positive-mean",
                  "... and have a positive mean with it (Fig. 2E, conds. 3-6; E[M] = c J, c > 0)",
                  "mean > 0", pos36, "%.3g, %.3g, %.3g, %.3g", eig_mean[2], eig_mean[3],
                  eig_mean[4], eig_mean[5]);
    reference_claims(jb, ref, cl);
    for (int d = 0; d < CONDS; d++)
        for (int k = 0; k < QUANT; k++)
            free(bm[d][k]);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t n = cfg.reps * BLOCK, nref = cfg.reps * REF_BLOCK;
    size_t draws = n < EIG_DRAWS ? n : EIG_DRAWS;
    cfg_param(&cfg, "dims", "n_i=%d n_h=%d n_o=%d n_b=%d", NI, NH, NO, NB);
    for (int c = 0; c < CONDS; c++) {
        char name[16];
        snprintf(name, sizeof name, "cond%d", c + 1);
        cfg_param(&cfg, name, "%s", cond_name[c] + 3);
    }
    cfg_param(&cfg, "draws", "%zu per condition (everything redrawn each time)", n);
    cfg_param(&cfg, "masks", "f'(.) ~ Bernoulli(1/2); nonlin: hidden mask reused (authors' code); "
                             "nonlin_indep: independent masks (text)");
    cfg_param(&cfg, "bins", "%d (ratio: on log10 of the ratio), over each range", BINS);
    cfg_param(&cfg, "eig_draws", "%zu per condition (eigenvalues of M_sym/(n_b n_i) pooled)", draws);
    cfg_param(&cfg, "eig_bins", "%d, on asinh(eigenvalue), over each range", EIG_BINS);
    cfg_param(&cfg, "reference", "%zu draws of %dx%d N(0,1) matrices", nref, REF_N, REF_N);

    job jb = {&cfg, {0}, {0}, fa_malloc(nref * REFS * sizeof(double)), draws, NULL};
    for (int c = 0; c < CONDS; c++) {
        jb.q[c] = fa_malloc(n * QUANT * sizeof(double));
        jb.eig[c] = fa_malloc(draws * NO * sizeof(double));
    }
    progress prog;
    progress_begin(&prog, "sampling", cfg.reps * (CONDS + 1));
    jb.prog = &prog;
    par_jobs(cfg.reps * (CONDS + 1), cfg.threads, run_job, job_io, &jb);
    progress_end(&prog);

    out_file *hq = out_open(&cfg, "rs21-fig2-hist.tsv",
                            "quantity\tcond\tbin_lo\tbin_hi\tdensity");
    out_file *he = out_open(&cfg, "rs21-fig2-eig.tsv",
                            "cond\tasinh_bin_lo\tasinh_bin_hi\tdensity_of_asinh");
    out_file *hs = out_open(&cfg, "rs21-fig2-summary.tsv",
                            "cond\tquantity\tmean\tsd\tmedian\tp_vs_90");
    size_t ntmp = n > draws * NO ? n : draws * NO;   /* n >= nref */
    double *tmp = fa_malloc(ntmp * sizeof *tmp);
    static qstats st[CONDS][QUANT];
    double eig_mean[CONDS], eig_pos[CONDS];
    for (int c = 0; c < CONDS; c++) {
        for (int k = 0; k < QUANT; k++) {
            st[c][k] = qsummary(jb.q[c], n, k, tmp);
            out_printf(hs, "%d\t%s\t%.4f\t%.4f\t%.4f\t%.3g\n", c + 1, q_name[k], st[c][k].mean,
                       st[c][k].sd, st[c][k].median, st[c][k].p90);
            char pre[48];
            snprintf(pre, sizeof pre, "%s\t%d", k == Q_RATIO ? "log10_ratio" : q_name[k], c + 1);
            for (size_t i = 0; i < n; i++)   /* ratio 0 (cond. 6) gives -inf: skipped */
                tmp[i] = k == Q_RATIO ? log10(jb.q[c][i * QUANT + k]) : jb.q[c][i * QUANT + k];
            hist_write(hq, pre, tmp, n, BINS);
        }
        size_t ne = draws * NO, pos = 0;
        for (size_t i = 0; i < ne; i++)
            pos += jb.eig[c][i] > 0;
        eig_mean[c] = stats_mean(jb.eig[c], ne, 1);
        eig_pos[c] = (double)pos / (double)ne;
        char pre[8];
        snprintf(pre, sizeof pre, "%d", c + 1);
        for (size_t i = 0; i < ne; i++)
            tmp[i] = asinh(jb.eig[c][i]);
        hist_write(he, pre, tmp, ne, EIG_BINS);
    }
    out_file *hr = out_open(&cfg, "rs21-fig2-reference.tsv", "quantity\tn\tmean\tsd\tt\tp");
    ref_stats ref[REFS];
    for (int k = 0; k < REFS; k++) {
        for (size_t i = 0; i < nref; i++)
            tmp[i] = jb.ref[i * REFS + k];
        ref_stats *s = &ref[k];
        s->n = nref;
        s->p = stats_ttest_one(tmp, nref, ref_target[k], &s->t);
        s->mean = stats_mean(tmp, nref, 1);
        s->sd = stats_sd(tmp, nref, 1);
        out_printf(hr, "%s\t%zu\t%.4f\t%.4f\t%.3f\t%.3g\n", ref_name[k], nref, s->mean, s->sd,
                   s->t, s->p);
    }
    claims cl = {0};
    check_claims(&jb, st, eig_mean, eig_pos, ref, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    free(tmp);
    free(jb.ref);
    for (int c = 0; c < CONDS; c++)
        free(jb.q[c]), free(jb.eig[c]);
    return 0;
}
