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

typedef struct work {
    size_t ni, nh, no, nb;
    mat X, E, B, Bt, P, M, BtM, A, MB, C;
} work;

static void work_alloc(work *w, const size_t d[4])
{
    w->ni = d[0], w->nh = d[1], w->no = d[2], w->nb = d[3];
    w->X = mat_alloc(w->nb, w->ni), w->E = mat_alloc(w->nb, w->no);
    w->B = mat_alloc(w->no, w->nh), w->Bt = mat_alloc(w->nh, w->no);
    w->P = mat_alloc(w->ni, w->no), w->M = mat_alloc(w->no, w->no);
    w->BtM = mat_alloc(w->nh, w->no), w->A = mat_alloc(w->ni, w->nh);
    w->MB = mat_alloc(w->no, w->nh), w->C = mat_alloc(w->ni, w->nh);
}

static void work_free(work *w)
{
    mat *m[] = {&w->X, &w->E, &w->B, &w->Bt, &w->P, &w->M, &w->BtM, &w->A, &w->MB, &w->C};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
}

/* One sample: the two angles; with eig != NULL also the eigenvalues of
 * M / (n_b n_i) (n_o values). */
static void sample(work *w, rand_stream *r, double *ang_b, double *ang_c, double *eig)
{
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
    *ang_b = mat_angle(w->Bt, w->BtM);
    /* C: A = X^T E B = P B against P (M B) = X^T E E^T X X^T E B */
    gemm_nn_f32(ni, nh, no, 1.0f, w->P.v, w->P.ld, w->B.v, w->B.ld, 0.0f, w->A.v, w->A.ld);
    gemm_nn_f32(no, nh, no, 1.0f, w->M.v, w->M.ld, w->B.v, w->B.ld, 0.0f, w->MB.v, w->MB.ld);
    gemm_nn_f32(ni, nh, no, 1.0f, w->P.v, w->P.ld, w->MB.v, w->MB.ld, 0.0f, w->C.v, w->C.ld);
    *ang_c = mat_angle(w->A, w->C);
    if (!eig)
        return;
    /* D: GSL's symmetric eigensolver on a double copy */
    sym_eigenvalues(eig, w->M, 1.0 / ((double)nb * (double)ni));
}

typedef struct job {
    const run_config *cfg;
    double *ang_b[CONDS], *ang_c[CONDS], *eig[CONDS];
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
        double *eig = idx < jb->eig_draws ? jb->eig[c] + idx * w.no : NULL;
        sample(&w, &r, &jb->ang_b[c][idx], &jb->ang_c[c][idx], eig);
    }
    work_free(&w);
    progress_add(jb->prog, 1);
}

/* What run_block(i) wrote: its block of angles and of eigenvalue draws. */
static void block_io(size_t i, void *ctx, par_io *io)
{
    job *jb = ctx;
    size_t c = i % CONDS, blk = i / CONDS, no = dims[c][2];
    par_io_block(io, jb->ang_b[c], blk, BLOCK, sizeof(double));
    par_io_block(io, jb->ang_c[c], blk, BLOCK, sizeof(double));
    size_t from = blk * BLOCK, to = from + BLOCK < jb->eig_draws ? from + BLOCK : jb->eig_draws;
    if (from < to)
        par_io_bytes(io, jb->eig[c] + from * no, (to - from) * no * sizeof(double));
}

/* ---- summaries and claims ---------------------------------------------------- */

typedef struct cond_stats {
    double mean_b, sd_b, mean_c, sd_c;
    double eig_min_rel;      /* smallest eigenvalue / largest, over all draws */
    double near_zero;        /* fraction of eigenvalues of M/(n_b n_i) below NEAR_ZERO */
    size_t min_zeros;        /* fewest eigenvalues below ZERO_REL * largest in one draw */
} cond_stats;

static cond_stats summarise(const double *ang_b, const double *ang_c, size_t n,
                            const double *eig, size_t draws, size_t no)
{
    cond_stats s = {stats_mean(ang_b, n, 1), stats_sd(ang_b, n, 1),
                    stats_mean(ang_c, n, 1), stats_sd(ang_c, n, 1), INFINITY, 0, (size_t)-1};
    size_t near = 0;
    for (size_t d = 0; d < draws; d++) {
        const double *e = eig + d * no;
        double mx = -INFINITY;
        for (size_t i = 0; i < no; i++)
            mx = fmax(mx, e[i]);
        size_t zeros = 0;
        for (size_t i = 0; i < no; i++) {
            s.eig_min_rel = fmin(s.eig_min_rel, e[i] / mx);
            zeros += fabs(e[i]) < ZERO_REL * mx;
            near += e[i] < NEAR_ZERO;
        }
        if (zeros < s.min_zeros)
            s.min_zeros = zeros;
    }
    s.near_zero = (double)near / (double)(draws * no);
    return s;
}

