/* rs21-fig1 — constant E and X: angle and eigenvalue histograms in six dimension conditions
 *
 * rs21 section 2.1, Fig. 1, eqs. 1-3 and Supplementary Notes 2-3. With X and
 * E held constant in an open-loop linear two-layer network, W_1 turns
 * towards B^T E^T X X^T E (eq. 1) and ΔW_0 of BP towards
 * X^T E E^T X X^T E B while FA's is X^T E B (eqs. 2, 3). Whether W_1 aligns
 * with B^T therefore depends on how much the positive semidefinite matrix
 * M = E^T X X^T E preserves the direction of B^T, i.e. on its eigenvalues,
 * which the network dimensions (n_i, n_h, n_o, n_b) shape. For each of six
 * dimension conditions, with X (n_b x n_i), E (n_b x n_o), B (n_o x n_h)
 * i.i.d. N(0, 1) and redrawn for every sample:
 *
 *   B  histogram of B^T ∠ B^T M                       (W_1[k >> 1] ∠ B^T)
 *   C  histogram of X^T E B ∠ X^T E E^T X X^T E B     (ΔW_0,FA ∠ ΔW_0,BP)
 *   D  histogram of the eigenvalues of M / (n_b n_i)  (E[M] = n_b n_i I)
 *
 * Panel A of the paper is a diagram.
 */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hist.h"
#include "openloop.h"

static const fig_info info = {
    .id = "rs21-fig1",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 1",
    .title = "alignment with constant error and input, six dimension conditions",
    .source = __FILE__,
    .reps = 100,        /* authors' code: 10 000 samples per condition */
    .quick_reps = 5,
    .reps_help = "a block of 100 samples per condition",
};

enum {
    CONDS = 6,
    BLOCK = 100,          /* samples per repetition and condition */
    ANGLE_BINS = 100,     /* authors' code: 100-bin densities drawn as lines */
    EIG_BINS = 30,        /* authors' code */
    EIG_DRAWS = 100,      /* our choice: the authors histogram one draw; we pool
                           * the eigenvalues of the first 100 draws (block 0) so
                           * that conditions with n_o = 10 are not 10 values */
};

/* Authors' code (A21 Figure1_2): (n_i, n_h, n_o, n_b) per condition. */
static const size_t dims[CONDS][4] = {
    {100, 100, 10, 100}, {100, 100, 100, 100}, {100, 100, 100, 500},
    {900, 100, 100, 100}, {100, 10, 100, 100}, {10, 100, 100, 100},
};

/* Eigenvalues below this fraction of the largest count as zero: M is formed in
 * float, so a true zero comes out at the rounding level ~1e-7 relative. */
static const double ZERO_REL = 1e-5;
/* "Near zero" for the eigenvalue-density claim: below 10 % of the mean
 * eigenvalue of M / (n_b n_i), which is 1. Our choice, fixed beforehand. */
static const double NEAR_ZERO = 0.1;
/* "No effect on the mean" (n_h, cond. 2 vs 5): a difference below a tenth
 * of the SD of one draw's angle (pooled over the two conditions) is
 * negligible, the usual convention for a standardised effect (Cohen's d
 * below 0.1; "small" starts at 0.2). The paper gives no size for it; this
 * rule was set after the earlier Welch test (p = 0.004) had been seen. */
static const double NEGLIGIBLE_SD = 0.1;
#define NEGLIGIBLE_SOURCE "a tenth of the pooled SD of one draw's angle (Cohen's d < 0.1)"

typedef struct work {
    size_t ni, nh, no, nb;
    mat X, E, B, Bt, P, M, BtM, A, MB, C;
    double *eig;
} work;

static void work_alloc(work *w, const size_t d[4])
{
    w->ni = d[0], w->nh = d[1], w->no = d[2], w->nb = d[3];
    w->X = mat_alloc(w->nb, w->ni), w->E = mat_alloc(w->nb, w->no);
    w->B = mat_alloc(w->no, w->nh), w->Bt = mat_alloc(w->nh, w->no);
    w->P = mat_alloc(w->ni, w->no), w->M = mat_alloc(w->no, w->no);
    w->BtM = mat_alloc(w->nh, w->no), w->A = mat_alloc(w->ni, w->nh);
    w->MB = mat_alloc(w->no, w->nh), w->C = mat_alloc(w->ni, w->nh);
    w->eig = fa_malloc(w->no * sizeof *w->eig);
}

