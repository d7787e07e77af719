#include "model.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <sleef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "util.h"

const char *const cb_feedback_name[CB_FEEDBACKS] = {"BP", "FA", "TF", "NF", "NFA"};

void cb_tanh(mat A, mat Z, mat tmp)
{
    /* contiguous matrices go through the kernels as one long row: the SIMD
     * paths vectorise along rows, and our codes are narrow */
    size_t rows = Z.rows, cols = Z.cols;
    if (Z.ld == cols && A.ld == cols && tmp.ld == cols)
        cols *= rows, rows = 1;
    mat z = {rows, cols, Z.ld, Z.v}, a = {rows, cols, A.ld, A.v}, t = {rows, cols, tmp.ld, tmp.v};
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            *mat_at(t, i, j) = -*mat_at(z, i, j);
    act_tanh_relu_f32(rows, cols, t.v, t.ld, t.v, t.ld);
    act_tanh_relu_f32(rows, cols, z.v, z.ld, a.v, a.ld);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            *mat_at(a, i, j) -= *mat_at(t, i, j);
}

/* ---- dense layers ----------------------------------------------------------- */

dense dense_alloc(size_t in, size_t out)
{
    dense d = {mat_alloc(in, out), mat_alloc(1, out), mat_alloc(in, out), mat_alloc(1, out),
               adam_slot_alloc(in * out), adam_slot_alloc(out)};
    return d;
}

void dense_free(dense *d)
{
    mat_free(&d->W), mat_free(&d->b), mat_free(&d->dW), mat_free(&d->db);
    adam_slot_free(&d->aW), adam_slot_free(&d->ab);
}

void dense_forward(const dense *d, mat X, mat Z)
{
    /* X is rows x in, W in x out, Z rows x out: every row starts from b */
    for (size_t i = 0; i < X.rows; i++)
        memcpy(mat_at(Z, i, 0), d->b.v, d->b.cols * sizeof(float));
    gemm_nn_f32(X.rows, d->W.cols, d->W.rows, 1.0f, X.v, X.ld, d->W.v, d->W.ld, 1.0f, Z.v, Z.ld);
}

void dense_backward(dense *d, mat X, mat dZ, mat dX)
{
    /* dW (in x out) = X^T dZ, db = 1^T dZ, dX (rows x in) = dZ W^T */
    gemm_tn_f32(d->W.rows, d->W.cols, X.rows, 1.0f, X.v, X.ld, dZ.v, dZ.ld, 0.0f, d->dW.v,
                d->dW.ld);
    for (size_t j = 0; j < dZ.cols; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < dZ.rows; i++)
            s += *mat_at(dZ, i, j);
        d->db.v[j] = s;
    }
    if (dX.v)
        gemm_nt_f32(dZ.rows, d->W.rows, d->W.cols, 1.0f, dZ.v, dZ.ld, d->W.v, d->W.ld, 0.0f,
                    dX.v, dX.ld);
}

void dense_adam(dense *d, const adam *a)
{
    /* W, b and their gradients are contiguous (ld == cols) */
    adam_update(a, &d->aW, d->W.v, d->dW.v);
    adam_update(a, &d->ab, d->b.v, d->db.v);
}

/* ---- feedback paths --------------------------------------------------------- */

static void kaiming_normal(mat a, gsl_rng *r)
{
    mat_gauss(a, r, 0.0, sqrt(2.0 / (double)a.cols));
}

cb_fbpath cb_fbpath_alloc(cb_feedback kind, size_t in, size_t out, size_t batch,
                          double amp, gsl_rng *r)
{
    cb_fbpath p = {kind, in, out, mat_alloc(out, in), mat_alloc(out, NF_HIDDEN),
                   mat_alloc(NF_HIDDEN, in), amp, mat_alloc(out, in),
                   mat_alloc(batch, NF_HIDDEN), mat_alloc(batch, NF_HIDDEN)};
    kaiming_normal(p.F, r);
    kaiming_normal(p.F1, r);
    kaiming_normal(p.F2, r);
    return p;
}

void cb_fbpath_free(cb_fbpath *p)
{
    mat_free(&p->F), mat_free(&p->F1), mat_free(&p->F2), mat_free(&p->noisy), mat_free(&p->T),
        mat_free(&p->T2);
}

