#include "deepmnist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "kernels.h"
#include "mnist.h"
#include "par.h"
#include "rng.h"
#include "series.h"
#include "stats.h"
#include "util.h"

/* ---- data ------------------------------------------------------------------ */

static void load_part(const char *dir, int test, size_t n, mat *X, uint8_t **y)
{
    mnist_set s = mnist_load_or_die(dir, test);
    if (n > s.count || n % DM_BATCH)
        fa_die("asked for %zu %s images; need a multiple of %d up to %zu", n,
               test ? "test" : "training", DM_BATCH, s.count);
    mnist_set part = s;
    part.count = n;
    *X = mat_alloc(n, DM_SIDE * DM_SIDE);
    mnist_features(&part, DM_SIDE, *X);
    *y = fa_malloc(n);
    memcpy(*y, s.labels, n);
    mnist_free(&s);
}

void dm_data_load(dm_data *d, const char *dir, size_t ntrain, size_t ntest)
{
    d->ntrain = ntrain;
    d->ntest = ntest;
    load_part(dir, 0, ntrain, &d->Xtrain, &d->ytrain);
    load_part(dir, 1, ntest, &d->Xtest, &d->ytest);
}

void dm_data_free(dm_data *d)
{
    mat_free(&d->Xtrain);
    mat_free(&d->Xtest);
    free(d->ytrain);
    free(d->ytest);
}

void dm_targets(mat Y, mat codes, const uint8_t *labels, int smoothing)
{
    nhot_targets(codes, labels, Y);
    if (!smoothing)
        return;
    for (size_t i = 0; i < Y.rows; i++)
        for (size_t j = 0; j < Y.cols; j++) {
            float *y = mat_at(Y, i, j);
            *y = (float)(DM_LS_SCALE * *y + DM_LS_OFFSET);
        }
}

/* ---- history and alignment terms -------------------------------------------- */

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

/* Zeta = L Wp + b_l (the forward pre-activation of layer l with weights Wp) */
static void preact(mat Zeta, const net *nt, mat L, mat Wp, size_t l)
{
    float beta = 0.0f;
    if (nt->b[l].v) {
        for (size_t i = 0; i < Zeta.rows; i++)
            memcpy(mat_at(Zeta, i, 0), nt->b[l].v, Zeta.cols * sizeof(float));
        beta = 1.0f;
    }
    gemm_nn_f32(Zeta.rows, Zeta.cols, Wp.rows, 1.0f, L.v, L.ld, Wp.v, Wp.ld, beta, Zeta.v,
                Zeta.ld);
}

void dm_align_term(mat T, const net *nt, const net_fwd *f, const net_grad *g,
                   const dm_hist_entry *past, size_t l, double eta, dm_scratch *s)
{
    mat Lk = f->L[l - 1], Lp = past->L[l - 1], dp = past->delta[l];
    mat A = s->A[l], P = s->P[l], Zeta = s->Zeta[l], up = g->delta[l + 1];
    preact(Zeta, nt, Lk, past->W[l - 1], l);
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
    preact(Zeta, nt, f->L[l - 1], Wp, l);
    act_forward(nt->hidden, Zeta, Zeta);
    gemm_tn_f32(T.rows, T.cols, Zeta.rows, (float)eta, Zeta.v, Zeta.ld, up.v, up.ld, 0.0f,
                T.v, T.ld);
}

size_t dm_acf_peak(const double *s, size_t n, size_t lo, size_t hi)
{
    size_t best = lo;
    double best_v = -INFINITY;
    for (size_t tau = lo; tau <= hi; tau++) {
        double v = stats_acf(s, n, (long)tau);
        if (v > best_v) {
            best_v = v;
            best = tau;
        }
    }
    return best;
}

/* ---- one training run -------------------------------------------------------- */

/* Shadow weights of hs23 Figs 9 and 10, driven by the real network's forward
 * pass: W' is updated with the error carried down through B without any f'
 * (delta'_5 = E, delta'_l = delta'_{l+1} B_l), W'' with the true output
 * delta carried down through freshly drawn B''_l (with f'). */
typedef struct shadow {
    mat Wl[DM_DEPTH], Wf[DM_DEPTH], Bf[DM_DEPTH];
    mat dl[DM_DEPTH + 1], df[DM_DEPTH + 1];
} shadow;

