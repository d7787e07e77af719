/* deepmnist_measure.c — the per-iteration measurements of dm_run (see
 * deepmnist_observe.h): weight angles and norms, ΔW_FA ∠ ΔW_BP, traced
 * elements, output pre-activations and hs23's shadow weights. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deepmnist_observe.h"
#include "kernels.h"
#include "rng.h"
#include "util.h"

double *dm_alloc_nan(size_t n)
{
    double *x = fa_malloc((n ? n : 1) * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = NAN;
    return x;
}

/* ---- W_l ∠ B_l^T and ||W_l||_F, every iteration ---------------------------- */

static void *weights_init(dm_record *rec, const dm_ctx *c)
{
    rec->wb = dm_alloc_nan(c->iters * DM_DEPTH);
    rec->wnorm = dm_alloc_nan(c->iters * DM_DEPTH);
    return NULL;
}

static void weights_step(void *state, dm_record *rec, const dm_ctx *c)
{
    (void)state;
    for (size_t l = 0; l < DM_DEPTH; l++) {
        rec->wnorm[c->k * DM_DEPTH + l] = mat_norm(c->nt->W[l]);
        if (l > 0)
            rec->wb[c->k * DM_DEPTH + l] = mat_angle_t(c->nt->W[l], c->nt->B[l]);
    }
}

static void no_state(void *state) { (void)state; }

const dm_observer dm_obs_weights = {0, weights_init, weights_step, no_state};

/* ---- ΔW_FA ∠ ΔW_BP: the other rule's backward pass on the same forward pass --- */

static void *dw_init(dm_record *rec, const dm_ctx *c)
{
    rec->dw = dm_alloc_nan(c->iters * DM_DEPTH);
    net_grad *g2 = fa_malloc(sizeof *g2);
    *g2 = net_grad_alloc(c->nt, DM_BATCH);
    return g2;
}

static void dw_step(void *state, dm_record *rec, const dm_ctx *c)
{
    net_grad *g2 = state;
    const dm_setup *s = c->s;
    net_backward(c->nt, c->f, c->E, s->fb == FB_FA ? FB_BP : FB_FA, s->eta, g2);
    for (size_t l = 0; l < DM_DEPTH; l++)
        rec->dw[c->k * DM_DEPTH + l] = mat_angle(c->g->dW[l], g2->dW[l]);
}

static void dw_finish(void *state)
{
    net_grad_free(state);
    free(state);
}

const dm_observer dm_obs_dw = {DM_M_DW, dw_init, dw_step, dw_finish};

/* ---- elements of L_{l+1} and delta_{l+1} at random (row, unit) positions ----- */

typedef struct trace_state {
    size_t pick[DM_DEPTH][DM_TRACE_MAX][2];   /* (batch row, unit) per layer and element */
} trace_state;

static void *trace_init(dm_record *rec, const dm_ctx *c)
{
    size_t te = c->s->trace_elems;
    if (te > DM_TRACE_MAX)
        fa_die("%s: at most %d trace elements", c->s->name, DM_TRACE_MAX);
    trace_state *t = fa_malloc(sizeof *t);
    gsl_rng *r = rng_stream(c->seed, c->rep, DM_STREAM_PICK);
    for (size_t l = 0; l < DM_DEPTH; l++)
        for (size_t e = 0; e < te; e++) {
            t->pick[l][e][0] = gsl_rng_uniform_int(r, DM_BATCH);
            t->pick[l][e][1] = gsl_rng_uniform_int(r, c->nt->n[l + 1]);
        }
    rng_free(r);
    rec->trace_L = dm_alloc_nan(c->iters * DM_DEPTH * te);
    rec->trace_d = dm_alloc_nan(c->iters * DM_DEPTH * te);
    return t;
}

static void trace_step(void *state, dm_record *rec, const dm_ctx *c)
{
    const trace_state *t = state;
    size_t te = c->s->trace_elems;
    for (size_t l = 0; l < DM_DEPTH; l++)
        for (size_t j = 0; j < te; j++) {
            size_t i = t->pick[l][j][0], u = t->pick[l][j][1], at = (c->k * DM_DEPTH + l) * te + j;
            rec->trace_L[at] = *mat_at(c->f->L[l + 1], i, u);
            rec->trace_d[at] = *mat_at(c->g->delta[l + 1], i, u);
        }
}

const dm_observer dm_obs_trace = {DM_M_TRACE, trace_init, trace_step, free};

/* ---- Z_5 of the last batch of epoch zout_epoch ---------------------------------- */

static void *zout_init(dm_record *rec, const dm_ctx *c)
{
    rec->zout_len = DM_BATCH * c->s->width;
    rec->zout = fa_calloc(rec->zout_len, sizeof(float));
    return NULL;
}

static void zout_step(void *state, dm_record *rec, const dm_ctx *c)
{
    (void)state;
    size_t w = c->s->width;
    if (c->epoch != c->s->zout_epoch || c->batch + 1 != c->per_epoch)
        return;
    for (size_t i = 0; i < DM_BATCH; i++)
        memcpy(rec->zout + i * w, mat_at(c->f->Z[DM_DEPTH], i, 0), w * sizeof(float));
}

const dm_observer dm_obs_zout = {DM_M_ZOUT, zout_init, zout_step, no_state};

/* ---- shadow weights of hs23 Fig. 9 -------------------------------------------
 *
 * Driven by the real network's forward pass: W' is updated with the error
 * carried down through B without any f' (delta'_5 = E, delta'_l = delta'_{l+1}
 * B_l). */
typedef struct shadow {
    mat Wl[DM_DEPTH];
    mat dl[DM_DEPTH + 1];
} shadow;

