/* rs21-fig5 — angles between products of feedback and forward matrices
 *
 * rs21 section 2.4, Fig. 5, eqs. 10-12 and Methods 4.8. In a deep network the
 * FA error reaching layer l has passed through B_{d-1} ... B_l where BP's
 * has passed through W_{d-1}^T ... W_l^T (eqs. 10, 11). One step of that
 * product: B_1 (15 x 40) and B_2 (30 x 15) are drawn uniformly on the unit
 * Frobenius sphere, W_1^T and W_2^T at uniformly distributed angles
 * theta_1 = B_1 ∠ W_1^T and theta_2 = B_2 ∠ W_2^T, and we look at
 *     theta_3 = B_2 B_1 ∠ W_2^T W_1^T
 * and at its nonlinear counterpart (eq. 12), where ReLU derivative masks
 * f'(Z_2) (30 x 15) and f'(Z_1) (30 x 40) are applied to both products.
 *
 *   A-C  histograms of theta_3 - min, theta_3 - max and theta_3^nonlin -
 *        theta_3 in six groups of (theta_1, theta_2), angles drawn in (0, 90)
 *   D-G  36 x 36 heat maps (5° bins) of the mean and variance of theta_3,
 *        linear and nonlinear, angles drawn in (0, 180)
 *
 * Notation follows the paper (theta_1 belongs to the 15 x 40 pair). The
 * authors' code names the 30 x 15 pair A, C and the 15 x 40 pair B, D, so
 * its theta_1 is our theta_2; the analysis is symmetric in the two.
 */
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static const fig_info info = {
    .id = "rs21-fig5",
    .paper = "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021), Fig. 5",
    .title = "angle between products of feedback and forward matrices",
    .source = __FILE__,
    .reps = 1000,        /* paper: 1 M samples for the histograms, 500 k for the maps */
    .quick_reps = 20,
    .reps_help = "a block of 1000 samples for the histograms\n"
                 "                    (the heat maps use half as many blocks)",
};

enum {
    BLOCK = 1000,              /* samples per repetition */
    M2 = 30, K = 15, N1 = 40,  /* B_2 is M2 x K, B_1 is K x N1 (paper) */
    MAP_BINS = 36,             /* 5° bins over [0, 180) */
    HIST_BINS = 20,            /* authors' code: 20-bin densities */
    GROUPS = 6,
};

/* The histogram groups of Fig. 5A-C (authors' code), on (theta_1, theta_2). */
static const char *const group_name[GROUPS] = {
    "one < 5", "one > 85", "both < 10", "both in (80,90)",
    "both < 20, one > 10", "both in (70,90), one < 80",
};

static int in_group(int g, double t1, double t2)
{
    double lo = fmin(t1, t2), hi = fmax(t1, t2);
    switch (g) {
    case 0: return lo < 5;
    case 1: return hi > 85;
    case 2: return hi < 10;
    case 3: return lo > 80 && hi < 90;
    case 4: return hi < 20 && hi > 10;
    case 5: return lo > 70 && hi < 90 && lo < 80;
    }
    return 0;
}

/* One sample: the four angles. */
typedef struct sample { double t1, t2, t3, t3nl; } sample;

typedef struct work {
    mat B1, W1, U1, B2, W2, U2, Z1, Z2;   /* W_i hold W_i^T */
    mat P, Q, Bm, Wm;
} work;

static void work_alloc(work *w)
{
    w->B1 = mat_alloc(K, N1), w->W1 = mat_alloc(K, N1), w->U1 = mat_alloc(K, N1);
    w->B2 = mat_alloc(M2, K), w->W2 = mat_alloc(M2, K), w->U2 = mat_alloc(M2, K);
    w->Z1 = mat_alloc(M2, N1), w->Z2 = mat_alloc(M2, K);
    w->P = mat_alloc(M2, N1), w->Q = mat_alloc(M2, N1);
    w->Bm = mat_alloc(M2, K), w->Wm = mat_alloc(M2, K);
}

