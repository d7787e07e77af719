/* sse19-fig2 — tuning curves of two LIF neurons over the unit disk
 *
 * sse19 "A new geometric interpretation", Fig. 2. A neuron's rate is
 * a(x) = G(<w, x> + beta) with the LIF rate curve G (lif_net.h); writing
 * w = alpha p with ||p|| = 1 splits the input weights into a gain alpha
 * (the steepness of the tuning curve) and a preferred direction p (where it
 * points), while the bias beta shifts it along p. The two example neurons
 * of the caption, w_1 = [1, -1] and w_2 = [3, 4], with biases of opposite
 * sign, are evaluated on a grid over the unit disk.
 */
#include <gsl/gsl_math.h>
#include <math.h>

#include "core.h"
#include "lif_net.h"

static const fig_info info = {
    .id = "sse19-fig2",
    .paper = "sse19: Stöckel, Stewart & Eliasmith (CogSci 2019), Fig. 2",
    .title = "tuning curves of two LIF neurons over the unit disk",
    .source = __FILE__,
    .reps = 1,            /* deterministic: nothing is random */
    .quick_reps = 1,
    .reps_help = "unused (the figure is deterministic)",
};

enum { NEURONS = 2, GRID = 101, QUICK_GRID = 41 };   /* grid points per axis */
static const double W[NEURONS][2] = {{1, -1}, {3, 4}};   /* caption */
/* Caption: beta_1 > 0, beta_2 of the other sign; values are our choice. With
 * the LIF threshold at J = 1, neuron 1 fires at the origin and starts firing
 * at <p_1, x> = (1 - beta_1)/alpha_1 = -0.35; neuron 2 starts at 0.4. */
static const double BETA[NEURONS] = {1.5, -1.0};

static double rate(int i, double x1, double x2)
{
    return lif_rate(W[i][0] * x1 + W[i][1] * x2 + BETA[i]);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    size_t grid = cfg.quick ? QUICK_GRID : GRID;
    double alpha[NEURONS], p[NEURONS][2], onset[NEURONS], full[NEURONS];
    for (int i = 0; i < NEURONS; i++) {
        alpha[i] = hypot(W[i][0], W[i][1]);
        p[i][0] = W[i][0] / alpha[i], p[i][1] = W[i][1] / alpha[i];
        onset[i] = (1 - BETA[i]) / alpha[i];   /* <p, x> where firing starts */
        full[i] = 1;                           /* the disk's edge along p: the largest rate */
        cfg_param(&cfg, i ? "neuron2" : "neuron1", "w = [%g, %g], beta = %g", W[i][0],
                  W[i][1], BETA[i]);
    }
    cfg_param(&cfg, "grid", "%zu x %zu over [-1, 1]^2, NaN outside the unit disk", grid, grid);

    out_file *o = out_open(&cfg, "sse19-fig2-neurons.tsv",
                           "neuron\tw1\tw2\tbeta\talpha\tp1\tp2\tonset\tmax_rate");
    for (int i = 0; i < NEURONS; i++)
        out_printf(o, "%d\t%g\t%g\t%g\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\n", i + 1, W[i][0], W[i][1],
                   BETA[i], alpha[i], p[i][0], p[i][1], onset[i],
                   rate(i, p[i][0], p[i][1]));
    out_file *g = out_open(&cfg, "sse19-fig2-grid.tsv", "x1\tx2\trate1\trate2");
    /* the rate's gradient must point along p wherever the neuron fires */
    double worst = 0, h = 1e-6;
    mat X = mat_alloc(grid * grid, 2);
    lif_square_grid(grid, X);
    for (size_t r = 0; r < X.rows; r++) {
        double x1 = *mat_at(X, r, 0), x2 = *mat_at(X, r, 1);
        int in = x1 * x1 + x2 * x2 <= 1;
        out_printf(g, "%.4f\t%.4f", x1, x2);
        for (int i = 0; i < NEURONS; i++) {
            out_printf(g, "\t%.6g", in ? rate(i, x1, x2) : NAN);
            /* away from the threshold, where G' is finite on both sides */
            if (!in || W[i][0] * x1 + W[i][1] * x2 + BETA[i] < 1 + 1e-4)
                continue;
            double g1 = (rate(i, x1 + h, x2) - rate(i, x1 - h, x2)) / (2 * h);
            double g2 = (rate(i, x1, x2 + h) - rate(i, x1, x2 - h)) / (2 * h);
            double c = (g1 * p[i][0] + g2 * p[i][1]) / hypot(g1, g2);
            worst = fmax(worst, acos(fmin(1, c)) * 180 / M_PI);
        }
        out_printf(g, "\n");
    }
    mat_free(&X);

    /* All four hold by construction (the caption's numbers and our biases
     * put into the rate formula): sanity checks, shown and not counted
     * (paper/README.md, rule 3). This figure has no claim that could fail. */
    claims cl = {0};
    claims_sanity(&cl, "decomposition",
                  "w_1 = [1, -1], w_2 = [3, 4] give p_1 = [1, -1]/sqrt 2, p_2 = [3/5, 4/5], "
                  "alpha_1 = sqrt 2, alpha_2 = 5 (Fig. 2 caption)",
                  "agree to 1e-12",
                  fabs(alpha[0] - M_SQRT2) < 1e-12 && fabs(alpha[1] - 5) < 1e-12 &&
                      fabs(p[0][0] - M_SQRT1_2) < 1e-12 && fabs(p[0][1] + M_SQRT1_2) < 1e-12 &&
                      fabs(p[1][0] - 0.6) < 1e-12 && fabs(p[1][1] - 0.8) < 1e-12,
                  "alpha = %.6f, %.6f; p_1 = [%.6f, %.6f], p_2 = [%.6f, %.6f]", alpha[0],
                  alpha[1], p[0][0], p[0][1], p[1][0], p[1][1]);
    claims_sanity(&cl, "points-along-p",
                  "p sets the direction of the tuning curve: the rate changes only along p "
                  "(sec. 'A new geometric interpretation')",
                  "rate gradient within 0.01° of p wherever the neuron fires", worst < 0.01,
                  "largest angle %.2g°", worst);
    double width[NEURONS] = {full[0] - onset[0], full[1] - onset[1]};
    claims_sanity(&cl, "gain-steepness",
                  "the larger gain makes neuron 2 go from silent to its highest rate over a much "
                  "shorter distance (Fig. 2 caption)",
                  "onset-to-edge distance along p: neuron 2 < 1/2 of neuron 1",
                  width[1] < 0.5 * width[0], "%.3f (neuron 2) vs %.3f (neuron 1)", width[1],
                  width[0]);
    claims_sanity(&cl, "bias-shift",
                  "the bias shifts the tuning curve along p: positive beta_1 fires at the origin, "
                  "negative beta_2 does not (Fig. 2 caption)",
                  "onset < 0 for neuron 1, > 0 for neuron 2", onset[0] < 0 && onset[1] > 0,
                  "onsets at <p, x> = %.3f and %.3f", onset[0], onset[1]);
    claims_write(&cl, &cfg);
    out_commit_all();
    return 0;
}