static void work_free(work *w)
{
    mat *m[] = {&w->X, &w->E, &w->B, &w->Bt, &w->P, &w->M, &w->BtM, &w->A, &w->MB, &w->C};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
    free(w->eig);
}

/* What one draw gives: the two angles, and of the eigenvalues of
 * M / (n_b n_i) the share below NEAR_ZERO, how many are zero (below
 * ZERO_REL x the largest) and the smallest relative to the largest; the
 * eigenvalues themselves are left in w->eig. */
typedef struct draw { double ang_b, ang_c, near, zeros, min_rel; } draw;

static draw sample(work *w, rand_stream *r)
{
    draw d;
    size_t ni = w->ni, nh = w->nh, no = w->no, nb = w->nb;
    mat_rand_normal(w->E, r, 0, 1);
    mat_rand_normal(w->X, r, 0, 1);
    mat_rand_normal(w->B, r, 0, 1);
    /* P = X^T E (n_i x n_o), M = P^T P = E^T X X^T E */
    gemm_tn_f32(ni, no, nb, 1.0f, w->X.v, w->X.ld, w->E.v, w->E.ld, 0.0f, w->P.v, w->P.ld);
    gemm_tn_f32(no, no, ni, 1.0f, w->P.v, w->P.ld, w->P.v, w->P.ld, 0.0f, w->M.v, w->M.ld);
    /* B: B^T ∠ B^T M */
    mat_transpose(w->Bt, w->B);
    gemm_nn_f32(nh, no, no, 1.0f, w->Bt.v, w->Bt.ld, w->M.v, w->M.ld, 0.0f, w->BtM.v, w->BtM.ld);
    d.ang_b = mat_angle(w->Bt, w->BtM);
    /* C: A = X^T E B = P B against P (M B) = X^T E E^T X X^T E B */
    gemm_nn_f32(ni, nh, no, 1.0f, w->P.v, w->P.ld, w->B.v, w->B.ld, 0.0f, w->A.v, w->A.ld);
    gemm_nn_f32(no, nh, no, 1.0f, w->M.v, w->M.ld, w->B.v, w->B.ld, 0.0f, w->MB.v, w->MB.ld);
    gemm_nn_f32(ni, nh, no, 1.0f, w->P.v, w->P.ld, w->MB.v, w->MB.ld, 0.0f, w->C.v, w->C.ld);
    d.ang_c = mat_angle(w->A, w->C);
    /* D: GSL's symmetric eigensolver on a double copy */
    sym_eigenvalues(w->eig, w->M, 1.0 / ((double)nb * (double)ni));
    double mx = -INFINITY, mn = INFINITY;
    size_t near = 0, zeros = 0;
    for (size_t i = 0; i < no; i++)
        mx = fmax(mx, w->eig[i]), mn = fmin(mn, w->eig[i]);
    for (size_t i = 0; i < no; i++) {
        zeros += fabs(w->eig[i]) < ZERO_REL * mx;
        near += w->eig[i] < NEAR_ZERO;
    }
    d.near = (double)near / (double)no;
    d.zeros = (double)zeros;
    d.min_rel = mn / mx;
    return d;
}

typedef struct job {
    const run_config *cfg;
    draw *d[CONDS];          /* every draw */
    double *eig[CONDS];      /* the eigenvalues of the first eig_draws draws */
    size_t eig_draws;
    progress *prog;
} job;

static void run_block(size_t i, void *ctx)
{
    job *jb = ctx;
    size_t c = i % CONDS, blk = i / CONDS;
    rand_stream r = rng_rand_stream(jb->cfg->seed, blk, c);
    work w;
    work_alloc(&w, dims[c]);
    for (size_t s = 0; s < BLOCK; s++) {
        size_t idx = blk * BLOCK + s;
        jb->d[c][idx] = sample(&w, &r);
        if (idx < jb->eig_draws)
            memcpy(jb->eig[c] + idx * w.no, w.eig, w.no * sizeof *w.eig);
    }
    work_free(&w);
    progress_add(jb->prog, 1);
}