void cb_fbpath_apply(cb_fbpath *p, mat Wo, mat G, mat dH, gsl_rng *noise)
{
    size_t nb = G.rows, in = p->in, out = p->out;
    switch (p->kind) {
    case CB_BP:   /* dH = G Wo^T */
        gemm_nt_f32(nb, in, out, 1.0f, G.v, G.ld, Wo.v, Wo.ld, 0.0f, dH.v, dH.ld);
        break;
    case CB_NFA:  /* a fresh perturbation of F at every call */
        for (size_t i = 0; i < out; i++)
            for (size_t j = 0; j < in; j++)
                *mat_at(p->noisy, i, j) =
                    *mat_at(p->F, i, j) + (float)(p->amp * (gsl_rng_uniform(noise) - 0.5));
        gemm_nn_f32(nb, in, out, 1.0f, G.v, G.ld, p->noisy.v, p->noisy.ld, 0.0f, dH.v, dH.ld);
        break;
    case CB_NF: { /* dH = tanh(G F1) F2 */
        mat T = mat_rows(p->T, 0, nb);
        gemm_nn_f32(nb, NF_HIDDEN, out, 1.0f, G.v, G.ld, p->F1.v, p->F1.ld, 0.0f, T.v, T.ld);
        cb_tanh(T, T, mat_rows(p->T2, 0, nb));
        gemm_nn_f32(nb, in, NF_HIDDEN, 1.0f, T.v, T.ld, p->F2.v, p->F2.ld, 0.0f, dH.v, dH.ld);
        break;
    }
    case CB_FA:
    case CB_TF:
        gemm_nn_f32(nb, in, out, 1.0f, G.v, G.ld, p->F.v, p->F.ld, 0.0f, dH.v, dH.ld);
        if (p->kind == CB_TF)   /* remove the batch mean of every hidden unit */
            for (size_t j = 0; j < in; j++) {
                double s = 0.0;
                for (size_t i = 0; i < nb; i++)
                    s += *mat_at(dH, i, j);
                float mean = (float)(s / (double)nb);
                for (size_t i = 0; i < nb; i++)
                    *mat_at(dH, i, j) -= mean;
            }
        break;
    default:
        fa_die("unknown feedback kind %d", (int)p->kind);
    }
}

/* ---- TF's entropy term ------------------------------------------------------
 * L = w mean((K - I)^2), K = Hn Hn^T, Hn_i = H_i / max(||H_i||, 1e-8) (torch's
 * cosine similarity). With S = Hn^T Hn (d x d):
 *   sum (K - I)^2 = ||S||_F^2 - 2 tr S + n,
 *   dL/dHn = (4 w / n^2) (Hn S - Hn),
 *   dL/dH_i = (dL/dHn_i - Hn_i <Hn_i, dL/dHn_i>) / ||H_i||. */
double cb_entropy_term(mat H, double weight, mat dH)
{
    size_t n = H.rows, d = H.cols;
    if (n == 0)
        return 0.0;
    mat Hn = mat_alloc(n, d), S = mat_alloc(d, d), P = mat_alloc(n, d);
    double *norm = fa_malloc(n * sizeof *norm);
    for (size_t i = 0; i < n; i++) {
        double ss = 0;
        for (size_t j = 0; j < d; j++)
            ss += (double)*mat_at(H, i, j) * *mat_at(H, i, j);
        norm[i] = fmax(sqrt(ss), 1e-8);
        for (size_t j = 0; j < d; j++)
            *mat_at(Hn, i, j) = (float)(*mat_at(H, i, j) / norm[i]);
    }
    gemm_tn_f32(d, d, n, 1.0f, Hn.v, Hn.ld, Hn.v, Hn.ld, 0.0f, S.v, S.ld);
    double tr = 0;
    for (size_t j = 0; j < d; j++)
        tr += *mat_at(S, j, j);
    double nn = (double)n * (double)n;
    double value = (mat_dot(S, S) - 2.0 * tr + (double)n) / nn;
    gemm_nn_f32(n, d, d, 1.0f, Hn.v, Hn.ld, S.v, S.ld, 0.0f, P.v, P.ld);
    double c = 4.0 * weight / nn;
    for (size_t i = 0; i < n; i++) {
        double g[64], dot = 0;   /* d <= 64: H is a narrow code */
        for (size_t j = 0; j < d; j++) {
            g[j] = c * ((double)*mat_at(P, i, j) - *mat_at(Hn, i, j));
            dot += g[j] * *mat_at(Hn, i, j);
        }
        for (size_t j = 0; j < d; j++)
            *mat_at(dH, i, j) += (float)((g[j] - dot * *mat_at(Hn, i, j)) / norm[i]);
    }
    free(norm);
    mat_free(&Hn), mat_free(&S), mat_free(&P);
    return weight * value;
}

/* ---- the model -------------------------------------------------------------- */

