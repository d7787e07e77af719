#include "net.h"

#include <string.h>

#include "kernels.h"
#include "util.h"

net net_create(size_t depth, const size_t *widths, act_kind hidden,
               act_kind output, int with_feedback, int with_bias)
{
    net nt = {depth, fa_calloc(depth + 1, sizeof(size_t)), hidden, output,
              fa_calloc(depth, sizeof(mat)), fa_calloc(depth, sizeof(mat)),
              fa_calloc(depth + 1, sizeof(mat))};
    memcpy(nt.n, widths, (depth + 1) * sizeof(size_t));
    for (size_t l = 0; l < depth; l++) {
        nt.W[l] = mat_alloc(widths[l], widths[l + 1]);
        if (with_feedback && l > 0)
            nt.B[l] = mat_alloc(widths[l + 1], widths[l]);
        if (with_bias)
            nt.b[l + 1] = mat_alloc(1, widths[l + 1]);
    }
    return nt;
}

void net_free(net *nt)
{
    for (size_t l = 0; l < nt->depth; l++) {
        mat_free(&nt->W[l]);
        mat_free(&nt->B[l]);
        mat_free(&nt->b[l + 1]);
    }
    free(nt->W);
    free(nt->B);
    free(nt->b);
    free(nt->n);
    memset(nt, 0, sizeof *nt);
}

void net_init_gauss(net *nt, gsl_rng *r, double sd)
{
    for (size_t l = 0; l < nt->depth; l++)
        mat_gauss(nt->W[l], r, 0.0, sd);
    for (size_t l = 1; l < nt->depth; l++)
        if (nt->B[l].v)
            mat_gauss(nt->B[l], r, 0.0, sd);
    for (size_t l = 1; l <= nt->depth; l++)
        if (nt->b[l].v)
            mat_gauss(nt->b[l], r, 0.0, sd);
}

net_fwd net_fwd_alloc(const net *nt, size_t batch)
{
    net_fwd f = {nt->depth, batch, fa_calloc(nt->depth + 1, sizeof(mat)),
                 fa_calloc(nt->depth + 1, sizeof(mat))};
    for (size_t l = 1; l <= nt->depth; l++) {
        f.Z[l] = mat_alloc(batch, nt->n[l]);
        f.L[l] = mat_alloc(batch, nt->n[l]);
    }
    return f;
}

void net_fwd_free(net_fwd *f)
{
    /* L[0] is a view of the caller's input, not ours to free */
    for (size_t l = 1; f->Z && l <= f->depth; l++) {
        mat_free(&f->Z[l]);
        mat_free(&f->L[l]);
    }
    free(f->Z);
    free(f->L);
    memset(f, 0, sizeof *f);
}

net_grad net_grad_alloc(const net *nt, size_t batch)
{
    size_t d = nt->depth;
    net_grad g = {d, fa_calloc(d + 1, sizeof(mat)), fa_calloc(d + 1, sizeof(mat)),
                  fa_calloc(d, sizeof(mat)), fa_calloc(d + 1, sizeof(mat))};
    for (size_t l = 0; l < d; l++)
        g.dW[l] = mat_alloc(nt->n[l], nt->n[l + 1]);
    for (size_t l = 1; l <= d; l++) {
        g.delta[l] = mat_alloc(batch, nt->n[l]);
        g.G[l] = mat_alloc(batch, nt->n[l]);
        if (nt->b[l].v)
            g.db[l] = mat_alloc(1, nt->n[l]);
    }
    return g;
}

void net_grad_free(net_grad *g)
{
    for (size_t l = 0; g->dW && l < g->depth; l++)
        mat_free(&g->dW[l]);
    for (size_t l = 1; g->delta && l <= g->depth; l++) {
        mat_free(&g->delta[l]);
        mat_free(&g->G[l]);
        mat_free(&g->db[l]);
    }
    free(g->delta);
    free(g->G);
    free(g->dW);
    free(g->db);
    memset(g, 0, sizeof *g);
}

void act_forward(act_kind a, mat Z, mat L)
{
    switch (a) {
    case ACT_LINEAR:
        if (L.v != Z.v)
            mat_copy(L, Z);
        break;
    case ACT_RELU:
        act_relu_f32(Z.rows, Z.cols, Z.v, Z.ld, L.v, L.ld);
        break;
    case ACT_TANH_RELU:
        act_tanh_relu_f32(Z.rows, Z.cols, Z.v, Z.ld, L.v, L.ld);
        break;
    }
}

