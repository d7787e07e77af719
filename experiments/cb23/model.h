/* model.h — cb23's network: an encoder trained by exact backpropagation and a
 * one-layer decoder whose backward path is BP, FA or one of the paper's
 * variants (cb23 sec. 2.4, Fig. 5; authors' FADeepFullNet and FALinear).
 *
 * Rows are samples (batch x features), weights are in x out, z = x W + b.
 *   encoder layer l:  Z_l = H_{l-1} W_l + b_l,  A_l = tanh(Z_l),  H_l = s_l A_l
 *                     with s_l a scalar "activation scale" (init 1, learnable
 *                     only when asked: cb23 sec. 2.4, Fig. 4)
 *   decoder:          Z_o = H W_o + b_o,  Yhat = f(Z_o), f = sigmoid, identity
 *                     or hardtanh(+-5)
 *   loss:             mean((Yhat - Y)^2) over the batch and the outputs
 *                     (torch's mse_loss), G = dLoss/dZ_o
 * The decoder's own gradients are always the true ones (dW_o = H^T G); only
 * the signal dH sent back into the encoder depends on the feedback type:
 *   BP:   dH = G W_o^T
 *   FA:   dH = G F                          F fixed, out x in, kaiming-normal
 *   NFA:  dH = G (F + a (U - 1/2))          U ~ U(0,1) elementwise, fresh per call
 *   NF:   dH = tanh(G F_1) F_2              F_1: out x 50, F_2: 50 x in, fixed
 *   TF:   dH = G_T F - mean_batch(G_T F),   G_T = c Y (.) f'(Z_o),
 *         c = 0.01 (1 - max(acc, 0)): the target, not the error, is sent back,
 *         scaled by how much is still wrong; the decoder is trained on its
 *         own MSE with H held fixed. With lambda > 0 the encoder also
 *         descends lambda (1 - max(acc, 0)) mean((K - I)^2), K the cosine
 *         similarities of the batch's rows of H (the "entropy" term).
 * Parameters are updated by Adam (adam.h). */
#ifndef CB23_MODEL_H
#define CB23_MODEL_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "adam.h"
#include "mat.h"

typedef enum { CB_BP, CB_FA, CB_TF, CB_NF, CB_NFA, CB_FEEDBACKS } cb_feedback;
extern const char *const cb_feedback_name[CB_FEEDBACKS];   /* "BP", "FA", ... */

typedef enum { OUT_SIGMOID, OUT_IDENTITY, OUT_HARDTANH5 } cb_output;

enum { NF_HIDDEN = 50 };   /* authors' code: NF's hidden size */
#define TF_GAIN 0.01       /* authors' code: the injected gradient 0.01 (1 - acc) Y */

/* A = tanh(Z) on the package's kernels: tanh is odd and SLEEF's tanh is
 * exactly odd, so tanh(z) = tanh(relu(z)) - tanh(relu(-z)) with one term 0;
 * this keeps every kernel path bit-identical. tmp has Z's shape (scratch);
 * A may alias Z. */
void cb_tanh(mat A, mat Z, mat tmp);

/* A fully connected layer z = x W + b with its gradients and Adam moments. */
typedef struct dense {
    mat W, b;          /* in x out, 1 x out */
    mat dW, db;        /* dLoss/dW, dLoss/db */
    adam_slot aW, ab;
} dense;

dense dense_alloc(size_t in, size_t out);
void dense_free(dense *d);
/* Z = X W + b for the X.rows rows of X. */
void dense_forward(const dense *d, mat X, mat Z);
/* dW = X^T dZ, db = column sums of dZ, and dX = dZ W^T when dX.v != NULL. */
void dense_backward(dense *d, mat X, mat dZ, mat dX);
void dense_adam(dense *d, const adam *a);

/* The decoder's backward path. */
typedef struct cb_fbpath {
    cb_feedback kind;
    size_t in, out;
    mat F;             /* out x in (FA, TF, NFA) */
    mat F1, F2;        /* out x NF_HIDDEN, NF_HIDDEN x in (NF) */
    double amp;        /* NFA noise amplitude a */
    mat noisy;         /* scratch: F + noise */
    mat T, T2;         /* scratch: batch x NF_HIDDEN */
} cb_fbpath;