/* What run_block(i) wrote: its block of draws and of eigenvalue draws. */
static void block_io(size_t i, void *ctx, par_io *io)
{
    job *jb = ctx;
    size_t c = i % CONDS, blk = i / CONDS, no = dims[c][2];
    par_io_block(io, jb->d[c], blk, BLOCK, sizeof(draw));
    size_t from = blk * BLOCK, to = from + BLOCK < jb->eig_draws ? from + BLOCK : jb->eig_draws;
    if (from < to)
        par_io_bytes(io, jb->eig[c] + from * no, (to - from) * no * sizeof(double));
}

/* ---- summaries and claims ---------------------------------------------------- */

enum { F_B, F_C, F_NEAR, F_ZEROS, F_MINREL, FIELDS };

/* Field f of every draw of a condition, as a strided view for block_stats. */
static const double *field(const draw *d, int f)
{
    switch (f) {
    case F_B: return &d->ang_b;
    case F_C: return &d->ang_c;
    case F_NEAR: return &d->near;
    case F_ZEROS: return &d->zeros;
    default: return &d->min_rel;
    }
}
#define DRAW_STRIDE (sizeof(draw) / sizeof(double))

typedef struct cond_stats {
    double mean_b, sd_b, mean_c, sd_c;
    double eig_min_rel;      /* smallest eigenvalue / largest, over all draws */
    double near_zero;        /* share of eigenvalues of M/(n_b n_i) below NEAR_ZERO */
    size_t min_zeros;        /* fewest eigenvalues below ZERO_REL * largest in one draw */
    /* per block (repetition): means of the angles and of the near-zero
     * share, SD of the panel-B angle */
    double *blk_b, *blk_c, *blk_near, *blk_sd_b;
} cond_stats;

static cond_stats summarise(const draw *d, size_t reps)
{
    size_t n = reps * BLOCK;
    cond_stats s = {0};
    double *x = fa_malloc(n * sizeof *x);
    for (int f = 0; f < 2; f++) {
        for (size_t i = 0; i < n; i++)
            x[i] = field(&d[i], f)[0];
        *(f ? &s.mean_c : &s.mean_b) = stats_mean(x, n, 1);
        *(f ? &s.sd_c : &s.sd_b) = stats_sd(x, n, 1);
    }
    free(x);
    s.eig_min_rel = INFINITY, s.min_zeros = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        s.eig_min_rel = fmin(s.eig_min_rel, d[i].min_rel);
        s.near_zero += d[i].near / (double)n;
        if ((size_t)d[i].zeros < s.min_zeros)
            s.min_zeros = (size_t)d[i].zeros;
    }
    s.blk_b = fa_malloc(4 * reps * sizeof(double));
    s.blk_c = s.blk_b + reps, s.blk_near = s.blk_c + reps, s.blk_sd_b = s.blk_near + reps;
    block_stats(field(d, F_B), DRAW_STRIDE, reps, BLOCK, s.blk_b, s.blk_sd_b);
    block_stats(field(d, F_C), DRAW_STRIDE, reps, BLOCK, s.blk_c, NULL);
    block_stats(field(d, F_NEAR), DRAW_STRIDE, reps, BLOCK, s.blk_near, NULL);
    return s;
}

/* Conditions are numbered 1..6 in the paper; arrays are 0-based. Every claim
 * is judged across the blocks of 100 draws (the repetitions); the conditions
 * draw from independent streams, so a "paired" difference here pairs
 * independent blocks index by index, which is valid, only not sharper. */
