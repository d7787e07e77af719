/* sse19-fig3 — three FA iterations seen from one neuron
 *
 * sse19 "Visualizing feedback alignment", Fig. 3, eq. 3. The network of
 * sse19-fig5 (20 rate LIF neurons, lif_net.h) learns y = x1 x2 by FA. Before
 * each of three iterations the decoders are solved by least squares; an
 * iteration is one gradient step on all 1000 training samples, with p
 * renormalised to unit length. For one neuron i, over the unit disk:
 *   left    its tuning curve a_i(x) and preferred direction p_i
 *   centre  the output error projected on its error direction,
 *           <e_i, y(x) - t(x)> (for one output, e_i = ±1)
 *   right   that projected error times G'(J_i(x)), which is what the update
 *           averages (times x), and the resulting change Delta p_i
 * The neuron shown is picked by a rule fixed before any step: the one that
 * fires on the largest share of the disk in the untrained network of trial 0.
 * The claims are judged on the population: every neuron of every trial's
 * network, at the figure's step size and at three others.
 */
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "lif_net.h"

static const fig_info info = {
    .id = "sse19-fig3",
    .paper = "sse19: Stöckel, Stewart & Eliasmith (CogSci 2019), Fig. 3",
    .title = "three FA iterations seen from one neuron",
    .source = __FILE__,
    .reps = 50,           /* the paper shows one neuron; the population is ours */
    .quick_reps = 10,
    .reps_help = "one trial: a network and data set (trial t of sse19-fig5);\n"
                 "                    the figure shows trial 0",
};

enum {
    HIDDEN = 20, SAMPLES = 1000,    /* the network and data of sse19-fig5 */
    ITERS = 3,                      /* paper */
    GRID = 81, QUICK_GRID = 41,     /* grid points per axis */
};
/* One full-batch step per iteration. The paper does not give a step size;
 * ours turns p by tens of degrees so that three iterations show the
 * movement (sse19-fig5 takes a thousand smaller steps). The population is
 * also run at the other values of this grid, since a three-step trajectory
 * depends on the step size. */
static const double ETA = 100;
static const double ETAS[] = {10, 30, 100, 300};
static const double RCOND = 1e-2;   /* as sse19-fig5 */

/* Angular distance (radians) of (p1, p2) to the nearest diagonal. */
static double to_diagonal(double p1, double p2)
{
    float v[2] = {(float)p1, (float)p2};
    mat m = {2, 1, 1, v};
    return lif_dphi(m);
}

/* One network's three iterations: p[it] before iteration it (p[ITERS]
 * after the last), and what the fit before each step measured. */
typedef struct traj {
    double p[ITERS + 1][HIDDEN][2], rmse[ITERS], dphi[ITERS], err_ratio[ITERS];
    double e[HIDDEN];
} traj;

/* The grid fields of every neuron before each iteration:
 * fields[it][neuron][g][0..2] = rate, projected error, times G'. */
static void grid_fields(const lif_net *net, const lif_train_cfg *tc, mat G, mat Tg, mat Jg,
                        mat Ag, mat Yg, float *f)
{
    size_t ng = G.rows;
    lif_forward(net, tc->norm, G, Jg, Ag);
    lif_decode(net, Ag, Yg);
    for (size_t g = 0; g < ng; g++) {
        double err = (double)*mat_at(Yg, g, 0) - *mat_at(Tg, g, 0);
        for (size_t i = 0; i < HIDDEN; i++) {
            float *v = f + (i * ng + g) * 3;
            double proj = *mat_at(net->E, i, 0) * err;
            v[0] = *mat_at(Ag, g, i);
            v[1] = (float)proj;
            v[2] = (float)(proj * lif_rate_deriv(*mat_at(Jg, g, i)));
        }
    }
}

/* Trial t's network and data (streams 0 and 1 of sse19-fig5's trial t)
 * through ITERS iterations of step eta; with fields, also the grid fields
 * (side x side points) of every neuron. */