cb_model cb_model_create(const cb_spec *spec, size_t nenc, const size_t *w, size_t cap,
                         gsl_rng *r_init, gsl_rng *r_fb)
{
    cb_model m;
    memset(&m, 0, sizeof m);
    m.spec = *spec;
    m.nenc = nenc;
    m.w = fa_malloc((nenc + 2) * sizeof *m.w);
    memcpy(m.w, w, (nenc + 2) * sizeof *m.w);
    if (w[nenc] > 64)
        fa_die("cb_model: a code H of width %zu (at most 64)", w[nenc]);
    m.enc = fa_calloc(nenc, sizeof *m.enc);
    m.scale = fa_malloc(nenc * sizeof *m.scale);
    m.dscale = fa_calloc(nenc, sizeof *m.dscale);
    m.ascale = fa_calloc(nenc, sizeof *m.ascale);
    for (size_t l = 0; l < nenc; l++) {
        m.enc[l] = dense_alloc(w[l], w[l + 1]);
        double bound = 1.0 / sqrt((double)w[l]);
        mat_uniform(m.enc[l].W, r_init, -bound, bound);
        mat_uniform(m.enc[l].b, r_init, -bound, bound);
        m.scale[l] = 1.0f;
        m.ascale[l] = adam_slot_alloc(1);
    }
    m.dec = dense_alloc(w[nenc], w[nenc + 1]);
    mat_gauss(m.dec.W, r_init, 0.0, sqrt(2.0 / (double)w[nenc]));
    mat_uniform(m.dec.b, r_init, -0.1, 0.1);
    m.fb = cb_fbpath_alloc(spec->fb, w[nenc], w[nenc + 1], cap, spec->nfa_amp, r_fb);
    m.opt = adam_make(spec->lr);
    return m;
}

void cb_model_free(cb_model *m)
{
    for (size_t l = 0; l < m->nenc; l++) {
        dense_free(&m->enc[l]);
        adam_slot_free(&m->ascale[l]);
    }
    dense_free(&m->dec);
    cb_fbpath_free(&m->fb);
    free(m->enc), free(m->scale), free(m->dscale), free(m->ascale), free(m->w);
    memset(m, 0, sizeof *m);
}

cb_cache cb_cache_alloc(const cb_model *m, size_t cap)
{
    size_t L = m->nenc, out = m->w[L + 1], widest = out;
    cb_cache c = {L, cap, 0, fa_calloc(L, sizeof(mat)), fa_calloc(L, sizeof(mat)),
                  fa_calloc(L, sizeof(mat)), mat_alloc(cap, out), mat_alloc(cap, out),
                  mat_alloc(cap, out), mat_alloc(cap, out), fa_calloc(L, sizeof(mat)),
                  {0}};
    for (size_t l = 0; l < L; l++) {
        size_t n = m->w[l + 1];
        c.Z[l] = mat_alloc(cap, n), c.A[l] = mat_alloc(cap, n), c.H[l] = mat_alloc(cap, n);
        c.dH[l] = mat_alloc(cap, n);
        widest = n > widest ? n : widest;
    }
    c.dZ = mat_alloc(cap, widest);
    return c;
}

void cb_cache_free(cb_cache *c)
{
    for (size_t l = 0; c->Z && l < c->nenc; l++)
        mat_free(&c->Z[l]), mat_free(&c->A[l]), mat_free(&c->H[l]), mat_free(&c->dH[l]);
    free(c->Z), free(c->A), free(c->H), free(c->dH);
    mat_free(&c->Zo), mat_free(&c->Yhat), mat_free(&c->G), mat_free(&c->GT), mat_free(&c->dZ);
    memset(c, 0, sizeof *c);
}

static float out_f(cb_output o, float z)
{
    switch (o) {
    case OUT_SIGMOID: return 1.0f / (1.0f + Sleef_expf_u10(-z));
    case OUT_HARDTANH5: return z < -5.0f ? -5.0f : z > 5.0f ? 5.0f : z;
    default: return z;
    }
}

/* f'(z) from z and y = f(z) */
static float out_df(cb_output o, float z, float y)
{
    switch (o) {
    case OUT_SIGMOID: return y * (1.0f - y);
    case OUT_HARDTANH5: return (z > -5.0f && z < 5.0f) ? 1.0f : 0.0f;
    default: return 1.0f;
    }
}

void cb_forward(const cb_model *m, mat X, cb_cache *c)
{
    size_t nb = X.rows;
    if (nb > c->cap)
        fa_die("cb_forward: batch of %zu rows, cache holds %zu", nb, c->cap);
    c->rows = nb;
    mat in = X;
    for (size_t l = 0; l < m->nenc; l++) {
        mat Z = mat_rows(c->Z[l], 0, nb), A = mat_rows(c->A[l], 0, nb), H = mat_rows(c->H[l], 0, nb);
        mat tmp = {nb, Z.cols, Z.cols, c->dZ.v};   /* dZ is free during the forward pass */
        dense_forward(&m->enc[l], in, Z);
        cb_tanh(A, Z, tmp);
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < Z.cols; j++)
                *mat_at(H, i, j) = m->scale[l] * *mat_at(A, i, j);
        in = H;
    }
    mat Zo = mat_rows(c->Zo, 0, nb), Y = mat_rows(c->Yhat, 0, nb);
    dense_forward(&m->dec, in, Zo);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < Zo.cols; j++)
            *mat_at(Y, i, j) = out_f(m->spec.out, *mat_at(Zo, i, j));
}

