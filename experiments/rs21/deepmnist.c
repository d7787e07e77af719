/* deepmnist.c — one training run of rs21's deep MNIST network (dm_run) and
 * the runs of a figure in parallel. What a run measures is in
 * deepmnist_measure.c and deepmnist_terms.c (deepmnist_observe.h). */
#include "deepmnist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "deepmnist_observe.h"
#include "kernels.h"
#include "par.h"
#include "rng.h"
#include "util.h"

dm_setup dm_setup_rs21(const char *name, size_t width, feedback fb, double eta, size_t epochs)
{
    return (dm_setup){.name = name, .width = width, .nhot = width / 10, .fb = fb, .bias = 1,
                      .eta = eta, .init_sd = DM_INIT_SD, .epochs = epochs};
}

void dm_setup_wn(dm_setup *s, dm_wn wn, double gamma, int norm_b)
{
    s->wn = wn;
    s->gamma = gamma;
    s->norm_b = norm_b;
}

static void scale_to(mat a, double norm) { mat_scale(a, (float)(norm / mat_norm(a))); }

/* Weight normalisation of W (every step), and of B once at init when asked. */
static void normalise(net *nt, const dm_setup *s, int init)
{
    for (size_t l = 0; l < nt->depth; l++) {
        mat W = nt->W[l], B = nt->B[l];
        int do_b = init && s->norm_b && B.v;
        if (s->wn == DM_WN_NEURON) {
            colnorm_f32(W.rows, W.cols, W.v, W.ld, s->gamma);
            if (do_b)
                colnorm_f32(B.rows, B.cols, B.v, B.ld, s->gamma);
        } else if (s->wn == DM_WN_LAYER) {
            scale_to(W, s->gamma);
            if (do_b)
                scale_to(B, s->gamma);
        }
    }
}

static double test_accuracy(const net *nt, const dm_data *d, mat codes, net_fwd *f)
{
    double right = 0;
    for (size_t b = 0; b < d->ntest / DM_BATCH; b++) {
        net_forward(nt, mat_rows(d->Xtest, b * DM_BATCH, DM_BATCH), f);
        right += DM_BATCH * nhot_accuracy(codes, f->L[nt->depth], d->ytest + b * DM_BATCH);
    }
    return right / (double)d->ntest;
}

static void check_finite(const net *nt, const dm_setup *s, size_t rep, size_t epoch, size_t k)
{
    for (size_t l = 0; l < nt->depth; l++) {
        if (!mat_finite(nt->W[l]))
            fa_die("%s, rep %zu: epoch %zu, iteration %zu: weights W_%zu became NaN/Inf",
                   s->name, rep, epoch, k, l);
        if (nt->b[l + 1].v && !mat_finite(nt->b[l + 1]))
            fa_die("%s, rep %zu: epoch %zu, iteration %zu: bias b_%zu became NaN/Inf",
                   s->name, rep, epoch, k, l + 1);
        if (nt->B[l].v && !mat_finite(nt->B[l]))
            fa_die("%s, rep %zu: epoch %zu, iteration %zu: feedback B_%zu became NaN/Inf",
                   s->name, rep, epoch, k, l);
    }
}

/* In the order of the original single loop; each measures independently. */
static const dm_observer *const observers[] = {&dm_obs_weights, &dm_obs_dw, &dm_obs_terms,
                                               &dm_obs_trace, &dm_obs_zout, &dm_obs_shadow,
                                               &dm_obs_fresh};
enum { NOBS = FA_ARRAY_LEN(observers) };