static void iterate(const run_config *cfg, size_t t, double eta, size_t side, traj *tr,
                    float *fields)
{
    lif_net net = lif_net_alloc(2, HIDDEN, 1);
    gsl_rng *r = rng_stream(cfg->seed, t, 0);
    lif_nef_init(&net, r);
    rng_free(r);
    mat X = mat_alloc(SAMPLES, 2), T = mat_alloc(SAMPLES, 1), none = {0};
    r = rng_stream(cfg->seed, t, 1);
    lif_product_data(r, X, T);
    rng_free(r);
    lif_train_cfg tc = {NORM_FORCED, FB_FA, eta, SAMPLES, 0, RCOND, DERIV_CAPPED};
    lif_work w = lif_work_alloc(&net, SAMPLES, SAMPLES, 0);
    size_t ng = side * side;
    mat G = mat_alloc(ng, 2), Tg = mat_alloc(ng, 1), Jg = mat_alloc(ng, HIDDEN);
    mat Ag = mat_alloc(ng, HIDDEN), Yg = mat_alloc(ng, 1);
    lif_square_grid(side, G);
    for (size_t g = 0; g < ng; g++)
        *mat_at(Tg, g, 0) = *mat_at(G, g, 0) * *mat_at(G, g, 1);
    for (size_t i = 0; i < HIDDEN; i++)
        tr->e[i] = *mat_at(net.E, i, 0);
    for (int it = 0; it <= ITERS; it++) {
        for (size_t i = 0; i < HIDDEN; i++)
            tr->p[it][i][0] = *mat_at(net.P, 0, i), tr->p[it][i][1] = *mat_at(net.P, 1, i);
        if (it == ITERS)
            break;
        lif_stats s = lif_fit(&net, &tc, X, T, none, NULL, &w);
        tr->rmse[it] = s.rmse;
        tr->dphi[it] = s.dphi;
        tr->err_ratio[it] = lif_diagonal_error_ratio(&net, tc.norm, side);
        if (fields)
            grid_fields(&net, &tc, G, Tg, Jg, Ag, Yg, fields + (size_t)it * HIDDEN * ng * 3);
        lif_step(&net, &tc, X, T, &w);
    }
    mat *m[] = {&X, &T, &G, &Tg, &Jg, &Ag, &Yg};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
    lif_work_free(&w);
    lif_net_free(&net);
}

/* The neuron firing on the largest share of the disk before any step. */
static size_t widest(const float *fields, const mat G)
{
    size_t sel = 0, best = 0, ng = G.rows;
    for (size_t i = 0; i < HIDDEN; i++) {
        size_t on = 0;
        for (size_t g = 0; g < ng; g++) {
            float x1 = *mat_at(G, g, 0), x2 = *mat_at(G, g, 1);
            on += x1 * x1 + x2 * x2 <= 1 && fields[(i * ng + g) * 3] > 0;
        }
        if (on > best)
            best = on, sel = i;
    }
    return sel;
}

static void write_figure(const run_config *cfg, const traj *tr, const float *fields, mat G,
                         size_t sel)
{
    size_t ng = G.rows;
    out_file *of = out_open(cfg, "sse19-fig3-fields.tsv",
                            "iteration\tx1\tx2\trate\tproj_err\tproj_err_fprime");
    for (int it = 0; it < ITERS; it++) {
        if (it)
            out_printf(of, "\n\n");   /* one gnuplot data block per iteration */
        for (size_t g = 0; g < ng; g++) {
            double x1 = *mat_at(G, g, 0), x2 = *mat_at(G, g, 1);
            const float *f = fields + (((size_t)it * HIDDEN + sel) * ng + g) * 3;
            if (x1 * x1 + x2 * x2 <= 1)
                out_printf(of, "%d\t%.4f\t%.4f\t%.6g\t%.6g\t%.6g\n", it + 1, x1, x2, f[0], f[1],
                           f[2]);
            else
                out_printf(of, "%d\t%.4f\t%.4f\tNaN\tNaN\tNaN\n", it + 1, x1, x2);
        }
    }
    out_file *op = out_open(cfg, "sse19-fig3-p.tsv",
                            "iteration\tp1\tp2\tdp1\tdp2\tturn_deg\tto_diagonal_deg\trmse\t"
                            "dphi_all\terr_diag_over_axes");
    for (int it = 0; it < ITERS; it++) {
        const double *a = tr->p[it][sel], *b = tr->p[it + 1][sel];
        double turn = acos(fmin(1, (a[0] * b[0] + a[1] * b[1]) / hypot(a[0], a[1]) /
                                       hypot(b[0], b[1])));
        out_printf(op, "%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.3f\t%.3f\t%.6f\t%.6f\t%.4f\n", it + 1,
                   a[0], a[1], b[0] - a[0], b[1] - a[1], turn * 180 / M_PI,
                   to_diagonal(a[0], a[1]) * 180 / M_PI, tr->rmse[it], tr->dphi[it],
                   tr->err_ratio[it]);
        printf("iteration %d: neuron %zu turns %.1f°, %.1f° from a diagonal; rmse %.5f, "
               "dphi %.4f\n", it + 1, sel, turn * 180 / M_PI,
               to_diagonal(a[0], a[1]) * 180 / M_PI, tr->rmse[it], tr->dphi[it]);
    }
}

/* Per trial: the share of the neurons whose distance to the nearest
 * diagonal is smaller after the three iterations than before (a neuron
 * that never fires does not move and counts as not moving towards one),
 * and the mean change of that distance in degrees. */
