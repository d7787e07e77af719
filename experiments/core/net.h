/* net.h — fully connected networks trained by backpropagation (BP) or by
 * feedback alignment (FA), in the notation of rs21 (Methods 4.1):
 *
 *   layer sizes n[0] (input) .. n[d] (output), weights W_l (n_l x n_{l+1}),
 *   Z_{l+1} = L_l W_l (+ b_{l+1}),  L_{l+1} = f(Z_{l+1}),  L_0 = X (batch rows)
 *   E = Y* - L_d,  delta_d = E (.) f'(Z_d)
 *   BP: delta_l = delta_{l+1} W_l^T (.) f'(Z_l)      (0 < l < d)
 *   FA: delta_l = delta_{l+1} B_l   (.) f'(Z_l),     B_l is n_{l+1} x n_l, fixed
 *   Delta W_l = eta L_l^T delta_{l+1}   (summed over the batch, no 1/n_b)
 *   Delta b_l = eta sum_batch delta_l
 *   W_l <- W_l + Delta W_l: plain gradient descent on 1/2 sum E^2.
 *
 * The forward pass (net_fwd) and the gradients (net_grad) are separate
 * objects, so BP and FA gradients can both be computed from one forward pass
 * and compared, while only one of them is applied. B_0 is never used (no
 * error flows into the input); a layer whose B_l was not allocated falls back
 * to W_l^T, which lets a network use FA on some layers only. */
#ifndef FA_NET_H
#define FA_NET_H

#include <gsl/gsl_rng.h>

#include "mat.h"

typedef enum {
    ACT_LINEAR,      /* f(z) = z */
    ACT_RELU,        /* f'(0) = 1: rs21's two-layer convention (mask z >= 0) */
    ACT_TANH_RELU,   /* tanh(relu(z)), f'(z) = [z > 0](1 - tanh^2 z), f'(0) = 0 */
} act_kind;

typedef enum { FB_BP, FB_FA } feedback;

typedef struct net {
    size_t depth;       /* d: number of weight matrices */
    size_t *n;          /* n[0..d] */
    act_kind hidden;    /* f on layers 1..d-1 */
    act_kind output;    /* f on layer d */
    mat *W;             /* W[0..d-1] */
    mat *B;             /* B[1..d-1] feedback (B[0] unused, .v == NULL) */
    mat *b;             /* b[1..d] as 1 x n[l] rows, or all .v == NULL: no bias */
} net;

typedef struct net_fwd {
    size_t depth, batch;
    mat *Z;             /* Z[1..d] (Z[0] unused) */
    mat *L;             /* L[0] is a view of the input X, L[1..d] = f(Z) */
} net_fwd;

typedef struct net_grad {
    size_t depth;
    mat *delta;         /* delta[1..d] */
    mat *G;             /* scratch: delta_{l+1} times the feedback matrix */
    mat *dW;            /* dW[0..d-1] = eta L^T delta */
    mat *db;            /* db[1..d] = eta * column sums of delta (if bias) */
} net_grad;

/* A network with the given widths (n[0..depth]); weights zero, feedback
 * matrices allocated for layers 1..depth-1 when with_feedback, biases when
 * with_bias. */
net net_create(size_t depth, const size_t *widths, act_kind hidden,
               act_kind output, int with_feedback, int with_bias);
void net_free(net *nt);

/* Draw W[0..d-1], then B[1..d-1], then biases, i.i.d. N(0, sd^2), in that
 * order from r. */
void net_init_gauss(net *nt, gsl_rng *r, double sd);

net_fwd net_fwd_alloc(const net *nt, size_t batch);
void net_fwd_free(net_fwd *f);
net_grad net_grad_alloc(const net *nt, size_t batch);
void net_grad_free(net_grad *g);

/* Forward pass of the batch X (batch x n[0]; f->batch rows are used). */
void net_forward(const net *nt, mat X, net_fwd *f);

/* Z = L W + b_l (b_l when the net has biases): the pre-activation of layer l
 * (1 <= l <= d) as the forward pass computes it, for a layer input L (rows x
 * n[l-1]) and weights W (n[l-1] x n[l]) that may differ from f->L[l-1] and
 * W_{l-1}. The bias rows are copied, then the GEMM accumulates onto them. */
void net_preact(mat Z, const net *nt, mat L, mat W, size_t l);

/* E = Y* - L_d (batch x n[d]). */
void net_error(const net_fwd *f, mat target, mat E);

/* Backward pass from the error E (= Y* - output): deltas and eta-scaled
 * updates, with W^T (FB_BP) or B (FB_FA) carrying the error down. */
void net_backward(const net *nt, const net_fwd *f, mat E, feedback fb,
                  double eta, net_grad *g);

/* W_l += dW_l and b_l += db_l for every layer. */
void net_apply(net *nt, const net_grad *g);

/* Neuron-wise weight normalisation (rs21 eq. 32): every column of every W_l
 * to norm gamma. */
void net_colnorm(net *nt, double gamma);

/* Apply f (elementwise) for an activation kind, and D = G (.) f'(Z). */
void act_forward(act_kind a, mat Z, mat L);
void act_deriv_mul(act_kind a, mat G, mat Z, mat D);

#endif
