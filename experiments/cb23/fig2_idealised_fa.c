/* cb23-fig2 — idealised FA dynamics of the hidden states: residual, gradient, norm, angle
 *
 * cb23 sec. 2.2, eq. 10-11, Fig. 2. The hidden states H (n x m) move freely
 * under FA's feedback, dH/dt = -B(W_O H - Y), in first-order steps
 * H <- H - mu (H W - Y) B (dyn.h), with W fixed. Per step the figure shows
 *   1. the direct MSE mean((H W - Y)^2) and the residual of the best linear
 *      readout of Y from H,
 *   2. the norm of the regression gradient dL_R/dH (eq. 11),
 *   3. the mean norm of the rows H_i,
 *   4. the angle between the FA update and the regression's descent
 *      direction -dL_R/dH, with the FA signal at the current H (the paper's
 *      definition) and, dashed, frozen at t = 0 (the authors' notebook).
 * Bands: mean +- SEM over repetitions (one draw of B each).
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "dyn.h"
#include "curves.h"

static const fig_info info = {
    .id = "cb23-fig2",
    .paper = "cb23: Cheng & Brown (2023), Fig. 2",
    .title = "idealised FA dynamics of the hidden states",
    .source = __FILE__,
    .reps = 10,          /* authors' notebook: 10 repeats */
    .quick_reps = 3,
    .reps_help = "one draw of the feedback row B (H0, Y and W are shared)",
};

enum {
    N = 1000,    /* paper sec. 2.2 and notebook (fig.2.theory) */
    M = 6,       /* paper: m = 6, p = 1 */
    STEPS = 20,  /* authors' notebook: 20 steps */
};
#define MU 0.2   /* authors' notebook: H <- H - 0.2 (HW - Y) B */

typedef struct job { const run_config *cfg; const double *H0, *Y, *W; double *out; } job;

static void run_rep(size_t rep, void *ctx)
{
    job *jb = ctx;
    gsl_rng *r = rng_stream(jb->cfg->seed, rep, 1);
    dyn_run(jb->out + rep * (STEPS + 1) * D_COUNT, DYN_FA, jb->H0, jb->Y, jb->W, N, M, STEPS,
            MU, 0, r);
    rng_free(r);
}

static void rep_io(size_t rep, void *ctx, par_io *io)
{
    par_io_block(io, ((job *)ctx)->out, rep, (STEPS + 1) * D_COUNT, sizeof(double));
}

static double at(const double *out, size_t rep, size_t t, dyn_col c)
{
    return out[(rep * (STEPS + 1) + t) * D_COUNT + c];
}

