/* deepmnist_terms.c — rs21's alignment terms (eqs. 21, 22) in the deep
 * network: the history ring of past iterations, the terms themselves and the
 * measurement that samples them at chosen iterations (deepmnist_observe.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deepmnist_observe.h"
#include "kernels.h"
#include "util.h"

dm_hist dm_hist_alloc(const net *nt, size_t batch, size_t len)
{
    dm_hist h = {len, fa_calloc(len, sizeof(dm_hist_entry))};
    size_t d = nt->depth;
    if (d > DM_DEPTH)
        fa_die("dm_hist: depth %zu > %d", d, DM_DEPTH);
    for (size_t s = 0; s < len; s++) {
        dm_hist_entry *e = &h.e[s];
        e->k = SIZE_MAX;
        for (size_t l = 0; l + 1 < d; l++) {
            e->L[l] = mat_alloc(batch, nt->n[l]);
            e->W[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
            e->delta[l + 1] = mat_alloc(batch, nt->n[l + 1]);
        }
    }
    return h;
}

void dm_hist_free(dm_hist *h)
{
    for (size_t s = 0; s < h->len; s++)
        for (size_t l = 0; l < DM_DEPTH; l++) {
            mat_free(&h->e[s].L[l]);
            mat_free(&h->e[s].W[l]);
            mat_free(&h->e[s].delta[l + 1]);
        }
    free(h->e);
    memset(h, 0, sizeof *h);
}

void dm_hist_push(dm_hist *h, size_t k, const net *nt, const net_fwd *f, const net_grad *g)
{
    dm_hist_entry *e = &h->e[k % h->len];
    e->k = k;
    for (size_t l = 0; l + 1 < nt->depth; l++) {
        mat_copy(e->L[l], f->L[l]);
        mat_copy(e->W[l], nt->W[l]);
        mat_copy(e->delta[l + 1], g->delta[l + 1]);
    }
}

const dm_hist_entry *dm_hist_get(const dm_hist *h, size_t k)
{
    const dm_hist_entry *e = &h->e[k % h->len];
    return e->k == k ? e : NULL;
}

dm_scratch dm_scratch_alloc(const net *nt, size_t batch)
{
    dm_scratch s;
    memset(&s, 0, sizeof s);
    for (size_t l = 1; l < nt->depth; l++) {
        s.A[l] = mat_alloc(nt->n[l], nt->n[l - 1]);
        s.P[l] = mat_alloc(batch, nt->n[l]);
        s.Zeta[l] = mat_alloc(batch, nt->n[l]);
    }
    return s;
}

void dm_scratch_free(dm_scratch *s)
{
    for (size_t l = 0; l < DM_DEPTH; l++) {
        mat_free(&s->A[l]);
        mat_free(&s->P[l]);
        mat_free(&s->Zeta[l]);
    }
}

void dm_align_term(mat T, const net *nt, const net_fwd *f, const net_grad *g,
                   const dm_hist_entry *past, size_t l, double eta, dm_scratch *s)
{
    mat Lk = f->L[l - 1], Lp = past->L[l - 1], dp = past->delta[l];
    mat A = s->A[l], P = s->P[l], Zeta = s->Zeta[l], up = g->delta[l + 1];
    net_preact(Zeta, nt, Lk, past->W[l - 1], l);
    /* A = delta_l[k-o]^T L_{l-1}[k-o];  P = L_{l-1}[k] A^T, the transpose of
     * delta_l[k-o]^T L_{l-1}[k-o] L_{l-1}[k]^T */
    gemm_tn_f32(A.rows, A.cols, dp.rows, 1.0f, dp.v, dp.ld, Lp.v, Lp.ld, 0.0f, A.v, A.ld);
    gemm_nt_f32(P.rows, P.cols, Lk.cols, 1.0f, Lk.v, Lk.ld, A.v, A.ld, 0.0f, P.v, P.ld);
    act_deriv_mul(nt->hidden, P, Zeta, P);
    gemm_tn_f32(T.rows, T.cols, P.rows, (float)(eta * eta), P.v, P.ld, up.v, up.ld, 0.0f,
                T.v, T.ld);
}

