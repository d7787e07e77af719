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
 * The neuron shown is the one whose preferred direction the first
 * iteration moves most.
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
    .reps = 1,            /* one network: trial 0 of sse19-fig5 */
    .quick_reps = 1,
    .reps_help = "unused (one network)",
};

enum {
    HIDDEN = 20, SAMPLES = 1000,    /* the network and data of sse19-fig5 */
    ITERS = 3,                      /* paper */
    GRID = 81, QUICK_GRID = 41,     /* grid points per axis */
};
/* One full-batch step per iteration. The paper does not give a step size;
 * ours turns p by tens of degrees so that three iterations show the
 * movement (sse19-fig5 takes a thousand smaller steps). */
static const double ETA = 100;
static const double RCOND = 1e-2;   /* as sse19-fig5 */

/* Angular distance (radians) of (p1, p2) to the nearest diagonal. */
static double to_diagonal(double p1, double p2)
{
    float v[2] = {(float)p1, (float)p2};
    mat m = {2, 1, 1, v};
    return lif_dphi(m);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t side = cfg.quick ? QUICK_GRID : GRID, ng = side * side;
    cfg_param(&cfg, "network", "%d rate LIF neurons, trial 0 of sse19-fig5 (seed %llu)",
              HIDDEN, (unsigned long long)cfg.seed);
    cfg_param(&cfg, "samples", "%d", SAMPLES);
    cfg_param(&cfg, "rule", "FA, one full-batch step per iteration, then p <- p/|p|");
    cfg_param(&cfg, "eta", "%g", ETA);
    cfg_param(&cfg, "grid", "%zu x %zu over [-1, 1]^2, NaN outside the unit disk", side, side);

    lif_net net = lif_net_alloc(2, HIDDEN, 1);
    gsl_rng *r = rng_stream(cfg.seed, 0, 0);
    lif_nef_init(&net, r);
    rng_free(r);
    mat X = mat_alloc(SAMPLES, 2), T = mat_alloc(SAMPLES, 1), none = {0};
    r = rng_stream(cfg.seed, 0, 1);
    lif_product_data(r, X, T);
    rng_free(r);
    lif_train_cfg tc = {NORM_FORCED, FB_FA, ETA, SAMPLES, 0, RCOND, DERIV_CAPPED};
    lif_work w = lif_work_alloc(&net, SAMPLES, SAMPLES, 0);

    mat G = mat_alloc(ng, 2), Tg = mat_alloc(ng, 1), Jg = mat_alloc(ng, HIDDEN);
    mat Ag = mat_alloc(ng, HIDDEN), Yg = mat_alloc(ng, 1), P0 = mat_alloc(2, HIDDEN);
    lif_square_grid(side, G);
    for (size_t g = 0; g < ng; g++)
        *mat_at(Tg, g, 0) = *mat_at(G, g, 0) * *mat_at(G, g, 1);
    /* fields[it][neuron][g][0..2]: rate, projected error, times G' */
    float *fields = fa_malloc(ITERS * HIDDEN * ng * 3 * sizeof *fields);
    double p[ITERS + 1][HIDDEN][2], rmse[ITERS], dphi[ITERS], err_ratio[ITERS];
    for (int it = 0; it < ITERS; it++) {
        lif_stats s = lif_fit(&net, &tc, X, T, none, NULL, &w);
        rmse[it] = s.rmse;
        dphi[it] = s.dphi;
        lif_forward(&net, tc.norm, G, Jg, Ag);
        lif_decode(&net, Ag, Yg);
        err_ratio[it] = lif_diagonal_error_ratio(&net, tc.norm, side);
        for (size_t g = 0; g < ng; g++) {
            double err = (double)*mat_at(Yg, g, 0) - *mat_at(Tg, g, 0);
            for (size_t i = 0; i < HIDDEN; i++) {
                float *f = fields + ((it * HIDDEN + i) * ng + g) * 3;
                double proj = *mat_at(net.E, i, 0) * err;
                f[0] = *mat_at(Ag, g, i);
                f[1] = (float)proj;
                f[2] = (float)(proj * lif_rate_deriv(*mat_at(Jg, g, i)));
            }
        }
        mat_copy(P0, net.P);
        for (size_t i = 0; i < HIDDEN; i++)
            p[it][i][0] = *mat_at(P0, 0, i), p[it][i][1] = *mat_at(P0, 1, i);
        lif_step(&net, &tc, X, T, &w);
    }
    for (size_t i = 0; i < HIDDEN; i++)
        p[ITERS][i][0] = *mat_at(net.P, 0, i), p[ITERS][i][1] = *mat_at(net.P, 1, i);

    size_t sel = 0;   /* the neuron the first iteration moves most */
    double best = -1;
    for (size_t i = 0; i < HIDDEN; i++) {
        double m = hypot(p[1][i][0] - p[0][i][0], p[1][i][1] - p[0][i][1]);
        if (m > best)
            best = m, sel = i;
    }
    cfg_param(&cfg, "neuron", "%zu (e = %+g)", sel, *mat_at(net.E, sel, 0));

    out_file *of = out_open(&cfg, "sse19-fig3-fields.tsv",
                            "iteration\tx1\tx2\trate\tproj_err\tproj_err_fprime");
    for (int it = 0; it < ITERS; it++) {
        if (it)
            out_printf(of, "\n\n");   /* one gnuplot data block per iteration */
        for (size_t g = 0; g < ng; g++) {
            double x1 = *mat_at(G, g, 0), x2 = *mat_at(G, g, 1);
            const float *f = fields + ((it * HIDDEN + sel) * ng + g) * 3;
            if (x1 * x1 + x2 * x2 <= 1)
                out_printf(of, "%d\t%.4f\t%.4f\t%.6g\t%.6g\t%.6g\n", it + 1, x1, x2, f[0], f[1],
                           f[2]);
            else
                out_printf(of, "%d\t%.4f\t%.4f\tNaN\tNaN\tNaN\n", it + 1, x1, x2);
        }
    }
    out_file *op = out_open(&cfg, "sse19-fig3-p.tsv",
                            "iteration\tp1\tp2\tdp1\tdp2\tturn_deg\tto_diagonal_deg\trmse\t"
                            "dphi_all\terr_diag_over_axes");
    for (int it = 0; it < ITERS; it++) {
        const double *a = p[it][sel], *b = p[it + 1][sel];
        double turn = acos(fmin(1, (a[0] * b[0] + a[1] * b[1]) / hypot(a[0], a[1]) /
                                       hypot(b[0], b[1])));
        out_printf(op, "%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.3f\t%.3f\t%.6f\t%.6f\t%.4f\n", it + 1,
                   a[0], a[1], b[0] - a[0], b[1] - a[1], turn * 180 / M_PI,
                   to_diagonal(a[0], a[1]) * 180 / M_PI, rmse[it], dphi[it], err_ratio[it]);
        printf("iteration %d: neuron %zu turns %.1f°, %.1f° from a diagonal; rmse %.5f, "
               "dphi %.4f\n", it + 1, sel, turn * 180 / M_PI,
               to_diagonal(a[0], a[1]) * 180 / M_PI, rmse[it], dphi[it]);
    }

    claims cl = {0};
    double lo = fmin(err_ratio[0], fmin(err_ratio[1], err_ratio[2]));
    claims_add(&cl, "errors-on-diagonals",
               "the network makes its largest errors on the diagonals (sec. 'Visualizing "
               "feedback alignment', Fig. 3 centre)",
               "mean |y - t| nearer a diagonal than an axis > that nearer an axis, every "
               "iteration", lo > 1, "ratio %.2f, %.2f, %.2f", err_ratio[0], err_ratio[1],
               err_ratio[2]);
    double d0 = to_diagonal(p[0][sel][0], p[0][sel][1]) * 180 / M_PI;
    double d3 = to_diagonal(p[ITERS][sel][0], p[ITERS][sel][1]) * 180 / M_PI;
    claims_add(&cl, "neuron-to-diagonal",
               "FA moves the neuron's preferred direction towards the inputs with the largest "
               "errors, i.e. towards a diagonal (Fig. 3, 4)",
               "distance of p to the nearest diagonal decreases over the 3 iterations", d3 < d0,
               "%.1f° -> %.1f°", d0, d3);
    claims_write(&cl, &cfg);
    out_commit_all();

    free(fields);
    mat *m[] = {&X, &T, &G, &Tg, &Jg, &Ag, &Yg, &P0};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
    lif_work_free(&w);
    lif_net_free(&net);
    return 0;
}