static void work_free(work *w)
{
    mat *m[] = {&w->B1, &w->W1, &w->U1, &w->B2, &w->W2, &w->U2, &w->Z1,
                &w->Z2, &w->P, &w->Q, &w->Bm, &w->Wm};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
}

static void normalise(mat a) { mat_scale(a, (float)(1.0 / mat_norm(a))); }

/* Methods 4.8: B uniform on the unit sphere; U Gaussian, made orthogonal to B
 * by Gram-Schmidt and normalised; W = r1 U + r2 B normalised, with r1, r2 ~
 * N(0, 1). The angle of (r2, r1) is uniform on the circle, so B ∠ W is
 * uniform on (0, 180); taking |r2| restricts it to (0, 90). */
static void draw_pair(rand_stream *r, int half, mat B, mat U, mat W)
{
    mat_rand_normal(B, r, 0, 1);
    normalise(B);
    mat_rand_normal(U, r, 0, 1);
    mat_axpy(U, (float)-mat_dot(U, B), B);
    normalise(U);
    float rr[2];
    rand_normal_f32(r, 2, rr);
    double r1 = rr[0], r2 = rr[1];
    if (half)
        r2 = fabs(r2);
    mat_copy(W, B);
    mat_scale(W, (float)r2);
    mat_axpy(W, (float)r1, U);
    normalise(W);
}

static double product_angle(work *w, mat X2, mat X1, mat Y2, mat Y1)
{
    gemm_nn_f32(M2, N1, K, 1.0f, X2.v, X2.ld, X1.v, X1.ld, 0.0f, w->P.v, w->P.ld);
    gemm_nn_f32(M2, N1, K, 1.0f, Y2.v, Y2.ld, Y1.v, Y1.ld, 0.0f, w->Q.v, w->Q.ld);
    return mat_angle(w->P, w->Q);
}

static sample draw_sample(rand_stream *r, int half, work *w)
{
    sample s;
    draw_pair(r, half, w->B1, w->U1, w->W1);
    draw_pair(r, half, w->B2, w->U2, w->W2);
    /* ReLU derivative masks: f'(z) = [z >= 0] with z ~ N(0, 1) is a fair
     * coin; random +-1 as Z, so that the masks go through dact_relu_f32 */
    mat_rand_signs(w->Z2, r);
    mat_rand_signs(w->Z1, r);
    s.t1 = mat_angle(w->B1, w->W1);
    s.t2 = mat_angle(w->B2, w->W2);
    s.t3 = product_angle(w, w->B2, w->B1, w->W2, w->W1);
    /* eq. 12: {B_2 (.) f'(Z_2)} B_1 (.) f'(Z_1)  vs  {W_2^T (.) f'(Z_2)} W_1^T (.) f'(Z_1) */
    dact_relu_f32(M2, K, w->B2.v, w->B2.ld, w->Z2.v, w->Z2.ld, w->Bm.v, w->Bm.ld);
    dact_relu_f32(M2, K, w->W2.v, w->W2.ld, w->Z2.v, w->Z2.ld, w->Wm.v, w->Wm.ld);
    gemm_nn_f32(M2, N1, K, 1.0f, w->Bm.v, w->Bm.ld, w->B1.v, w->B1.ld, 0.0f, w->P.v, w->P.ld);
    gemm_nn_f32(M2, N1, K, 1.0f, w->Wm.v, w->Wm.ld, w->W1.v, w->W1.ld, 0.0f, w->Q.v, w->Q.ld);
    dact_relu_f32(M2, N1, w->P.v, w->P.ld, w->Z1.v, w->Z1.ld, w->P.v, w->P.ld);
    dact_relu_f32(M2, N1, w->Q.v, w->Q.ld, w->Z1.v, w->Z1.ld, w->Q.v, w->Q.ld);
    s.t3nl = mat_angle(w->P, w->Q);
    return s;
}

