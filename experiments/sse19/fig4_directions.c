/* sse19-fig4 — FA moves the preferred directions to the diagonals
 *
 * sse19 "Visualizing feedback alignment", Fig. 4. The network and training
 * of sse19-fig5 with FA and forced normalisation (the p_i stay unit vectors,
 * as in the NEF): the preferred directions of all 20 hidden neurons before,
 * during and after 100 epochs on y = x1 x2, with Delta phi, the mean angular
 * distance of the p_i to the nearest diagonal (uniformly random directions
 * give pi/8). Also, over all trials: the distribution of the directions at
 * the start and at the end, the median Delta phi per epoch, and whether the
 * network's errors are largest on the diagonals, where FA sends the p_i.
 */
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "lif_runs.h"

static const fig_info info = {
    .id = "sse19-fig4",
    .paper = "sse19: Stöckel, Stewart & Eliasmith (CogSci 2019), Fig. 4",
    .title = "FA moves the preferred directions to the diagonals",
    .source = __FILE__,
    .reps = 50,           /* the paper shows one network; our choice */
    .quick_reps = 6,
    .reps_help = "one trial: a fresh network and data set",
};

/* As sse19-fig5 (see there for the sources). */
enum { HIDDEN = 20, SAMPLES = 1000, EPOCHS = 100, BATCH = 100, SNAPS = 3, GRID = 81 };
static const double ETA = 10, RCOND = 1e-2;
static const size_t snap_epoch[SNAPS] = {0, 50, 100};   /* before, during, after */
static const lif_cond cond = {FB_FA, NORM_FORCED};

typedef struct snaps {
    size_t trials;
    float *p;          /* [trial][snap][neuron][2] */
    float *active;     /* [trial][snap][neuron]: fraction of the disk where it fires */
    double *err_ratio; /* [trial][snap]: mean |y - t| nearer the diagonals / nearer the axes */
} snaps;

/* Fraction of the grid points in the unit disk at which each neuron fires. */
static void active_fraction(const lif_net *net, float *frac)
{
    size_t ng = GRID * GRID, in = 0;
    mat G = mat_alloc(ng, 2), A = mat_alloc(ng, net->n);
    lif_square_grid(GRID, G);
    lif_forward(net, cond.norm, G, A, A);
    for (size_t i = 0; i < net->n; i++)
        frac[i] = 0;
    for (size_t g = 0; g < ng; g++) {
        float x1 = *mat_at(G, g, 0), x2 = *mat_at(G, g, 1);
        if (x1 * x1 + x2 * x2 > 1)
            continue;
        in++;
        for (size_t i = 0; i < net->n; i++)
            frac[i] += *mat_at(A, g, i) > 0;
    }
    for (size_t i = 0; i < net->n; i++)
        frac[i] /= (float)in;
    mat_free(&G), mat_free(&A);
}

static void hook(size_t c, size_t trial, size_t epoch, const lif_net *net, void *ctx)
{
    (void)c;
    snaps *s = ctx;
    for (size_t k = 0; k < SNAPS; k++)
        if (snap_epoch[k] == epoch) {
            float *dst = s->p + (trial * SNAPS + k) * HIDDEN * 2;
            for (size_t i = 0; i < HIDDEN; i++)
                dst[2 * i] = *mat_at(net->P, 0, i), dst[2 * i + 1] = *mat_at(net->P, 1, i);
            s->err_ratio[trial * SNAPS + k] = lif_diagonal_error_ratio(net, cond.norm, GRID);
            active_fraction(net, s->active + (trial * SNAPS + k) * HIDDEN);
        }
}