double cb_loss(const cb_cache *c, mat Y)
{
    double s = 0;
    size_t nb = c->rows;
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < Y.cols; j++) {
            double e = (double)*mat_at(c->Yhat, i, j) - *mat_at(Y, i, j);
            s += e * e;
        }
    return s / ((double)nb * (double)Y.cols);
}

double cb_backward(cb_model *m, cb_cache *c, mat X, mat Y, double acc, mat dX, gsl_rng *noise)
{
    size_t nb = c->rows, L = m->nenc, out = m->w[L + 1];
    mat Zo = mat_rows(c->Zo, 0, nb), Yh = mat_rows(c->Yhat, 0, nb), G = mat_rows(c->G, 0, nb);
    float k = (float)(2.0 / ((double)nb * (double)out));   /* d mean(e^2) / d yhat = 2 e / (nb out) */
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < out; j++) {
            float z = *mat_at(Zo, i, j), y = *mat_at(Yh, i, j);
            *mat_at(G, i, j) = k * (y - *mat_at(Y, i, j)) * out_df(m->spec.out, z, y);
        }
    mat H = mat_rows(c->H[L - 1], 0, nb), dH = mat_rows(c->dH[L - 1], 0, nb);
    mat none = {0, 0, 0, NULL};
    dense_backward(&m->dec, H, G, none);   /* the decoder's true gradient, H held fixed */

    double extra = 0.0;
    if (m->spec.fb == CB_TF) {
        /* the target, not the error: G_T = 0.01 (1 - max(acc, 0)) Y (.) f'(Zo) */
        double mod = 1.0 - fmax(acc, 0.0);
        mat GT = mat_rows(c->GT, 0, nb);
        float gain = (float)(TF_GAIN * mod);
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < out; j++) {
                float z = *mat_at(Zo, i, j), y = *mat_at(Yh, i, j);
                *mat_at(GT, i, j) = gain * *mat_at(Y, i, j) * out_df(m->spec.out, z, y);
            }
        cb_fbpath_apply(&m->fb, m->dec.W, GT, dH, noise);
        if (m->spec.tf_lambda > 0)
            extra = cb_entropy_term(H, m->spec.tf_lambda * mod, dH);
    } else {
        cb_fbpath_apply(&m->fb, m->dec.W, G, dH, noise);
    }

    /* exact BP through the encoder: H = s A, A = tanh(Z), Z = H_prev W + b */
    for (size_t l = L; l-- > 0;) {
        mat A = mat_rows(c->A[l], 0, nb), dHl = mat_rows(c->dH[l], 0, nb);
        mat dZ = {nb, A.cols, c->dZ.ld, c->dZ.v};
        double ds = 0;
        float s = m->scale[l];
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < A.cols; j++) {
                float a = *mat_at(A, i, j), g = *mat_at(dHl, i, j);
                ds += (double)g * a;
                *mat_at(dZ, i, j) = s * g * (1.0f - a * a);
            }
        m->dscale[l] = (float)ds;
        mat below = l > 0 ? mat_rows(c->H[l - 1], 0, nb) : X;
        mat dbelow = l > 0 ? mat_rows(c->dH[l - 1], 0, nb) : dX;
        dense_backward(&m->enc[l], below, dZ, dbelow);
    }
    return extra;
}

void cb_step(cb_model *m)
{
    adam_begin_step(&m->opt);
    for (size_t l = 0; l < m->nenc; l++) {
        dense_adam(&m->enc[l], &m->opt);
        if (m->spec.learn_scale)
            adam_update(&m->opt, &m->ascale[l], &m->scale[l], &m->dscale[l]);
    }
    if (m->spec.learn_decoder)
        dense_adam(&m->dec, &m->opt);
}

int cb_model_finite(const cb_model *m, char *what, size_t len)
{
    for (size_t l = 0; l < m->nenc; l++) {
        const char *bad = !mat_finite(m->enc[l].W) ? "weights"
                          : !mat_finite(m->enc[l].b) ? "biases"
                          : !isfinite(m->scale[l]) ? "activation scale" : NULL;
        if (bad) {
            snprintf(what, len, "encoder layer %zu %s", l + 1, bad);
            return 0;
        }
    }
    if (!mat_finite(m->dec.W) || !mat_finite(m->dec.b)) {
        snprintf(what, len, "decoder %s", mat_finite(m->dec.W) ? "biases" : "weights");
        return 0;
    }
    return 1;
}