void act_deriv_mul(act_kind a, mat G, mat Z, mat D)
{
    switch (a) {
    case ACT_LINEAR:
        if (D.v != G.v)
            mat_copy(D, G);
        break;
    case ACT_RELU:
        dact_relu_f32(G.rows, G.cols, G.v, G.ld, Z.v, Z.ld, D.v, D.ld);
        break;
    case ACT_TANH_RELU:
        dact_tanh_relu_f32(G.rows, G.cols, G.v, G.ld, Z.v, Z.ld, D.v, D.ld);
        break;
    }
}

/* D = G (.) f'(Z_l) inside the backward pass, where the forward pass has left
 * L_l = f(Z_l): tanh(relu) then takes its derivative from L instead of
 * evaluating tanh again (the same bits, kernels.h). */
static void deriv_mul_fwd(act_kind a, mat G, const net_fwd *f, size_t l, mat D)
{
    mat Z = f->Z[l], L = f->L[l];
    if (a == ACT_TANH_RELU)
        dact_tanh_relu_l_f32(G.rows, G.cols, G.v, G.ld, Z.v, Z.ld, L.v, L.ld, D.v, D.ld);
    else
        act_deriv_mul(a, G, Z, D);
}

void net_preact(mat Z, const net *nt, mat L, mat W, size_t l)
{
    float beta = 0.0f;
    if (nt->b[l].v) {   /* start every row from the bias */
        for (size_t i = 0; i < Z.rows; i++)
            memcpy(mat_at(Z, i, 0), nt->b[l].v, Z.cols * sizeof(float));
        beta = 1.0f;
    }
    gemm_nn_f32(Z.rows, Z.cols, W.rows, 1.0f, L.v, L.ld, W.v, W.ld, beta, Z.v, Z.ld);
}

void net_forward(const net *nt, mat X, net_fwd *f)
{
    size_t d = nt->depth;
    f->L[0] = mat_rows(X, 0, f->batch);
    for (size_t l = 1; l <= d; l++) {
        net_preact(f->Z[l], nt, f->L[l - 1], nt->W[l - 1], l);
        act_forward(l == d ? nt->output : nt->hidden, f->Z[l], f->L[l]);
    }
}

void net_error(const net_fwd *f, mat target, mat E)
{
    mat Y = f->L[f->depth];
    for (size_t i = 0; i < f->batch; i++)
        for (size_t j = 0; j < Y.cols; j++)
            *mat_at(E, i, j) = *mat_at(target, i, j) - *mat_at(Y, i, j);
}

void net_backward(const net *nt, const net_fwd *f, mat E, feedback fb,
                  double eta, net_grad *g)
{
    size_t nb = f->batch, d = nt->depth;
    deriv_mul_fwd(nt->output, mat_rows(E, 0, nb), f, d, g->delta[d]);
    for (size_t l = d - 1; l >= 1; l--) {
        mat up = g->delta[l + 1], G = g->G[l], W = nt->W[l], B = nt->B[l];
        if (fb == FB_FA && B.v)   /* G = delta_{l+1} B_l */
            gemm_nn_f32(nb, B.cols, B.rows, 1.0f, up.v, up.ld, B.v, B.ld, 0.0f, G.v, G.ld);
        else                      /* G = delta_{l+1} W_l^T */
            gemm_nt_f32(nb, W.rows, W.cols, 1.0f, up.v, up.ld, W.v, W.ld, 0.0f, G.v, G.ld);
        deriv_mul_fwd(nt->hidden, G, f, l, g->delta[l]);
    }
    for (size_t l = 0; l < d; l++) {   /* dW_l = eta L_l^T delta_{l+1} */
        mat L = f->L[l], D = g->delta[l + 1], dW = g->dW[l];
        gemm_tn_f32(dW.rows, dW.cols, nb, (float)eta, L.v, L.ld, D.v, D.ld, 0.0f, dW.v, dW.ld);
    }
    for (size_t l = 1; l <= d; l++)   /* db_l = eta * column sums of delta_l */
        if (g->db[l].v)
            colsum_f32(nb, g->delta[l].cols, g->delta[l].v, g->delta[l].ld, (float)eta,
                       g->db[l].v);
}

void net_apply(net *nt, const net_grad *g)
{
    for (size_t l = 0; l < nt->depth; l++) {
        mat_axpy(nt->W[l], 1.0f, g->dW[l]);
        if (nt->b[l + 1].v)
            mat_axpy(nt->b[l + 1], 1.0f, g->db[l + 1]);
    }
}

void net_colnorm(net *nt, double gamma)
{
    for (size_t l = 0; l < nt->depth; l++)
        colnorm_f32(nt->W[l].rows, nt->W[l].cols, nt->W[l].v, nt->W[l].ld, gamma);
}