/* The snapshots of trial i (one condition: run i is trial i). */
static void hook_io(size_t i, void *ctx, par_io *io)
{
    snaps *s = ctx;
    par_io_block(io, s->p, i, SNAPS * HIDDEN * 2, sizeof *s->p);
    par_io_block(io, s->active, i, SNAPS * HIDDEN, sizeof *s->active);
    par_io_block(io, s->err_ratio, i, SNAPS, sizeof *s->err_ratio);
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    cfg_param(&cfg, "hidden", "%d rate LIF neurons", HIDDEN);
    cfg_param(&cfg, "samples", "%d per trial", SAMPLES);
    cfg_param(&cfg, "rule", "FA, p renormalised after every step");
    cfg_param(&cfg, "epochs", "%d, batch %d, eta %g, rcond %g", EPOCHS, BATCH, ETA, RCOND);
    cfg_param(&cfg, "snapshots", "epochs %zu, %zu, %zu", snap_epoch[0], snap_epoch[1],
              snap_epoch[2]);

    snaps s = {cfg.reps, fa_malloc(cfg.reps * SNAPS * HIDDEN * 2 * sizeof(float)),
               fa_malloc(cfg.reps * SNAPS * HIDDEN * sizeof(float)),
               fa_malloc(cfg.reps * SNAPS * sizeof(double))};
    lif_train_cfg tc = {.eta = ETA, .batch = BATCH, .epochs = EPOCHS, .rcond = RCOND};
    lif_experiment ex = {.cfg = &cfg, .d = 2, .n = HIDDEN, .k = 1, .train = tc,
                         .conds = &cond, .nconds = 1, .samples = SAMPLES, .hook = hook,
                         .hook_ctx = &s, .hook_io = hook_io};
    lif_run(&ex);

    out_file *od = out_open(&cfg, "sse19-fig4-directions.tsv",
                            "epoch\ttrial\tneuron\tp1\tp2\tangle_deg\tto_diagonal_deg\t"
                            "active_frac");
    for (size_t k = 0; k < SNAPS; k++)
        for (size_t t = 0; t < cfg.reps; t++)
            for (size_t i = 0; i < HIDDEN; i++) {
                float *v = s.p + ((t * SNAPS + k) * HIDDEN + i) * 2;
                mat m = {2, 1, 1, v};
                out_printf(od, "%zu\t%zu\t%zu\t%.6f\t%.6f\t%.3f\t%.3f\t%.4f\n", snap_epoch[k], t,
                           i, v[0], v[1], atan2(v[1], v[0]) * 180 / M_PI,
                           lif_dphi(m) * 180 / M_PI, s.active[(t * SNAPS + k) * HIDDEN + i]);
            }
    lif_quantity qs[] = {Q_DPHI, Q_RMSE};
    lif_write_curves(&ex, "sse19-fig4-dphi.tsv", qs, FA_ARRAY_LEN(qs));

    /* Per trial (n = the trials): Delta phi before and after training, and
     * the error ratio of the untrained network. */
    claims cl = {0};
    size_t n = cfg.reps;
    double *d0 = fa_malloc(n * sizeof *d0), *d1 = fa_malloc(n * sizeof *d1);
    double *r0 = fa_malloc(n * sizeof *r0);
    for (size_t t = 0; t < n; t++) {
        d0[t] = lif_stat(&ex, 0, t, 0)->dphi;
        d1[t] = lif_stat(&ex, 0, t, EPOCHS)->dphi;
        r0[t] = s.err_ratio[t * SNAPS];
    }
    /* the NEF initialisation draws isotropic directions: pi/8 on average by
     * construction (rule 3), so this is a sanity check */
    ci95 c0 = ci95_of(d0, n);
    claims_sanity(&cl, "random-start",
                  "before training the preferred directions are randomly distributed (Fig. 4)",
                  "mean Delta phi at epoch 0 within 10 % of pi/8 = 0.393",
                  fabs(c0.mean - M_PI / 8) < 0.1 * M_PI / 8, "%.4f rad (n = %zu)", c0.mean, n);
    claims_paired(&cl, "moves-to-diagonals",
                  "as FA continues, the preferred directions move towards the diagonals: "
                  "Delta phi after 100 epochs against before (Fig. 4)",
                  d1, d0, n, CLAIM_BELOW, " rad");
    /* pi/16, half the random value: our a-priori reading of "aligned along
     * the diagonals" (the paper shows one network and gives no number) */
    claims_vs_value(&cl, "aligned-with-diagonals",
                    "after training the preferred directions are aligned along the diagonals: "
                    "Delta phi after 100 epochs below pi/16, half the random value (Fig. 4)",
                    d1, n, M_PI / 16, CLAIM_BELOW, " rad");
    claims_vs_value(&cl, "errors-on-diagonals",
                    "the network makes its largest errors on the diagonals, which is where FA "
                    "moves the p_i: mean |y - t| nearer the diagonals / nearer the axes, "
                    "epoch 0 (sec. 'Visualizing feedback alignment')",
                    r0, n, 1, CLAIM_ABOVE, "");
    claims_write(&cl, &cfg);
    out_commit_all();
    free(d0), free(d1), free(r0);
    free(s.p), free(s.active), free(s.err_ratio);
    lif_experiment_free(&ex);
    return 0;
}