/* Blocks 0 .. map_blocks-1 feed the heat maps (angles in (0, 180)), the rest
 * the histograms (angles in (0, 90)); each block has its own stream. */
typedef struct job {
    const run_config *cfg;
    size_t map_blocks;
    sample *s;
    progress *prog;
} job;

static void run_block(size_t blk, void *ctx)
{
    job *jb = ctx;
    int half = blk >= jb->map_blocks;
    rand_stream r = rng_rand_stream(jb->cfg->seed, blk, 0);
    work w;
    work_alloc(&w);
    for (size_t i = 0; i < BLOCK; i++)
        jb->s[blk * BLOCK + i] = draw_sample(&r, half, &w);
    work_free(&w);
    progress_add(jb->prog, 1);
}

static void block_io(size_t blk, void *ctx, par_io *io)
{
    par_io_block(io, ((job *)ctx)->s, blk, BLOCK, sizeof(sample));
}

/* ---- heat maps ------------------------------------------------------------ */

typedef struct cell { size_t n; double mean, var, mean_nl, var_nl; } cell;

static void heat_maps(const sample *s, size_t n, cell map[MAP_BINS][MAP_BINS])
{
    /* two passes over the samples of each cell: mean, then variance */
    memset(map, 0, sizeof(cell) * MAP_BINS * MAP_BINS);
    size_t (*idx)[2] = fa_malloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++) {
        size_t a = (size_t)(s[i].t1 / 5), b = (size_t)(s[i].t2 / 5);
        idx[i][0] = a < MAP_BINS ? a : MAP_BINS - 1;
        idx[i][1] = b < MAP_BINS ? b : MAP_BINS - 1;
        cell *c = &map[idx[i][0]][idx[i][1]];
        c->n++;
        c->mean += s[i].t3;
        c->mean_nl += s[i].t3nl;
    }
    for (size_t a = 0; a < MAP_BINS; a++)
        for (size_t b = 0; b < MAP_BINS; b++) {
            cell *c = &map[a][b];
            c->mean = c->n ? c->mean / (double)c->n : NAN;
            c->mean_nl = c->n ? c->mean_nl / (double)c->n : NAN;
        }
    for (size_t i = 0; i < n; i++) {
        cell *c = &map[idx[i][0]][idx[i][1]];
        c->var += (s[i].t3 - c->mean) * (s[i].t3 - c->mean);
        c->var_nl += (s[i].t3nl - c->mean_nl) * (s[i].t3nl - c->mean_nl);
    }
    for (size_t a = 0; a < MAP_BINS; a++)
        for (size_t b = 0; b < MAP_BINS; b++) {
            cell *c = &map[a][b];
            c->var = c->n > 1 ? c->var / (double)(c->n - 1) : NAN;
            c->var_nl = c->n > 1 ? c->var_nl / (double)(c->n - 1) : NAN;
        }
    free(idx);
}

/* ---- histograms ----------------------------------------------------------- */

enum { Q_MIN, Q_MAX, Q_NL, QUANTITIES };
static const char *const q_name[QUANTITIES] = {"t3-min", "t3-max", "t3nl-t3"};

static double quantity(int q, const sample *s)
{
    switch (q) {
    case Q_MIN: return s->t3 - fmin(s->t1, s->t2);
    case Q_MAX: return s->t3 - fmax(s->t1, s->t2);
    default: return s->t3nl - s->t3;
    }
}

typedef struct group_stats {
    size_t n;
    double mean[QUANTITIES], sd[QUANTITIES];
} group_stats;

/* Densities over each group's own range (as numpy's default bins), written
 * as rows of (quantity, group, bin edges, density). */