static void shadow_init(shadow *sh, const net *nt, size_t batch)
{
    memset(sh, 0, sizeof *sh);
    for (size_t l = 0; l < DM_DEPTH; l++) {
        sh->Wl[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
        sh->Wf[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
        mat_copy(sh->Wl[l], nt->W[l]);
        mat_copy(sh->Wf[l], nt->W[l]);
        if (l > 0)
            sh->Bf[l] = mat_alloc(nt->n[l + 1], nt->n[l]);
        sh->dl[l + 1] = mat_alloc(batch, nt->n[l + 1]);
        sh->df[l + 1] = mat_alloc(batch, nt->n[l + 1]);
    }
}

static void shadow_free(shadow *sh)
{
    for (size_t l = 0; l < DM_DEPTH; l++) {
        mat_free(&sh->Wl[l]);
        mat_free(&sh->Wf[l]);
        mat_free(&sh->Bf[l]);
        mat_free(&sh->dl[l + 1]);
        mat_free(&sh->df[l + 1]);
    }
}

/* Record W'_l ∠ B_l^T and W''_l ∠ B''_l[k]^T for a fresh B''[k], then update both. */
static void shadow_step(shadow *sh, const net *nt, const net_fwd *f, const net_grad *g, mat E,
                        double eta, double sd, gsl_rng *r, double *ang_lin, double *ang_fresh)
{
    size_t d = DM_DEPTH, nb = f->batch;
    ang_lin[0] = ang_fresh[0] = NAN;
    for (size_t l = 1; l < d; l++) {
        mat_gauss(sh->Bf[l], r, 0.0, sd);
        ang_lin[l] = mat_angle_t(sh->Wl[l], nt->B[l]);
        ang_fresh[l] = mat_angle_t(sh->Wf[l], sh->Bf[l]);
    }
    mat_copy(sh->dl[d], mat_rows(E, 0, nb));
    mat_copy(sh->df[d], g->delta[d]);
    for (size_t l = d - 1; l >= 1; l--) {
        mat B = nt->B[l], Bf = sh->Bf[l], ul = sh->dl[l + 1], uf = sh->df[l + 1];
        gemm_nn_f32(nb, B.cols, B.rows, 1.0f, ul.v, ul.ld, B.v, B.ld, 0.0f, sh->dl[l].v,
                    sh->dl[l].ld);
        gemm_nn_f32(nb, Bf.cols, Bf.rows, 1.0f, uf.v, uf.ld, Bf.v, Bf.ld, 0.0f, sh->df[l].v,
                    sh->df[l].ld);
        act_deriv_mul(nt->hidden, sh->df[l], f->Z[l], sh->df[l]);
    }
    for (size_t l = 0; l < d; l++) {   /* W += eta L_l^T delta_{l+1}, accumulated by the GEMM */
        mat L = f->L[l], Wl = sh->Wl[l], Wf = sh->Wf[l], ul = sh->dl[l + 1], uf = sh->df[l + 1];
        gemm_tn_f32(Wl.rows, Wl.cols, nb, (float)eta, L.v, L.ld, ul.v, ul.ld, 1.0f, Wl.v, Wl.ld);
        gemm_tn_f32(Wf.rows, Wf.cols, nb, (float)eta, L.v, L.ld, uf.v, uf.ld, 1.0f, Wf.v, Wf.ld);
    }
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

static double *alloc_nan(size_t n)
{
    double *x = fa_malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = NAN;
    return x;
}

/* Alignment terms and lag sweeps at iteration k (see dm_setup), from the
 * history of earlier iterations and the present pass. */
typedef struct terms_ctx {
    dm_hist hist;
    dm_scratch scratch;
    mat T[DM_DEPTH], W0[DM_DEPTH];
    size_t next_term, next_sweep;
} terms_ctx;

static double term_angle(terms_ctx *tc, const net *nt, const net_fwd *f, const net_grad *g,
                         size_t k, size_t o, size_t l, double eta)
{
    const dm_hist_entry *past = o <= k ? dm_hist_get(&tc->hist, k - o) : NULL;
    if (!past)
        return NAN;
    dm_align_term(tc->T[l], nt, f, g, past, l, eta, &tc->scratch);
    return mat_angle_t(tc->T[l], nt->B[l]);
}

static void terms_at(terms_ctx *tc, dm_record *rec, const dm_setup *s, const net *nt,
                     const net_fwd *f, const net_grad *g, size_t k)
{
    size_t D = DM_DEPTH;
    if (tc->next_term < s->n_term_iters && s->term_iters[tc->next_term] == k) {
        double *t = rec->terms + tc->next_term * D * DM_T_COUNT;
        for (size_t l = 1; l < D; l++) {
            double *a = t + l * DM_T_COUNT;
            a[DM_T_1] = term_angle(tc, nt, f, g, k, 1, l, s->eta);
            a[DM_T_60] = term_angle(tc, nt, f, g, k, 60, l, s->eta);
            dm_sup_term(tc->T[l], nt, f, g, tc->W0[l - 1], l, s->eta, &tc->scratch);
            a[DM_T_SUP0] = mat_angle_t(tc->T[l], nt->B[l]);
            const dm_hist_entry *prev = k ? dm_hist_get(&tc->hist, k - 1) : NULL;
            if (prev) {
                dm_sup_term(tc->T[l], nt, f, g, prev->W[l - 1], l, s->eta, &tc->scratch);
                a[DM_T_SUP1] = mat_angle_t(tc->T[l], nt->B[l]);
            }
            a[DM_T_DW] = mat_angle_t(g->dW[l], nt->B[l]);
        }
        tc->next_term++;
    }
    if (tc->next_sweep < s->n_sweep_iters && s->sweep_iters[tc->next_sweep] == k) {
        double *w = rec->sweep + tc->next_sweep * s->sweep_lags * D;
        for (size_t o = 1; o <= s->sweep_lags; o++)
            for (size_t l = 1; l < D; l++)
                w[(o - 1) * D + l] = term_angle(tc, nt, f, g, k, o, l, s->eta);
        tc->next_sweep++;
    }
    dm_hist_push(&tc->hist, k, nt, f, g);
}

void dm_run(dm_record *rec, const dm_setup *s, const dm_data *d, uint64_t seed,
            size_t rep, progress *prog)
{
    const size_t D = DM_DEPTH, nb = DM_BATCH, w = s->width;
    const size_t per_epoch = d->ntrain / nb, iters = s->epochs * per_epoch;
    const size_t widths[DM_DEPTH + 1] = {DM_SIDE * DM_SIDE, w, w, w, w, w};
    const unsigned m = s->measure;
    if (s->trace_elems > DM_TRACE_MAX)
        fa_die("%s: at most %d trace elements", s->name, DM_TRACE_MAX);

    /* B is always drawn (after W, before b), so FA and BP runs of one
     * repetition start from the same W and b. */
    net nt = net_create(D, widths, ACT_TANH_RELU, ACT_TANH_RELU, 1, s->bias);
    gsl_rng *r_init = rng_stream(seed, rep, DM_STREAM_INIT);
    gsl_rng *r_code = rng_stream(seed, rep, DM_STREAM_CODE);
    gsl_rng *r_pick = rng_stream(seed, rep, DM_STREAM_PICK);
    gsl_rng *r_fresh = rng_stream(seed, rep, DM_STREAM_FRESHB);
    net_init_gauss(&nt, r_init, s->init_sd);
    normalise(&nt, s, 1);
    mat codes = mat_alloc(DM_CLASSES, w);
    nhot_codes(r_code, s->nhot, codes);

    memset(rec, 0, sizeof *rec);
    rec->epochs = s->epochs;
    rec->iters = iters;
    rec->acc = alloc_nan(s->epochs);
    rec->loss = alloc_nan(s->epochs);
    rec->wb = alloc_nan(iters * D);
    rec->wnorm = alloc_nan(iters * D);
    if (m & DM_M_DW)
        rec->dw = alloc_nan(iters * D);

    net_fwd f = net_fwd_alloc(&nt, nb);
    net_grad g = net_grad_alloc(&nt, nb), g2 = {0};
    if (m & DM_M_DW)
        g2 = net_grad_alloc(&nt, nb);
    mat E = mat_alloc(nb, w), Y = mat_alloc(nb, w);

    terms_ctx tc;
    memset(&tc, 0, sizeof tc);
    if (m & DM_M_TERMS) {
        tc.hist = dm_hist_alloc(&nt, nb, DM_HIST_LEN);
        tc.scratch = dm_scratch_alloc(&nt, nb);
        for (size_t l = 0; l < D; l++) {
            tc.T[l] = mat_alloc(nt.n[l], nt.n[l + 1]);
            tc.W0[l] = mat_alloc(nt.n[l], nt.n[l + 1]);
            mat_copy(tc.W0[l], nt.W[l]);
        }
        rec->terms = alloc_nan(s->n_term_iters * D * DM_T_COUNT);
        rec->sweep = alloc_nan(s->n_sweep_iters * s->sweep_lags * D);
    }
    size_t pick[DM_DEPTH][DM_TRACE_MAX][2];
    size_t te = s->trace_elems;
    if (m & DM_M_TRACE) {
        for (size_t l = 0; l < D; l++)
            for (size_t e = 0; e < te; e++) {
                pick[l][e][0] = gsl_rng_uniform_int(r_pick, nb);
                pick[l][e][1] = gsl_rng_uniform_int(r_pick, nt.n[l + 1]);
            }
        rec->trace_L = alloc_nan(iters * D * te);
        rec->trace_d = alloc_nan(iters * D * te);
    }
    shadow sh;
    if (m & DM_M_SHADOW) {
        shadow_init(&sh, &nt, nb);
        rec->shadow_lin = alloc_nan(iters * D);
        rec->shadow_fresh = alloc_nan(iters * D);
    }
    if (m & DM_M_ZOUT) {
        rec->zout_len = nb * w;
        rec->zout = fa_calloc(rec->zout_len, sizeof(float));
    }

    size_t k = 0;
    for (size_t e = 0; e < s->epochs; e++) {
        if (s->relabel_epoch && e == s->relabel_epoch)
            nhot_codes(r_code, s->nhot, codes);
        rec->acc[e] = test_accuracy(&nt, d, codes, &f);
        double loss = 0;
        for (size_t b = 0; b < per_epoch; b++, k++) {
            net_forward(&nt, mat_rows(d->Xtrain, b * nb, nb), &f);
            dm_targets(Y, codes, d->ytrain + b * nb, s->smoothing);
            net_error(&f, Y, E);
            loss += 0.5 * mat_dot(E, E) / (double)nb;
            for (size_t l = 0; l < D; l++) {
                rec->wnorm[k * D + l] = mat_norm(nt.W[l]);
                if (l > 0)
                    rec->wb[k * D + l] = mat_angle_t(nt.W[l], nt.B[l]);
            }
            net_backward(&nt, &f, E, s->fb, s->eta, &g);
            if (m & DM_M_DW) {
                net_backward(&nt, &f, E, s->fb == FB_FA ? FB_BP : FB_FA, s->eta, &g2);
                for (size_t l = 0; l < D; l++)
                    rec->dw[k * D + l] = mat_angle(g.dW[l], g2.dW[l]);
            }
            if (m & DM_M_TERMS)
                terms_at(&tc, rec, s, &nt, &f, &g, k);
            if (m & DM_M_TRACE)
                for (size_t l = 0; l < D; l++)
                    for (size_t j = 0; j < te; j++) {
                        size_t i = pick[l][j][0], c = pick[l][j][1];
                        rec->trace_L[(k * D + l) * te + j] = *mat_at(f.L[l + 1], i, c);
                        rec->trace_d[(k * D + l) * te + j] = *mat_at(g.delta[l + 1], i, c);
                    }
            if ((m & DM_M_ZOUT) && e == s->zout_epoch && b + 1 == per_epoch)
                for (size_t i = 0; i < nb; i++)
                    memcpy(rec->zout + i * w, mat_at(f.Z[D], i, 0), w * sizeof(float));
            if (m & DM_M_SHADOW)
                shadow_step(&sh, &nt, &f, &g, E, s->eta, s->init_sd, r_fresh,
                            rec->shadow_lin + k * D, rec->shadow_fresh + k * D);
            net_apply(&nt, &g);
            normalise(&nt, s, 0);
            if (s->match_b)
                for (size_t l = 1; l < D; l++)
                    scale_to(nt.B[l], mat_norm(nt.W[l]));
            check_finite(&nt, s, rep, e, k);
        }
        rec->loss[e] = loss / (double)per_epoch;
        if (!isfinite(rec->loss[e]))
            fa_die("%s, rep %zu: epoch %zu: training loss became NaN/Inf", s->name, rep, e);
        if (prog)
            progress_add(prog, 1);
    }

    if (m & DM_M_TERMS) {
        dm_hist_free(&tc.hist);
        dm_scratch_free(&tc.scratch);
        for (size_t l = 0; l < D; l++) {
            mat_free(&tc.T[l]);
            mat_free(&tc.W0[l]);
        }
    }
    if (m & DM_M_SHADOW)
        shadow_free(&sh);
    if (m & DM_M_DW)
        net_grad_free(&g2);
    net_grad_free(&g);
    net_fwd_free(&f);
    mat_free(&E);
    mat_free(&Y);
    mat_free(&codes);
    net_free(&nt);
    rng_free(r_init);
    rng_free(r_code);
    rng_free(r_pick);
    rng_free(r_fresh);
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

void dm_run_all(dm_record *recs, const dm_setup *setups, size_t nsetups, size_t reps,
                const dm_data *d, const run_config *cfg)
{
    size_t epochs = 0;
    for (size_t i = 0; i < nsetups; i++)
        epochs += setups[i].epochs * reps;
    progress prog;
    progress_begin(&prog, "training (epochs)", epochs);
    run_job j = {recs, setups, reps, d, cfg->seed, &prog};
    par_for(nsetups * reps, cfg->threads, run_one, &j);
    progress_end(&prog);
}

/* ---- command line and output ------------------------------------------------- */

void dm_scale_resolve(dm_scale *sc, run_config *cfg, size_t paper_epochs, size_t quick_epochs)
{
    if (!sc->epochs)
        sc->epochs = cfg->quick ? quick_epochs : paper_epochs;
    if (!sc->ntrain)
        sc->ntrain = 60000;
    if (!sc->ntest)
        sc->ntest = 10000;
    if (sc->ntrain % DM_BATCH || sc->ntest % DM_BATCH)
        fa_die("--train and --test need multiples of %d", DM_BATCH);
    cfg_param(cfg, "epochs", "%zu", sc->epochs);
    cfg_param(cfg, "train_images", "%zu (natural MNIST order, %zu batches of %d per epoch)",
              sc->ntrain, sc->ntrain / DM_BATCH, DM_BATCH);
    cfg_param(cfg, "test_images", "%zu", sc->ntest);
}

void dm_setup_param(run_config *cfg, const dm_setup *s)
{
    static const char *const wn[] = {"none", "neuron-wise", "layer-wise"};
    char name[96];
    snprintf(name, sizeof name, "cond.%s", s->name);
    cfg_param(cfg, name,
              "width %zu, %zu-hot, %s, bias %s, eta %g, init sd %g, WN %s%s%.3g, "
              "B normalised at init %s, B norm matched %s, label smoothing %s, epochs %zu%s",
              s->width, s->nhot, s->fb == FB_FA ? "FA" : "BP", s->bias ? "on" : "off",
              s->eta, s->init_sd, wn[s->wn], s->wn ? " gamma " : " ", s->wn ? s->gamma : 0.0,
              s->norm_b ? "yes" : "no", s->match_b ? "yes" : "no",
              s->smoothing ? "yes" : "no", s->epochs,
              s->relabel_epoch ? ", new code at the start of epoch" : "");
    if (s->relabel_epoch) {
        snprintf(name, sizeof name, "cond.%s.relabel", s->name);
        cfg_param(cfg, name, "%zu (0-based)", s->relabel_epoch);
    }
}

size_t dm_field_len(const dm_record *rec, dm_field f)
{
    return f == DM_F_ACC || f == DM_F_LOSS ? rec->epochs : rec->iters;
}

void dm_gather(double *x, const dm_record *recs, size_t reps, dm_field f, size_t layer)
{
    size_t len = dm_field_len(&recs[0], f);
    for (size_t r = 0; r < reps; r++) {
        const dm_record *rec = &recs[r];
        const double *base = NULL;
        size_t stride = DM_DEPTH;
        switch (f) {
        case DM_F_ACC: base = rec->acc, stride = 1, layer = 0; break;
        case DM_F_LOSS: base = rec->loss, stride = 1, layer = 0; break;
        case DM_F_WB: base = rec->wb; break;
        case DM_F_WNORM: base = rec->wnorm; break;
        case DM_F_DW: base = rec->dw; break;
        case DM_F_SHADOW_LIN: base = rec->shadow_lin; break;
        case DM_F_SHADOW_FRESH: base = rec->shadow_fresh; break;
        }
        if (!base)
            fa_die("dm_gather: field %d was not measured", (int)f);
        for (size_t j = 0; j < len; j++)
            x[r * len + j] = base[j * stride + layer];
    }
}

/* Mean and SEM of the finite values among x[0], x[stride], ... (n values). */
void dm_mean_sem(const double *x, size_t n, size_t stride, double *mean, double *sem)
{
    double *v = fa_malloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i * stride]))
            v[m++] = x[i * stride];
    *mean = m ? stats_mean(v, m, 1) : NAN;
    *sem = stats_sem(v, m, 1);
    free(v);
}

void dm_write_series(out_file *o, const char *qty, const char *cond, size_t layer,
                     const double *x, size_t reps, size_t len, size_t ma, size_t every)
{
    double *sm = fa_malloc(reps * len * sizeof *sm);
    for (size_t r = 0; r < reps; r++)
        stats_moving_average(x + r * len, len, ma, sm + r * len);
    for (size_t j = 0; j < len; j++) {
        if (j % every && j + 1 != len)
            continue;
        double mean, sem;
        dm_mean_sem(sm + j, reps, len, &mean, &sem);
        series_row(o, qty, cond, layer, j, mean, sem, reps);
    }
    free(sm);
}

void dm_write_field(out_file *o, const char *qty, const char *cond, const dm_record *recs,
                    size_t reps, dm_field f, size_t layer, size_t ma, size_t every)
{
    size_t len = dm_field_len(&recs[0], f);
    double *x = fa_malloc(reps * len * sizeof *x);
    dm_gather(x, recs, reps, f, layer);
    dm_write_series(o, qty, cond, layer, x, reps, len, ma, every);
    free(x);
}

double dm_field_mean(const dm_record *recs, size_t reps, dm_field f, size_t layer,
                     double lo, double hi)
{
    size_t len = dm_field_len(&recs[0], f);
    size_t a = (size_t)(lo * (double)len), b = (size_t)(hi * (double)len);
    double *x = fa_malloc(reps * len * sizeof *x), *per = fa_malloc(reps * sizeof *per);
    dm_gather(x, recs, reps, f, layer);
    for (size_t r = 0; r < reps; r++) {
        double s = 0;
        size_t n = 0;
        for (size_t j = a; j < b && j < len; j++)
            if (isfinite(x[r * len + j]))
                s += x[r * len + j], n++;
        per[r] = n ? s / (double)n : NAN;
    }
    double mean, sem;
    dm_mean_sem(per, reps, 1, &mean, &sem);
    free(x);
    free(per);
    return mean;
}

void dm_prog_begin(dm_prog *p, int argc, char **argv, const fig_info *info,
                   size_t paper_epochs, size_t quick_epochs)
{
    memset(p, 0, sizeof *p);
    cli_opt opts[] = {DM_SCALE_OPTS(p->sc)};
    cli_parse(argc, argv, info, opts, FA_ARRAY_LEN(opts), &p->cfg);
    dm_scale_resolve(&p->sc, &p->cfg, paper_epochs, quick_epochs);
}

void dm_prog_run(dm_prog *p, const dm_setup *s, size_t nsetups, int params)
{
    for (size_t c = 0; params && c < nsetups; c++)
        dm_setup_param(&p->cfg, &s[c]);
    dm_data_load(&p->d, p->cfg.data_dir, p->sc.ntrain, p->sc.ntest);
    p->nsetups = nsetups;
    p->reps = p->cfg.reps;
    p->rec = fa_calloc(nsetups * p->reps, sizeof *p->rec);
    dm_run_all(p->rec, s, nsetups, p->reps, &p->d, &p->cfg);
}

void dm_prog_end(dm_prog *p, const claims *cl)
{
    claims_write(cl, &p->cfg);
    out_commit_all();
    for (size_t i = 0; i < p->nsetups * p->reps; i++)
        dm_record_free(&p->rec[i]);
    free(p->rec);
    dm_data_free(&p->d);
}