static void towards(const traj *tr, double *share, double *change)
{
    size_t n = 0;
    double c = 0;
    for (size_t i = 0; i < HIDDEN; i++) {
        double d0 = to_diagonal(tr->p[0][i][0], tr->p[0][i][1]);
        double d3 = to_diagonal(tr->p[ITERS][i][0], tr->p[ITERS][i][1]);
        n += d3 < d0;
        c += (d3 - d0) * 180 / M_PI;
    }
    *share = (double)n / HIDDEN;
    *change = c / HIDDEN;
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t side = cfg.quick ? QUICK_GRID : GRID, ng = side * side, n = cfg.reps;
    enum { NE = FA_ARRAY_LEN(ETAS) };
    cfg_param(&cfg, "network", "%d rate LIF neurons, trial t of sse19-fig5 (seed %llu); "
              "the figure: trial 0", HIDDEN, (unsigned long long)cfg.seed);
    cfg_param(&cfg, "samples", "%d", SAMPLES);
    cfg_param(&cfg, "rule", "FA, one full-batch step per iteration, then p <- p/|p|");
    cfg_param(&cfg, "eta", "%g (the population also at 10, 30, 300)", ETA);
    cfg_param(&cfg, "grid", "%zu x %zu over [-1, 1]^2, NaN outside the unit disk", side, side);

    /* the figure: trial 0 at ETA, its widest-firing neuron */
    float *fields = fa_malloc(ITERS * HIDDEN * ng * 3 * sizeof *fields);
    mat G = mat_alloc(ng, 2);
    lif_square_grid(side, G);
    traj *tr = fa_malloc(sizeof *tr);
    iterate(&cfg, 0, ETA, side, tr, fields);
    size_t sel = widest(fields, G);
    cfg_param(&cfg, "neuron", "%zu (e = %+g): of trial 0, the one firing on the largest share "
              "of the disk before any step (a rule fixed in advance)", sel, tr->e[sel]);
    write_figure(&cfg, tr, fields, G, sel);

    /* the population: every trial at every step size */
    double *share = fa_malloc(NE * n * sizeof *share), *change = fa_malloc(NE * n * sizeof *change);
    double *ratio = fa_malloc(ITERS * n * sizeof *ratio);   /* at ETA */
    for (size_t k = 0; k < NE; k++)
        for (size_t t = 0; t < n; t++) {
            iterate(&cfg, t, ETAS[k], side, tr, NULL);
            towards(tr, &share[k * n + t], &change[k * n + t]);
            if (ETAS[k] == ETA)
                for (int it = 0; it < ITERS; it++)
                    ratio[it * n + t] = tr->err_ratio[it];
        }
    out_file *o = out_open(&cfg, "sse19-fig3-population.tsv",
                           "eta\ttrials\tneurons\tshare_towards\tshare_low\tshare_high\t"
                           "change_deg\tchange_low\tchange_high");
    for (size_t k = 0; k < NE; k++) {
        ci95 s = ci95_of(share + k * n, n), c = ci95_of(change + k * n, n);
        out_printf(o, "%g\t%zu\t%d\t%.4f\t%.4f\t%.4f\t%.3f\t%.3f\t%.3f\n", ETAS[k], n, HIDDEN,
                   s.mean, s.lo, s.hi, c.mean, c.lo, c.hi);
    }

    claims cl = {0};
    claim *c = claims_begin(&cl, "errors-on-diagonals",
                            "the network makes its largest errors on the diagonals: mean "
                            "|y - t| nearer a diagonal / nearer an axis, before each iteration "
                            "(sec. 'Visualizing feedback alignment', Fig. 3 centre)", "");
    for (int it = 0; it < ITERS; it++) {
        char lab[16];
        snprintf(lab, sizeof lab, "iter. %d", it + 1);
        claim_part_vs_value(c, lab, ratio + (size_t)it * n, n, 1, CLAIM_ABOVE);
    }
    /* 1/2: what neurons turning at random would give */
    size_t k0 = 0;
    while (ETAS[k0] != ETA)
        k0++;
    c = claims_vs_value(&cl, "neurons-to-diagonal",
                        "FA moves preferred directions towards the inputs with the largest "
                        "errors, i.e. towards a diagonal: share of the 20 neurons nearer a "
                        "diagonal after the 3 iterations than before (Fig. 3, 4)",
                        share + k0 * n, n, 0.5, CLAIM_ABOVE, "");
    claim_note(c, " | other step sizes:");
    for (size_t k = 0, first = 1; k < NE; k++)
        if (k != k0) {
            ci95 s = ci95_of(share + k * n, n);
            ci95 d = {s.mean - 0.5, s.lo - 0.5, s.hi - 0.5, s.n};
            claim_note(c, "%s eta %g %.2f [%.2f, %.2f] %s", first ? "" : ";", ETAS[k], s.mean,
                       s.lo, s.hi, verdict_word(verdict_side(d, CLAIM_ABOVE)));
            first = 0;
        }
    claims_write(&cl, &cfg);
    out_commit_all();

    free(fields), free(tr), free(share), free(change), free(ratio);
    mat_free(&G);
    return 0;
}