static void *shadow_init(dm_record *rec, const dm_ctx *c)
{
    const net *nt = c->nt;
    shadow *sh = fa_calloc(1, sizeof *sh);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        sh->Wl[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
        mat_copy(sh->Wl[l], nt->W[l]);
        sh->dl[l + 1] = mat_alloc(DM_BATCH, nt->n[l + 1]);
    }
    rec->shadow_lin = dm_alloc_nan(c->iters * DM_DEPTH);
    return sh;
}

static void shadow_finish(void *state)
{
    shadow *sh = state;
    for (size_t l = 0; l < DM_DEPTH; l++) {
        mat_free(&sh->Wl[l]);
        mat_free(&sh->dl[l + 1]);
    }
    free(sh);
}

/* Record W'_l ∠ B_l^T, then update W'. */
static void shadow_step(void *state, dm_record *rec, const dm_ctx *c)
{
    shadow *sh = state;
    const net *nt = c->nt;
    const net_fwd *f = c->f;
    size_t d = DM_DEPTH, nb = f->batch;
    double eta = c->s->eta, *ang_lin = rec->shadow_lin + c->k * d;
    ang_lin[0] = NAN;
    for (size_t l = 1; l < d; l++)
        ang_lin[l] = mat_angle_t(sh->Wl[l], nt->B[l]);
    mat_copy(sh->dl[d], mat_rows(c->E, 0, nb));
    for (size_t l = d - 1; l >= 1; l--) {
        mat B = nt->B[l], ul = sh->dl[l + 1];
        gemm_nn_f32(nb, B.cols, B.rows, 1.0f, ul.v, ul.ld, B.v, B.ld, 0.0f, sh->dl[l].v,
                    sh->dl[l].ld);
    }
    for (size_t l = 0; l < d; l++) {   /* W += eta L_l^T delta_{l+1}, accumulated by the GEMM */
        mat L = f->L[l], Wl = sh->Wl[l], ul = sh->dl[l + 1];
        gemm_tn_f32(Wl.rows, Wl.cols, nb, (float)eta, L.v, L.ld, ul.v, ul.ld, 1.0f, Wl.v, Wl.ld);
    }
}

const dm_observer dm_obs_shadow = {DM_M_SHADOW, shadow_init, shadow_step, shadow_finish};

/* ---- the fresh-feedback network of hs23 Fig. 10 ---------------------------------
 *
 * A second FA network, started from the real one's W and b and trained on the
 * same batches and targets with its own forward pass, whose backward matrices
 * B''_l[k] ~ N(0, init_sd^2) are drawn afresh at every iteration (no WN). A
 * fresh B''_l[k] cannot be aligned with W''_l[k] (it has not been used yet),
 * nor with W''_l[k+1] (it only enters the update of W''_{l-1}); what the
 * alignment terms can build up is alignment with the backward matrices used
 * so far, so the record is W''_l[k] ∠ (B''_l[0] + ... + B''_l[k-1])^T (NaN
 * at k = 0). With B'' fixed this is W ∠ B^T. */
typedef struct fresh_net {
    net nt;
    net_fwd f;
    net_grad g;
    mat E, Bsum[DM_DEPTH];
    gsl_rng *r;   /* draws B''[k] */
} fresh_net;

static void *fresh_init(dm_record *rec, const dm_ctx *c)
{
    const net *nt = c->nt;
    fresh_net *fr = fa_calloc(1, sizeof *fr);
    fr->nt = net_create(DM_DEPTH, nt->n, nt->hidden, nt->output, 1, c->s->bias);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        mat_copy(fr->nt.W[l], nt->W[l]);
        if (nt->b[l + 1].v)
            mat_copy(fr->nt.b[l + 1], nt->b[l + 1]);
        if (l > 0)
            fr->Bsum[l] = mat_alloc(nt->n[l + 1], nt->n[l]);
    }
    fr->f = net_fwd_alloc(&fr->nt, DM_BATCH);
    fr->g = net_grad_alloc(&fr->nt, DM_BATCH);
    fr->E = mat_alloc(DM_BATCH, nt->n[DM_DEPTH]);
    fr->r = rng_stream(c->seed, c->rep, DM_STREAM_FRESHB);
    rec->shadow_fresh = dm_alloc_nan(c->iters * DM_DEPTH);
    return fr;
}

static void fresh_finish(void *state)
{
    fresh_net *fr = state;
    for (size_t l = 1; l < DM_DEPTH; l++)
        mat_free(&fr->Bsum[l]);
    mat_free(&fr->E);
    net_grad_free(&fr->g);
    net_fwd_free(&fr->f);
    net_free(&fr->nt);
    rng_free(fr->r);
    free(fr);
}

/* Record W''_l ∠ (sum of the B''_l used so far)^T, then one FA step through a fresh B''[k]. */
static void fresh_step(void *state, dm_record *rec, const dm_ctx *c)
{
    fresh_net *fr = state;
    double *ang = rec->shadow_fresh + c->k * DM_DEPTH;
    for (size_t l = 1; l < DM_DEPTH; l++) {
        if (c->k > 0)
            ang[l] = mat_angle_t(fr->nt.W[l], fr->Bsum[l]);
        mat_gauss(fr->nt.B[l], fr->r, 0.0, c->s->init_sd);
        mat_axpy(fr->Bsum[l], 1.0f, fr->nt.B[l]);
    }
    net_forward(&fr->nt, c->f->L[0], &fr->f);
    net_error(&fr->f, c->Y, fr->E);
    net_backward(&fr->nt, &fr->f, fr->E, FB_FA, c->s->eta, &fr->g);
    net_apply(&fr->nt, &fr->g);
}

const dm_observer dm_obs_fresh = {DM_M_FRESH, fresh_init, fresh_step, fresh_finish};