static void check_claims(const job *jb, size_t n, const cond_stats *cs, claims *cl)
{
    /* conditions are numbered 1..6 in the paper; arrays are 0-based */
    double t, p = stats_ttest_welch(jb->ang_b[1], n, jb->ang_b[2], n, &t);
    claims_add(cl, "nb-improves",
               "a larger batch n_b improves alignment (sec. 2.1, Fig. 1B, cond. 2 vs 3)",
               "mean B^T∠B^T M: cond. 3 < cond. 2, Welch p < 0.05",
               cs[2].mean_b < cs[1].mean_b && p < 0.05,
               "%.2f° vs %.2f°, t = %.1f, p = %.2g", cs[2].mean_b, cs[1].mean_b, t, p);
    claims_add(cl, "no-over-ni-worsens",
               "n_o above n_i worsens alignment (sec. 2.1, Fig. 1B, cond. 2 vs 1 and 6)",
               "mean angle: cond. 1 < cond. 2 < cond. 6",
               cs[0].mean_b < cs[1].mean_b && cs[1].mean_b < cs[5].mean_b,
               "%.2f° < %.2f° < %.2f°", cs[0].mean_b, cs[1].mean_b, cs[5].mean_b);
    size_t need = dims[5][2] - dims[5][0];
    claims_sanity(cl, "no-over-ni-zero-eigenvalues",
                  "n_o > n_i gives at least n_o - n_i zero eigenvalues (sec. 2.1, Fig. 1D, cond. 6)",
                  "every draw of cond. 6: >= 90 eigenvalues below 1e-5 x the largest",
                  cs[5].min_zeros >= need, "fewest in one draw: %zu of %zu", cs[5].min_zeros,
                  dims[5][2]);
    double tn, pn = stats_ttest_welch(jb->ang_b[1], n, jb->ang_b[4], n, &tn);
    claims_add(cl, "nh-same-mean",
               "n_h does not change the mean angle significantly (sec. 2.1, cond. 2 vs 5, "
               "t-test p > 0.5)",
               "Welch t-test p > 0.05", pn > 0.05, "%.2f° vs %.2f°, t = %.2f, p = %.3g",
               cs[1].mean_b, cs[4].mean_b, tn, pn);
    double f, pf = stats_ftest(jb->ang_b[4], n, jb->ang_b[1], n, &f);
    claims_add(cl, "nh-lowers-variance",
               "a larger n_h decreases the variance of the angle (sec. 2.1, cond. 2 vs 5)",
               "SD cond. 5 (n_h = 10) > SD cond. 2 (n_h = 100), F-test p < 0.05",
               cs[4].sd_b > cs[1].sd_b && pf < 0.05, "SD %.2f° vs %.2f°, F = %.2f, p = %.2g",
               cs[4].sd_b, cs[1].sd_b, f, pf);
    double worst_b = 0, worst_c = 0;
    for (int c = 0; c < CONDS; c++)
        worst_b = fmax(worst_b, cs[c].mean_b), worst_c = fmax(worst_c, cs[c].mean_c);
    claims_add(cl, "alignment-occurs",
               "with constant E and X, W_1 and ΔW_0 align in every condition (Fig. 1 title, B, C)",
               "mean angle < 90° in all six conditions, panels B and C",
               worst_b < 90 && worst_c < 90, "largest mean: %.2f° (B), %.2f° (C)", worst_b,
               worst_c);
    claims_add(cl, "cond6-c-differs",
               "ΔW_0's angle can behave differently: cond. 6 aligns better in C than in B "
               "(Fig. 1 caption)",
               "cond. 6: mean C < mean B", cs[5].mean_c < cs[5].mean_b, "%.2f° (C) vs %.2f° (B)",
               cs[5].mean_c, cs[5].mean_b);
    double worst = 0;
    for (int c = 0; c < CONDS; c++)
        worst = fmin(worst, cs[c].eig_min_rel);
    claims_sanity(cl, "psd",
                  "E^T X X^T E is positive semidefinite (Suppl. Note 3)",
                  "smallest eigenvalue >= -1e-5 x the largest, every draw",
                  worst >= -ZERO_REL, "smallest ratio %.3g", worst);
    double nz[CONDS], mb[CONDS], wk[2 * CONDS];
    for (int c = 0; c < CONDS; c++)
        nz[c] = cs[c].near_zero, mb[c] = cs[c].mean_b;
    double rho = gsl_stats_spearman(nz, 1, mb, 1, CONDS, wk);
    claims_add(cl, "near-zero-eigenvalues-misalign",
               "more eigenvalue density near zero, less alignment (Fig. 1D caption)",
               "Spearman rho(fraction of eigenvalues < 0.1, mean angle B) over the six "
               "conditions > 0.7",
               rho > 0.7, "rho = %.2f", rho);
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

    job jb = {&cfg, {0}, {0}, {0}, draws, NULL};
    for (int c = 0; c < CONDS; c++) {
        jb.ang_b[c] = fa_malloc(n * sizeof(double));
        jb.ang_c[c] = fa_malloc(n * sizeof(double));
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
    for (int c = 0; c < CONDS; c++) {
        char pre[32];
        snprintf(pre, sizeof pre, "B\t%d", c + 1);
        hist_write(ha, pre, jb.ang_b[c], n, ANGLE_BINS);
        snprintf(pre, sizeof pre, "C\t%d", c + 1);
        hist_write(ha, pre, jb.ang_c[c], n, ANGLE_BINS);
        snprintf(pre, sizeof pre, "%d", c + 1);
        hist_write(he, pre, jb.eig[c], draws * dims[c][2], EIG_BINS);
        cs[c] = summarise(jb.ang_b[c], jb.ang_c[c], n, jb.eig[c], draws, dims[c][2]);
        out_printf(hs, "%d\t%zu\t%zu\t%zu\t%zu\t%.4f\t%.4f\t%.4f\t%.4f\t%.3g\t%.4f\t%zu\n", c + 1,
                   dims[c][0], dims[c][1], dims[c][2], dims[c][3], cs[c].mean_b, cs[c].sd_b,
                   cs[c].mean_c, cs[c].sd_c, cs[c].eig_min_rel, cs[c].near_zero,
                   cs[c].min_zeros);
    }
    claims cl = {0};
    check_claims(&jb, n, cs, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    for (int c = 0; c < CONDS; c++)
        free(jb.ang_b[c]), free(jb.ang_c[c]), free(jb.eig[c]);
    return 0;
}