static void histograms(const sample *s, size_t n, out_file *o, group_stats *gs)
{
    double *x = fa_malloc(n * sizeof *x);
    for (int g = 0; g < GROUPS; g++)
        for (int q = 0; q < QUANTITIES; q++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (in_group(g, s[i].t1, s[i].t2))
                    x[m++] = quantity(q, &s[i]);
            gs[g].n = m;
            gs[g].mean[q] = stats_mean(x, m, 1);
            gs[g].sd[q] = stats_sd(x, m, 1);
            if (m == 0)
                continue;
            double lo = x[0], hi = x[0];
            for (size_t i = 1; i < m; i++)
                lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
            hi = nextafter(hi, INFINITY);   /* the maximum belongs to the last bin */
            double dens[HIST_BINS], w = (hi - lo) / HIST_BINS;
            stats_density(x, m, lo, hi, HIST_BINS, dens, NULL);
            for (int b = 0; b < HIST_BINS; b++)
                out_printf(o, "%s\t%d\t%s\t%.6f\t%.6f\t%.8g\n", q_name[q], g, group_name[g],
                           lo + b * w, lo + (b + 1) * w, dens[b]);
        }
    free(x);
}

/* ---- claims ---------------------------------------------------------------- */

/* Every sample is an independent draw, so intervals are taken over samples.
 * "Determined by", "about 90°" and "the larger one determines" are
 * closeness within one 5° heat-map bin, the resolution at which Fig. 5D
 * shows them (a priori, fixed before the first paper-scale run). */
static const double BIN_TOL = 5;
#define BIN_TOL_SOURCE "one 5° heat-map bin (a priori)"
/* "No effect on the mean" of the nonlinearity: a mean difference below a
 * tenth of the SD of the paired differences is negligible, the usual
 * convention for a standardised effect (Cohen's d below 0.1; "small" starts
 * at 0.2). The paper gives no size; this rule was set after the earlier
 * t-test on 1 M samples (p = 1e-5) had been seen. */
static const double NEGLIGIBLE_SD = 0.1;
#define NEGLIGIBLE_SOURCE "a tenth of the SD of the differences (Cohen's d < 0.1)"
/* "Rare": below 1 % of samples (a priori). */
static const double RARE_PERCENT = 1;

/* Quantity q of the samples in group g (every sample when g < 0), into x;
 * returns how many. */
static size_t group_values(const sample *s, size_t n, int g, int q, double *x)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (g < 0 || in_group(g, s[i].t1, s[i].t2))
            x[m++] = quantity(q, &s[i]);
    return m;
}

static int below_both(const sample *s) { return s->t3 < fmin(s->t1, s->t2); }

/* Fig. 5D's edges: theta_1 in the first (e = 0) or last (e = 1) 5° bin, or
 * in [85, 95) (e = 2); there, |theta_3 - what it should be|: theta_2,
 * 180° - theta_2, or 90°. Returns how many samples are at the edge. */
static size_t edge_values(const sample *s, size_t n, int e, double *x)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double t1 = s[i].t1;
        if (e == 0 ? t1 < 5 : e == 1 ? t1 >= 175 : t1 >= 85 && t1 < 95)
            x[m++] = fabs(s[i].t3 - (e == 0 ? s[i].t2 : e == 1 ? 180 - s[i].t2 : 90));
    }
    return m;
}