static void check_claims(const double *out, const double *mean, size_t reps, claims *cl)
{
    size_t mono = 0, rising = 0;
    for (size_t r = 0; r < reps; r++) {
        int ok = 1;
        for (size_t t = 0; t < STEPS; t++)
            ok &= at(out, r, t + 1, D_RESID) <= at(out, r, t, D_RESID);
        mono += (size_t)ok;
        rising += at(out, r, STEPS, D_DIRECT) > at(out, r, 0, D_DIRECT);
    }
#define MEAN(t, c) mean[(t) * D_COUNT + (c)]
    claims_add(cl, "resid-monotone",
               "the regression residual between H and Y decreases monotonically (sec. 2.2, Fig. 2)",
               "non-increasing at every step, in every repetition", mono == reps,
               "%zu of %zu repetitions", mono, reps);
    double frac = MEAN(STEPS, D_RESID) / MEAN(0, D_RESID);
    claims_add(cl, "resid-near-zero", "it converges to near zero (sec. 2.2)",
               "final mean residual < 5 % of the initial", frac < 0.05,
               "%.4f -> %.5f (%.2f %%)", MEAN(0, D_RESID), MEAN(STEPS, D_RESID), 100 * frac);
    claims_add(cl, "direct-need-not-fall",
               "the direct MSE (W_O H - Y)^2 need not fall while the residual does (Fig. 2, orange)",
               "final > initial direct MSE in at least one repetition", rising >= 1,
               "%zu of %zu repetitions", rising, reps);
    size_t tmin = 0;
    double amax = 0;
    for (size_t t = 1; t <= STEPS; t++) {
        if (MEAN(t, D_ANGLE) < MEAN(tmin, D_ANGLE))
            tmin = t;
        amax = fmax(amax, MEAN(t, D_ANGLE));
    }
    claims_add(cl, "angle-starts-near-90", "the angle starts around 90° (sec. 2.2)",
               "|mean angle at t = 0 - 90°| < 15°", fabs(MEAN(0, D_ANGLE) - 90) < 15,
               "%.1f°", MEAN(0, D_ANGLE));
    claims_add(cl, "angle-drops", "it quickly drops to a much lower level (sec. 2.2)",
               "minimum of the mean angle < 60°", MEAN(tmin, D_ANGLE) < 60,
               "%.1f° at step %zu", MEAN(tmin, D_ANGLE), tmin);
    claims_add(cl, "angle-relaxes", "then gradually recovers towards 90° (sec. 2.2)",
               "final mean angle > minimum + 10°",
               MEAN(STEPS, D_ANGLE) > MEAN(tmin, D_ANGLE) + 10, "%.1f° at step %d",
               MEAN(STEPS, D_ANGLE), STEPS);
    claims_add(cl, "angle-below-90", "... while staying below 90° (sec. 2.2)",
               "mean angle < 90° at every step t >= 1", amax < 90, "largest %.1f°", amax);
    double gmax = 0;
    for (size_t t = 0; t <= STEPS; t++)
        gmax = fmax(gmax, MEAN(t, D_GNORM));
    claims_add(cl, "gradient-converges",
               "the norm of dL_R/dH converges as the angle recovers (sec. 2.2, Fig. 2 col. 2)",
               "final mean norm < 20 % of its peak", MEAN(STEPS, D_GNORM) < 0.2 * gmax,
               "peak %.3f, final %.4f", gmax, MEAN(STEPS, D_GNORM));
#undef MEAN
}

int main(int argc, char **argv)
{
    run_config cfg;
    cli_parse(argc, argv, &info, NULL, 0, &cfg);
    cfg_param(&cfg, "n", "%d samples", N);
    cfg_param(&cfg, "m", "%d hidden units, p = 1 output", M);
    cfg_param(&cfg, "steps", "%d, H <- H - %g (H W - Y) B", STEPS, MU);
    cfg_param(&cfg, "init", "H0, Y ~ U(-0.5, 0.5), W ~ N(0, 1)/m shared; B ~ N(0, 1) per rep");
    cfg_param(&cfg, "angle", "S_t vs dL_R/dH_t (current signal); angle0: S_0 (authors' notebook)");

    double *H0 = fa_malloc(N * M * sizeof *H0), *Y = fa_malloc(N * sizeof *Y), W[M];
    dyn_start(H0, Y, W, N, M, cfg.seed);
    double *out = fa_malloc(cfg.reps * (STEPS + 1) * D_COUNT * sizeof *out);
    job jb = {&cfg, H0, Y, W, out};
    par_jobs(cfg.reps, cfg.threads, run_rep, rep_io, &jb);

    double mean[(STEPS + 1) * D_COUNT], sem[(STEPS + 1) * D_COUNT];
    stats_across_reps(out, cfg.reps, (STEPS + 1) * D_COUNT, mean, sem);
    const int cols[] = {D_DIRECT, D_RESID, D_GNORM, D_HNORM, D_ANGLE, D_ANGLE0};
    out_file *o = series_open(&cfg, "cb23-fig2-dynamics.tsv");
    curves_write(o, "FA", NULL, out, cfg.reps, STEPS + 1, D_COUNT, dyn_col_name, cols,
                 FA_ARRAY_LEN(cols));

    claims cl = {0};
    check_claims(out, mean, cfg.reps, &cl);
    claims_write(&cl, &cfg);
    out_commit_all();
    free(H0), free(Y), free(out);
    return 0;
}