static void check_claims(const cond_stats *cs, const draw *const *d, size_t reps, claims *cl)
{
    claim *c = claims_paired(cl, "nb-improves",
                             "a larger batch n_b improves alignment (sec. 2.1, Fig. 1B, cond. 3 "
                             "vs 2)", cs[2].blk_b, cs[1].blk_b, reps, CLAIM_BELOW, "°");
    c = claims_begin(cl, "no-over-ni-worsens",
                     "n_o above n_i worsens alignment (sec. 2.1, Fig. 1B, cond. 1 < 2 < 6)", "°");
    claim_part_paired(c, "cond. 1 vs 2", cs[0].blk_b, cs[1].blk_b, reps, CLAIM_BELOW);
    claim_part_paired(c, "cond. 2 vs 6", cs[1].blk_b, cs[5].blk_b, reps, CLAIM_BELOW);
    size_t need = dims[5][2] - dims[5][0];
    claims_sanity(cl, "no-over-ni-zero-eigenvalues",
                  "n_o > n_i gives at least n_o - n_i zero eigenvalues (sec. 2.1, Fig. 1D, cond. 6)",
                  "every draw of cond. 6: >= 90 eigenvalues below 1e-5 x the largest",
                  cs[5].min_zeros >= need, "fewest in one draw: %zu of %zu", cs[5].min_zeros,
                  dims[5][2]);

    /* n_h: equivalence, with the paper's own test (a Welch t-test on all
     * draws here) shown beside it */
    size_t n = reps * BLOCK;
    double *x2 = fa_malloc(2 * n * sizeof *x2), *x5 = x2 + n;
    for (size_t i = 0; i < n; i++)
        x2[i] = d[1][i].ang_b, x5[i] = d[4][i].ang_b;
    double t, p = stats_ttest_welch(x2, n, x5, n, &t);
    free(x2);
    double tol = NEGLIGIBLE_SD * sqrt((cs[1].sd_b * cs[1].sd_b + cs[4].sd_b * cs[4].sd_b) / 2);
    c = claims_close_paired(cl, "nh-same-mean",
                            "n_h does not change the mean angle (sec. 2.1, cond. 2 vs 5; the "
                            "paper: t-test p > 0.5)", cs[1].blk_b, cs[4].blk_b, reps, tol,
                            NEGLIGIBLE_SOURCE, "°");
    claim_note(c, " (the paper's test on all %zu draws each: Welch t = %.2f, p = %.2g)", n, t, p);
    c = claims_paired(cl, "nh-lowers-variance",
                      "a larger n_h decreases the variance of the angle (sec. 2.1, cond. 5 "
                      "(n_h = 10) vs 2 (n_h = 100)): SD of the angle in each block",
                      cs[4].blk_sd_b, cs[1].blk_sd_b, reps, CLAIM_ABOVE, "°");

    c = claims_begin(cl, "alignment-occurs",
                     "with constant E and X, W_1 and ΔW_0 align in every condition (Fig. 1 "
                     "title, B, C)", "°");
    for (int k = 0; k < 2 * CONDS; k++) {
        char label[16];
        snprintf(label, sizeof label, "%c%d", k < CONDS ? 'B' : 'C', k % CONDS + 1);
        claim_part_vs_value(c, label, k < CONDS ? cs[k].blk_b : cs[k - CONDS].blk_c, reps, 90,
                            CLAIM_BELOW);
    }
    claims_paired(cl, "cond6-c-differs",
                  "ΔW_0's angle can behave differently: cond. 6 aligns better in C than in B "
                  "(Fig. 1 caption)", cs[5].blk_c, cs[5].blk_b, reps, CLAIM_BELOW, "°");
    double worst = 0;
    for (int k = 0; k < CONDS; k++)
        worst = fmin(worst, cs[k].eig_min_rel);
    claims_sanity(cl, "psd",
                  "E^T X X^T E is positive semidefinite (Suppl. Note 3)",
                  "smallest eigenvalue >= -1e-5 x the largest, every draw",
                  worst >= -ZERO_REL, "smallest ratio %.3g", worst);

    /* density near zero against the angle: the rank correlation over the
     * six conditions, once per block */
    double *rho = fa_malloc(reps * sizeof *rho);
    for (size_t b = 0; b < reps; b++) {
        double nz[CONDS], mb[CONDS], wk[2 * CONDS];
        for (int k = 0; k < CONDS; k++)
            nz[k] = cs[k].blk_near[b], mb[k] = cs[k].blk_b[b];
        rho[b] = gsl_stats_spearman(nz, 1, mb, 1, CONDS, wk);
    }
    c = claims_vs_value(cl, "near-zero-eigenvalues-misalign",
                        "more eigenvalue density near zero, less alignment (Fig. 1D caption): "
                        "Spearman rho over the six conditions of (share of eigenvalues < 0.1, "
                        "mean angle B), per block", rho, reps, 0, CLAIM_ABOVE, "");
    double nz[CONDS], mb[CONDS], wk[2 * CONDS];
    for (int k = 0; k < CONDS; k++)
        nz[k] = cs[k].near_zero, mb[k] = cs[k].mean_b;
    claim_note(c, " (over all draws: rho = %.2f)", gsl_stats_spearman(nz, 1, mb, 1, CONDS, wk));
    free(rho);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t n = cfg.reps * BLOCK;
    size_t draws = n < EIG_DRAWS ? n : EIG_DRAWS;
    for (int c = 0; c < CONDS; c++) {
        char name[16];
        snprintf(name, sizeof name, "cond%d", c + 1);
        cfg_param(&cfg, name, "n_i=%zu n_h=%zu n_o=%zu n_b=%zu", dims[c][0], dims[c][1],
                  dims[c][2], dims[c][3]);
    }
    cfg_param(&cfg, "samples", "%zu per condition (X, E, B redrawn for each)", n);
    cfg_param(&cfg, "distribution", "X, E, B i.i.d. N(0,1)");
    cfg_param(&cfg, "angle_bins", "%d, over each condition's range", ANGLE_BINS);
    cfg_param(&cfg, "eig_draws", "%zu per condition (eigenvalues pooled)", draws);
    cfg_param(&cfg, "eig_bins", "%d, over each condition's range", EIG_BINS);

    job jb = {&cfg, {0}, {0}, draws, NULL};
    for (int c = 0; c < CONDS; c++) {
        jb.d[c] = fa_malloc(n * sizeof(draw));
        jb.eig[c] = fa_malloc(draws * dims[c][2] * sizeof(double));
    }
    progress prog;
    progress_begin(&prog, "sampling", cfg.reps * CONDS);
    jb.prog = &prog;
    par_jobs(cfg.reps * CONDS, cfg.threads, run_block, block_io, &jb);
    progress_end(&prog);

    out_file *ha = out_open(&cfg, "rs21-fig1-angles.tsv", "panel\tcond\tbin_lo\tbin_hi\tdensity");
    out_file *he = out_open(&cfg, "rs21-fig1-eig.tsv", "cond\tbin_lo\tbin_hi\tdensity");
    out_file *hs = out_open(&cfg, "rs21-fig1-summary.tsv",
                            "cond\tn_i\tn_h\tn_o\tn_b\tmean_B\tsd_B\tmean_C\tsd_C\t"
                            "eig_min_rel\teig_frac_below_0.1\tmin_zero_eigs");
    cond_stats cs[CONDS];
    double *x = fa_malloc(n * sizeof *x);
    for (int c = 0; c < CONDS; c++) {
        char pre[32];
        for (int f = 0; f < 2; f++) {
            for (size_t i = 0; i < n; i++)
                x[i] = field(&jb.d[c][i], f)[0];
            snprintf(pre, sizeof pre, "%c\t%d", f ? 'C' : 'B', c + 1);
            hist_write(ha, pre, x, n, ANGLE_BINS);
        }
        snprintf(pre, sizeof pre, "%d", c + 1);
        hist_write(he, pre, jb.eig[c], draws * dims[c][2], EIG_BINS);
        cs[c] = summarise(jb.d[c], cfg.reps);
        out_printf(hs, "%d\t%zu\t%zu\t%zu\t%zu\t%.4f\t%.4f\t%.4f\t%.4f\t%.3g\t%.4f\t%zu\n", c + 1,
                   dims[c][0], dims[c][1], dims[c][2], dims[c][3], cs[c].mean_b, cs[c].sd_b,
                   cs[c].mean_c, cs[c].sd_c, cs[c].eig_min_rel, cs[c].near_zero,
                   cs[c].min_zeros);
    }
    free(x);
    claims cl = {0};
    const draw *dd[CONDS];
    for (int c = 0; c < CONDS; c++)
        dd[c] = jb.d[c];
    check_claims(cs, dd, cfg.reps, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    for (int c = 0; c < CONDS; c++)
        free(jb.d[c]), free(jb.eig[c]), free(cs[c].blk_b);
    return 0;
}