static void check_claims(const sample *hs, size_t nh, const sample *ms, size_t nm,
                         cell map[MAP_BINS][MAP_BINS], claims *cl)
{
    double *x = fa_malloc((nh > nm ? nh : nm) * sizeof *x);
    size_t below = 0;
    for (size_t i = 0; i < nh; i++)
        below += (size_t)(x[i] = 100.0 * below_both(&hs[i])) != 0;
    claim *c = claims_vs_value(cl, "below-both-rare", "theta_3 below both theta_1 and theta_2 is "
                               "rare (sec. 2.4, Fig. 5A): share of samples", x, nh, RARE_PERCENT,
                               CLAIM_BELOW, "%");
    claim_note(c, " (%zu of %zu; 'rare': below %g %%, a priori)", below, nh, RARE_PERCENT);

    /* "only when 85° < theta_1, theta_2 < 90°" is a statement about every
     * such sample, which no interval decides: we judge where they lie (the
     * mean of the smaller angle above 85°) and show the extreme */
    size_t m = 0, under85 = 0;
    double lowest = INFINITY;
    for (size_t i = 0; i < nh; i++)
        if (below_both(&hs[i])) {
            x[m] = fmin(hs[i].t1, hs[i].t2);
            lowest = fmin(lowest, x[m]);
            under85 += x[m++] <= 85;
        }
    c = claims_vs_value(cl, "below-both-near-90", "it happens only when 85° < theta_1, theta_2 < "
                        "90° (sec. 2.4): min(theta_1, theta_2) of those samples", x, m, 85,
                        CLAIM_ABOVE, "°");
    claim_note(c, " (smallest %.2f°; %zu of %zu at or below 85°)", lowest, under85, m);

    /* Fig. 5D's edges, on the heat map's samples */
    static const char *const edge_label[2] = {"theta_1 < 5°", "theta_1 > 175°"};
    c = claims_begin(cl, "theta1-0-follows-theta2", "theta_1 near 0° or 180°: theta_3 is "
                     "determined by theta_2 (Fig. 5D): mean |theta_3 - theta_2| (or - (180° - "
                     "theta_2))", "°");
    for (int e = 0; e < 2; e++) {
        m = edge_values(ms, nm, e, x);
        claim_part_close(c, edge_label[e], x, m, 0, BIN_TOL, BIN_TOL_SOURCE);
    }
    m = edge_values(ms, nm, 2, x);
    claims_close(cl, "theta1-90-gives-90", "theta_1 near 90°: theta_3 is about 90° whatever "
                 "theta_2 (Fig. 5D): mean |theta_3 - 90°| for theta_1 in [85°, 95°)", x, m, 0,
                 BIN_TOL, BIN_TOL_SOURCE, "°");

    /* Fig. 5B: one angle near 0 or 90 -> max dominates; both moderate -> theta_3 > max */
    c = claims_begin(cl, "max-dominates", "one of theta_1, theta_2 below 5° or above 85°: the "
                     "larger one determines theta_3 (Fig. 5B, dotted): theta_3 - max", "°");
    for (int g = 0; g < 2; g++) {
        m = group_values(hs, nh, g, Q_MAX, x);
        claim_part_close(c, group_name[g], x, m, 0, BIN_TOL, BIN_TOL_SOURCE);
    }
    c = claims_begin(cl, "less-aligned-than-max", "otherwise the product is less aligned than "
                     "the least aligned pair (Fig. 5B, solid): theta_3 - max in the four 'both' "
                     "groups", "°");
    for (int g = 2; g < GROUPS; g++) {
        m = group_values(hs, nh, g, Q_MAX, x);
        claim_part_vs_value(c, group_name[g], x, m, 0, CLAIM_ABOVE);
    }

    /* Nonlinearity: the same mean (equivalence; the paper's t-test shown),
     * a larger spread */
    group_values(hs, nh, -1, Q_NL, x);
    double t, p = stats_ttest_one(x, nh, 0.0, &t);
    double tol = NEGLIGIBLE_SD * stats_sd(x, nh, 1);
    c = claims_close(cl, "nonlin-same-mean", "the nonlinearity has no effect on the mean angle "
                     "(sec. 2.4, Fig. 5C; the paper: t-test p > 0.1): theta_3^nonlin - theta_3, "
                     "all histogram samples", x, nh, 0, tol, NEGLIGIBLE_SOURCE, "°");
    claim_note(c, " (the paper's test here: t = %.2f, p = %.2g, n = %zu)", t, p, nh);
    c = claims_begin(cl, "nonlin-same-mean-per-group", "... in each histogram group of Fig. 5C",
                     "°");
    for (int g = 0; g < GROUPS; g++) {
        m = group_values(hs, nh, g, Q_NL, x);
        claim_part_close(c, group_name[g], x, m, 0, tol, NEGLIGIBLE_SOURCE);
    }
    /* per heat-map cell, log of the variance ratio; the cells hold disjoint
     * samples, so they are independent values */
    size_t cells = 0, wider = 0;
    for (int a = 0; a < MAP_BINS; a++)
        for (int b = 0; b < MAP_BINS; b++)
            if (map[a][b].n > 1 && map[a][b].var > 0) {
                x[cells++] = log(map[a][b].var_nl / map[a][b].var);
                wider += map[a][b].var_nl > map[a][b].var;
            }
    c = claims_vs_value(cl, "nonlin-widens", "the nonlinearity increases the variance of theta_3 "
                        "(Fig. 5E vs G): log(var theta_3^nonlin / var theta_3) per heat-map cell",
                        x, cells, 0, CLAIM_ABOVE, "");
    claim_note(c, " (larger in %zu of %zu cells)", wider, cells);
    free(x);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t hist_blocks = cfg.reps, map_blocks = (cfg.reps + 1) / 2;
    size_t blocks = map_blocks + hist_blocks;
    cfg_param(&cfg, "B1", "%dx%d (theta_1 pair)", K, N1);
    cfg_param(&cfg, "B2", "%dx%d (theta_2 pair)", M2, K);
    cfg_param(&cfg, "map_samples", "%zu (angles in (0, 180))", map_blocks * BLOCK);
    cfg_param(&cfg, "hist_samples", "%zu (angles in (0, 90))", hist_blocks * BLOCK);
    cfg_param(&cfg, "map_bins", "%d x %d (5 deg)", MAP_BINS, MAP_BINS);
    cfg_param(&cfg, "hist_bins", "%d per group, over the group's range", HIST_BINS);
    cfg_param(&cfg, "nonlinearity", "ReLU masks f'(Z) = [Z >= 0], Z ~ N(0,1) (Bernoulli 1/2)");

    sample *s = fa_malloc(blocks * BLOCK * sizeof *s);
    progress prog;
    progress_begin(&prog, "sampling", blocks);
    job jb = {&cfg, map_blocks, s, &prog};
    par_jobs(blocks, cfg.threads, run_block, block_io, &jb);
    progress_end(&prog);

    const sample *ms = s, *hs = s + map_blocks * BLOCK;
    size_t nm = map_blocks * BLOCK, nh = hist_blocks * BLOCK;
    static cell map[MAP_BINS][MAP_BINS];
    heat_maps(ms, nm, map);

    out_file *hm = out_open(&cfg, "rs21-fig5-maps.tsv",
                            "theta1\ttheta2\tn\tmean\tvar\tmean_nonlin\tvar_nonlin");
    for (int a = 0; a < MAP_BINS; a++)
        for (int b = 0; b < MAP_BINS; b++) {
            const cell *c = &map[a][b];
            out_printf(hm, "%.1f\t%.1f\t%zu\t%.6f\t%.6f\t%.6f\t%.6f\n", 5 * a + 2.5,
                       5 * b + 2.5, c->n, c->mean, c->var, c->mean_nl, c->var_nl);
        }
    out_file *ho = out_open(&cfg, "rs21-fig5-hist.tsv",
                            "quantity\tgroup\tgroup_name\tbin_lo\tbin_hi\tdensity");
    group_stats gs[GROUPS];
    histograms(hs, nh, ho, gs);
    out_file *so = out_open(&cfg, "rs21-fig5-groups.tsv",
                            "group\tgroup_name\tn\tmean_t3-min\tsd_t3-min\tmean_t3-max\t"
                            "sd_t3-max\tmean_t3nl-t3\tsd_t3nl-t3");
    for (int g = 0; g < GROUPS; g++)
        out_printf(so, "%d\t%s\t%zu\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", g,
                   group_name[g], gs[g].n, gs[g].mean[Q_MIN], gs[g].sd[Q_MIN],
                   gs[g].mean[Q_MAX], gs[g].sd[Q_MAX], gs[g].mean[Q_NL], gs[g].sd[Q_NL]);

    claims cl = {0};
    check_claims(hs, nh, ms, nm, map, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    free(s);
    return 0;
}
