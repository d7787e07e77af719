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

static void check_claims(const sample *hs, size_t nh, cell map[MAP_BINS][MAP_BINS],
                         const group_stats *gs, claims *cl)
{
    /* Below both: rare, and only when both angles are in (85, 90). */
    size_t below = 0, below85 = 0;
    double lowest = INFINITY;
    for (size_t i = 0; i < nh; i++)
        if (hs[i].t3 < fmin(hs[i].t1, hs[i].t2)) {
            below++;
            below85 += fmin(hs[i].t1, hs[i].t2) > 85;
            lowest = fmin(lowest, fmin(hs[i].t1, hs[i].t2));
        }
    double frac = (double)below / (double)nh;
    claims_add(cl, "below-both-rare",
               "theta_3 below both theta_1 and theta_2 is rare (sec. 2.4, Fig. 5A)",
               "< 1 % of samples", frac < 0.01, "%.3f %% (%zu of %zu)", 100 * frac, below, nh);
    const char *near_stmt = "it happens only when 85° < theta_1, theta_2 < 90° (sec. 2.4)";
    const char *near_exp = "smallest min(theta_1, theta_2) among them > 85°";
    if (below)
        claims_add(cl, "below-both-near-90", near_stmt, near_exp, lowest > 85,
                   "%.2f° (%zu of %zu such samples have both > 85°)", lowest, below85, below);
    else
        claims_add(cl, "below-both-near-90", near_stmt, near_exp, 1, "no such sample");

    /* theta_1 near 0 (180): theta_3 follows theta_2 (180 - theta_2). */
    double dev0 = 0, dev180 = 0, dev90 = 0;
    for (int b = 0; b < MAP_BINS; b++) {
        double c2 = 5 * b + 2.5;
        dev0 = fmax(dev0, fabs(map[0][b].mean - c2));
        dev180 = fmax(dev180, fabs(map[MAP_BINS - 1][b].mean - (180 - c2)));
        dev90 = fmax(dev90, fmax(fabs(map[17][b].mean - 90), fabs(map[18][b].mean - 90)));
    }
    claims_add(cl, "theta1-0-follows-theta2",
               "theta_1 near 0° or 180°: theta_3 is determined by theta_2 (Fig. 5D)",
               "mean theta_3 within 5° of theta_2 (or 180° - theta_2) in every bin",
               dev0 < 5 && dev180 < 5, "largest deviation %.2f° (theta_1 < 5°), %.2f° (> 175°)",
               dev0, dev180);
    claims_add(cl, "theta1-90-gives-90",
               "theta_1 near 90°: theta_3 is about 90° whatever theta_2 (Fig. 5D)",
               "mean theta_3 within 5° of 90° for theta_1 in [85, 95)", dev90 < 5,
               "largest deviation %.2f°", dev90);

    /* Fig. 5B: one angle near 0 or 90 -> max dominates; both moderate -> theta_3 > max */
    claims_add(cl, "max-dominates",
               "one of theta_1, theta_2 below 5° or above 85°: the larger one determines "
               "theta_3 (Fig. 5B, dotted)",
               "|mean(theta_3 - max)| < 5° in both groups",
               fabs(gs[0].mean[Q_MAX]) < 5 && fabs(gs[1].mean[Q_MAX]) < 5,
               "%+.2f° (one < 5), %+.2f° (one > 85)", gs[0].mean[Q_MAX], gs[1].mean[Q_MAX]);
    double worst = INFINITY;
    for (int g = 2; g < GROUPS; g++)
        worst = fmin(worst, gs[g].mean[Q_MAX]);
    claims_add(cl, "less-aligned-than-max",
               "otherwise the product is less aligned than the least aligned pair "
               "(Fig. 5B, solid)",
               "mean(theta_3 - max) > 0 in the four 'both' groups", worst > 0,
               "smallest group mean %+.2f°", worst);

    /* Nonlinearity: same mean, larger spread. */
    double *d = fa_malloc(nh * sizeof *d);
    for (size_t i = 0; i < nh; i++)
        d[i] = hs[i].t3nl - hs[i].t3;
    double t, p = stats_ttest_one(d, nh, 0.0, &t);
    double mean_d = stats_mean(d, nh, 1);
    free(d);
    double worst_group = 0;
    for (int g = 0; g < GROUPS; g++)
        worst_group = fmax(worst_group, fabs(gs[g].mean[Q_NL]));
    claims_add(cl, "nonlin-mean-ttest",
               "the nonlinearity has no significant effect on the mean angle (t-test, p > 0.1)",
               "p > 0.1 (paired t-test, all histogram samples)", p > 0.1,
               "mean difference %+.4f°, t = %.2f, p = %.3g, n = %zu", mean_d, t, p, nh);
    claims_add(cl, "nonlin-mean-small",
               "the histograms of theta_3^nonlin - theta_3 are centred near zero (Fig. 5C)",
               "|group mean| < 1° in every group", worst_group < 1,
               "largest |group mean| %.3f°", worst_group);
    size_t cells = 0, wider = 0;
    for (int a = 0; a < MAP_BINS; a++)
        for (int b = 0; b < MAP_BINS; b++)
            if (map[a][b].n > 1) {
                cells++;
                wider += map[a][b].var_nl > map[a][b].var;
            }
    claims_add(cl, "nonlin-widens",
               "the nonlinearity increases the variance of theta_3 (Fig. 5E vs G)",
               "var(theta_3^nonlin) > var(theta_3) in > 90 % of cells",
               cells && wider > 0.9 * (double)cells, "%zu of %zu cells (%.1f %%)", wider,
               cells, cells ? 100.0 * (double)wider / (double)cells : 0.0);
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
    check_claims(hs, nh, map, gs, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    free(s);
    return 0;
}