void dm_sup_term(mat T, const net *nt, const net_fwd *f, const net_grad *g, mat Wp,
                 size_t l, double eta, dm_scratch *s)
{
    mat Zeta = s->Zeta[l], up = g->delta[l + 1];
    net_preact(Zeta, nt, f->L[l - 1], Wp, l);
    act_forward(nt->hidden, Zeta, Zeta);
    gemm_tn_f32(T.rows, T.cols, Zeta.rows, (float)eta, Zeta.v, Zeta.ld, up.v, up.ld, 0.0f,
                T.v, T.ld);
}

/* ---- the measurement: terms at term_iters, lag sweeps at sweep_iters --------- */

typedef struct terms_ctx {
    dm_hist hist;
    dm_scratch scratch;
    mat T[DM_DEPTH], W0[DM_DEPTH];   /* T: a term per layer; W0: the initial weights */
    size_t next_term, next_sweep;
} terms_ctx;

static void *terms_init(dm_record *rec, const dm_ctx *c)
{
    const net *nt = c->nt;
    const dm_setup *s = c->s;
    terms_ctx *tc = fa_calloc(1, sizeof *tc);
    tc->hist = dm_hist_alloc(nt, DM_BATCH, DM_HIST_LEN);
    tc->scratch = dm_scratch_alloc(nt, DM_BATCH);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        tc->T[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
        tc->W0[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
        mat_copy(tc->W0[l], nt->W[l]);
    }
    rec->terms = dm_alloc_nan(s->n_term_iters * DM_DEPTH * DM_T_COUNT);
    rec->sweep = dm_alloc_nan(s->n_sweep_iters * s->sweep_lags * DM_DEPTH);
    return tc;
}

static void terms_finish(void *state)
{
    terms_ctx *tc = state;
    dm_hist_free(&tc->hist);
    dm_scratch_free(&tc->scratch);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        mat_free(&tc->T[l]);
        mat_free(&tc->W0[l]);
    }
    free(tc);
}

/* The angle of T^o_l[k] to B_l^T; NaN when iteration k - o is not held. */
static double term_angle(terms_ctx *tc, const dm_ctx *c, size_t o, size_t l)
{
    const dm_hist_entry *past = o <= c->k ? dm_hist_get(&tc->hist, c->k - o) : NULL;
    if (!past)
        return NAN;
    dm_align_term(tc->T[l], c->nt, c->f, c->g, past, l, c->s->eta, &tc->scratch);
    return mat_angle_t(tc->T[l], c->nt->B[l]);
}

/* The sup-alignment term with the weights Wp, as an angle to B_l^T. */
static double sup_angle(terms_ctx *tc, const dm_ctx *c, mat Wp, size_t l)
{
    dm_sup_term(tc->T[l], c->nt, c->f, c->g, Wp, l, c->s->eta, &tc->scratch);
    return mat_angle_t(tc->T[l], c->nt->B[l]);
}

static void terms_step(void *state, dm_record *rec, const dm_ctx *c)
{
    terms_ctx *tc = state;
    const dm_setup *s = c->s;
    size_t D = DM_DEPTH, k = c->k;
    if (tc->next_term < s->n_term_iters && s->term_iters[tc->next_term] == k) {
        double *t = rec->terms + tc->next_term * D * DM_T_COUNT;
        const dm_hist_entry *prev = k ? dm_hist_get(&tc->hist, k - 1) : NULL;
        for (size_t l = 1; l < D; l++) {
            double *a = t + l * DM_T_COUNT;
            a[DM_T_1] = term_angle(tc, c, 1, l);
            a[DM_T_60] = term_angle(tc, c, 60, l);
            a[DM_T_SUP0] = sup_angle(tc, c, tc->W0[l - 1], l);
            if (prev)
                a[DM_T_SUP1] = sup_angle(tc, c, prev->W[l - 1], l);
            a[DM_T_DW] = mat_angle_t(c->g->dW[l], c->nt->B[l]);
        }
        tc->next_term++;
    }
    if (tc->next_sweep < s->n_sweep_iters && s->sweep_iters[tc->next_sweep] == k) {
        double *w = rec->sweep + tc->next_sweep * s->sweep_lags * D;
        for (size_t o = 1; o <= s->sweep_lags; o++)
            for (size_t l = 1; l < D; l++)
                w[(o - 1) * D + l] = term_angle(tc, c, o, l);
        tc->next_sweep++;
    }
    dm_hist_push(&tc->hist, k, c->nt, c->f, c->g);
}

const dm_observer dm_obs_terms = {DM_M_TERMS, terms_init, terms_step, terms_finish};