void dm_run(dm_record *rec, const dm_setup *s, const dm_data *d, uint64_t seed,
            size_t rep, progress *prog)
{
    const size_t nb = DM_BATCH, w = s->width, per_epoch = d->ntrain / nb;
    const size_t widths[DM_DEPTH + 1] = {DM_SIDE * DM_SIDE, w, w, w, w, w};

    /* B is always drawn (after W, before b), so FA and BP runs of one
     * repetition start from the same W and b. */
    net nt = net_create(DM_DEPTH, widths, ACT_TANH_RELU, ACT_TANH_RELU, 1, s->bias);
    gsl_rng *r_init = rng_stream(seed, rep, DM_STREAM_INIT);
    gsl_rng *r_code = rng_stream(seed, rep, DM_STREAM_CODE);
    net_init_gauss(&nt, r_init, s->init_sd);
    rng_free(r_init);
    normalise(&nt, s, 1);
    mat codes = mat_alloc(DM_CLASSES, w);
    nhot_codes(r_code, s->nhot, codes);
    net_fwd f = net_fwd_alloc(&nt, nb);
    net_grad g = net_grad_alloc(&nt, nb);
    mat E = mat_alloc(nb, w), Y = mat_alloc(nb, w);

    memset(rec, 0, sizeof *rec);
    rec->epochs = s->epochs;
    rec->iters = s->epochs * per_epoch;
    rec->acc = dm_alloc_nan(s->epochs);
    rec->loss = dm_alloc_nan(s->epochs);
    dm_ctx c = {.s = s, .seed = seed, .rep = rep, .iters = rec->iters, .per_epoch = per_epoch,
                .nt = &nt, .f = &f, .g = &g, .E = E, .Y = Y};
    void *state[NOBS];
    int on[NOBS];
    for (size_t i = 0; i < NOBS; i++) {
        on[i] = observers[i]->flag ? (s->measure & observers[i]->flag) != 0 : !s->accuracy_only;
        state[i] = on[i] ? observers[i]->init(rec, &c) : NULL;
    }

    for (size_t e = 0, k = 0; e < s->epochs; e++) {
        if (s->relabel_epoch && e == s->relabel_epoch)
            nhot_codes(r_code, s->nhot, codes);
        rec->acc[e] = test_accuracy(&nt, d, codes, &f);
        double loss = 0;
        for (size_t b = 0; b < per_epoch; b++, k++) {
            net_forward(&nt, mat_rows(d->Xtrain, b * nb, nb), &f);
            dm_targets(Y, codes, d->ytrain + b * nb, s->smoothing);
            net_error(&f, Y, E);
            loss += 0.5 * mat_dot(E, E) / (double)nb;
            net_backward(&nt, &f, E, s->fb, s->eta, &g);
            c.k = k, c.epoch = e, c.batch = b;
            for (size_t i = 0; i < NOBS; i++)
                if (on[i])
                    observers[i]->step(state[i], rec, &c);
            net_apply(&nt, &g);
            normalise(&nt, s, 0);
            if (s->match_b)
                for (size_t l = 1; l < DM_DEPTH; l++)
                    scale_to(nt.B[l], mat_norm(nt.W[l]));
            check_finite(&nt, s, rep, e, k);
        }
        rec->loss[e] = loss / (double)per_epoch;
        if (!isfinite(rec->loss[e]))
            fa_die("%s, rep %zu: epoch %zu: training loss became NaN/Inf", s->name, rep, e);
        if (prog)
            progress_add(prog, 1);
    }

    for (size_t i = 0; i < NOBS; i++)
        if (on[i])
            observers[i]->finish(state[i]);
    net_grad_free(&g);
    net_fwd_free(&f);
    mat_free(&E);
    mat_free(&Y);
    mat_free(&codes);
    net_free(&nt);
    rng_free(r_code);
}

void dm_record_free(dm_record *rec)
{
    double *p[] = {rec->acc, rec->loss, rec->wb, rec->wnorm, rec->dw, rec->terms,
                   rec->sweep, rec->trace_L, rec->trace_d, rec->shadow_lin,
                   rec->shadow_fresh};
    for (size_t i = 0; i < FA_ARRAY_LEN(p); i++)
        free(p[i]);
    free(rec->zout);
    memset(rec, 0, sizeof *rec);
}

typedef struct run_job {
    dm_record *recs;
    const dm_setup *setups;
    size_t reps;
    const dm_data *d;
    uint64_t seed;
    progress *prog;
} run_job;

static void run_one(size_t i, void *ctx)
{
    run_job *j = ctx;
    dm_run(&j->recs[i], &j->setups[i / j->reps], j->d, j->seed, i % j->reps, j->prog);
}

/* Every field of a run's record (shard.h), in the sizes its observers
 * allocate (deepmnist_measure.c, deepmnist_terms.c). */
static void run_io(size_t i, void *ctx, par_io *io)
{
    run_job *j = ctx;
    dm_record *rec = &j->recs[i];
    const dm_setup *s = &j->setups[i / j->reps];
    par_io_bytes(io, &rec->epochs, sizeof rec->epochs);
    par_io_bytes(io, &rec->iters, sizeof rec->iters);
    par_io_bytes(io, &rec->zout_len, sizeof rec->zout_len);
    size_t d = sizeof(double), per_iter = rec->iters * DM_DEPTH * d;
    rec->acc = par_io_alloc(io, rec->acc, rec->epochs * d);
    rec->loss = par_io_alloc(io, rec->loss, rec->epochs * d);
    rec->wb = par_io_alloc(io, rec->wb, per_iter);
    rec->wnorm = par_io_alloc(io, rec->wnorm, per_iter);
    rec->dw = par_io_alloc(io, rec->dw, per_iter);
    rec->terms = par_io_alloc(io, rec->terms, s->n_term_iters * DM_DEPTH * DM_T_COUNT * d);
    rec->sweep = par_io_alloc(io, rec->sweep, s->n_sweep_iters * s->sweep_lags * DM_DEPTH * d);
    rec->trace_L = par_io_alloc(io, rec->trace_L, per_iter * s->trace_elems);
    rec->trace_d = par_io_alloc(io, rec->trace_d, per_iter * s->trace_elems);
    rec->shadow_lin = par_io_alloc(io, rec->shadow_lin, per_iter);
    rec->shadow_fresh = par_io_alloc(io, rec->shadow_fresh, per_iter);
    rec->zout = par_io_alloc(io, rec->zout, rec->zout_len * sizeof(float));
}

void dm_run_all(dm_record *recs, const dm_setup *setups, size_t nsetups, size_t reps,
                const dm_data *d, const run_config *cfg)
{
    size_t epochs = 0;
    for (size_t i = 0; i < nsetups; i++)
        epochs += setups[i].epochs * reps;
    progress prog;
    progress_begin(&prog, "training (epochs)", epochs);
    run_job j = {recs, setups, reps, d, cfg->seed, &prog};
    par_jobs(nsetups * reps, cfg->threads, run_one, run_io, &j);
    progress_end(&prog);
}