/* Feedback matrices drawn from r (kaiming-normal, std sqrt(2 / fan_in) with
 * fan_in the number of columns, as torch draws a [rows, cols] tensor): F, then
 * F_1 and F_2 — in that order for every kind, so FA, TF and NFA of one
 * repetition share F. batch is the largest batch dH will be computed for. */
cb_fbpath cb_fbpath_alloc(cb_feedback kind, size_t in, size_t out, size_t batch,
                          double amp, gsl_rng *r);
void cb_fbpath_free(cb_fbpath *p);

/* dH (rows x in) from G (rows x out); Wo (in x out) is the decoder's weight,
 * used by BP; noise draws NFA's perturbation. TF subtracts the batch mean. */
void cb_fbpath_apply(cb_fbpath *p, mat Wo, mat G, mat dH, gsl_rng *noise);

/* The "entropy" term of TF: returns mean((K - I)^2) over the rows x rows
 * cosine-similarity matrix K of H and adds weight * its gradient to dH.
 * Uses K's Frobenius norm = that of Hn^T Hn (Hn: H with unit rows), so K is
 * never formed. */
double cb_entropy_term(mat H, double weight, mat dH);

/* What a run changes (the rest comes from the widths and the task). */
typedef struct cb_spec {
    cb_feedback fb;
    cb_output out;
    int learn_scale;       /* s_l learnable (authors: non-BP runs of run2-4) */
    int learn_decoder;     /* 0: Delta W_O off (Fig. 1, right) */
    double tf_lambda;      /* TF's entropy weight lambda (0: none) */
    double nfa_amp;        /* NFA's a */
    double lr;             /* Adam's learning rate */
} cb_spec;

typedef struct cb_model {
    cb_spec spec;
    size_t nenc;           /* encoder layers */
    size_t *w;             /* widths w[0] (input) .. w[nenc] (H), w[nenc + 1] (out) */
    dense *enc;            /* enc[0 .. nenc-1] */
    float *scale, *dscale;
    adam_slot *ascale;
    dense dec;
    cb_fbpath fb;
    adam opt;
} cb_model;

/* Activations and gradients of one batch (up to cap rows). */
typedef struct cb_cache {
    size_t nenc, cap, rows;   /* rows: of the last forward pass */
    mat *Z, *A, *H;        /* per encoder layer; H[l] = s_l A[l] */
    mat Zo, Yhat, G, GT;   /* decoder pre-activation, output, dLoss/dZo, TF's G_T */
    mat *dH;               /* dLoss/dH[l] (dH[nenc - 1] from the feedback path) */
    mat dZ;                /* scratch, cap x max width */
} cb_cache;

/* The network with widths w[0..nenc+1], drawn from r_init (encoder: torch's
 * default Linear init U(+-1/sqrt(in)) for weights and biases; decoder:
 * kaiming-normal weights, biases U(-0.1, 0.1)) and r_fb (feedback path). */
cb_model cb_model_create(const cb_spec *spec, size_t nenc, const size_t *w, size_t cap,
                         gsl_rng *r_init, gsl_rng *r_fb);
void cb_model_free(cb_model *m);

cb_cache cb_cache_alloc(const cb_model *m, size_t cap);
void cb_cache_free(cb_cache *c);

/* Forward pass of X's rows; the code H of the batch is c->H[nenc - 1]. */
void cb_forward(const cb_model *m, mat X, cb_cache *c);

/* mean((Yhat - Y)^2) of the last forward pass. */
double cb_loss(const cb_cache *c, mat Y);

/* Gradients of every parameter for the last forward pass, targets Y and the
 * batch's accuracy acc (TF's modulator); with dX.v != NULL also dLoss/dX for a
 * backbone below. noise: NFA's stream. Returns the entropy term (TF, else 0). */
double cb_backward(cb_model *m, cb_cache *c, mat X, mat Y, double acc, mat dX,
                   gsl_rng *noise);

/* One Adam step on every trainable parameter (the decoder only when
 * learn_decoder; the scales only when learn_scale). */
void cb_step(cb_model *m);

/* 1 if every weight, bias and scale is finite; else names the first bad one
 * in what (e.g. "encoder layer 2 weights"). */
int cb_model_finite(const cb_model *m, char *what, size_t len);

#endif
