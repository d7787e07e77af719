/* lif_net.h — the network of sse19 (Fig. 1), shared by sse19-fig2 … fig6.
 *
 * One hidden layer of n rate LIF neurons with NEF tuning curves (sse19,
 * "A new geometric interpretation"):
 *     J_i(x) = gamma_i <p_i, x> + beta_i,    a_i(x) = G(J_i(x)),
 *     y(x)   = sum_i a_i(x) D_i              (D_i: row i of the decoders)
 * with preferred directions p_i (columns of P, d x n), fixed gains alpha_i
 * and biases beta_i, and gamma_i = alpha_i (modes NONE and FORCED) or
 * alpha_i / ||p_i|| (mode AUG, sse19 eq. 4). G is the normalised LIF rate
 * curve of the authors' code (tau_rc = 1, tau_ref = 2/3, threshold J = 1).
 *
 * Learning (sse19 eqs. 1-6): the decoders D are the least-squares solution
 * over the whole training set, recomputed after every epoch; the preferred
 * directions follow minibatch gradient descent on the batch mean of
 * 1/2 ||y - t||^2 with the hidden error
 *     delta_i = G'(J_i) <F_i, y - t>,   F_i = D_i (BP) or e_i (FA),
 * e_i a fixed random unit "preferred error direction" (eq. 3). With
 * g_i = mean_batch delta_i x (the gradient with respect to w_i = gamma_i p_i):
 *     NONE:    p_i <- p_i - eta alpha_i g_i
 *     FORCED:  the same, then p_i <- p_i / ||p_i||
 *     AUG:     p_i <- p_i - eta gamma_i (g_i - <g_i, p^_i> p^_i),  p^_i = p_i/||p_i||
 * AUG is the gradient with respect to p of the loss of w_i = alpha_i p_i/||p_i||
 * (eqs. 5-6): orthogonal to p_i, so it leaves ||p_i|| unchanged to first order. */
#ifndef FA_SSE19_LIF_NET_H
#define FA_SSE19_LIF_NET_H

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "mat.h"
#include "net.h"   /* feedback: FB_BP, FB_FA */

/* ---- the LIF rate curve -----------------------------------------------------
 * G(J) = 1 / (tau_ref + tau_rc ln(J / (J - 1))) for J > 1, else 0, with
 * tau_rc = 1 and tau_ref = 2/3 (authors' code): rates rise from 0 at the
 * threshold J = 1 towards 1/tau_ref = 1.5. */
#define LIF_TAU_REF (2.0 / 3.0)
/* G'(J) = G(J)^2 / (J (J - 1)) is infinite at the threshold. The learning
 * rule uses G'(max(J, 1 + LIF_DJ)) for J > 1 and 0 below: the slope is
 * capped at G'(1.05) ≈ 1.4, five times the slope at J = 2, so the few
 * inputs that land just above threshold do not dominate an update. (Our
 * choice; the paper does not say how it treats the threshold.) */
#define LIF_DJ 0.05

double lif_rate(double J);
double lif_rate_deriv(double J);    /* the capped derivative above */

/* The slope the learning rule uses: the capped G' above (default), or the
 * step the paper describes ("f' = 1 when the neuron is firing", 0 when not;
 * exact for the rectified linear neurons of the authors' code). */
typedef enum { DERIV_CAPPED, DERIV_STEP } lif_deriv;
extern const char *const lif_deriv_name[2];   /* "capped", "step" */
double lif_current(double a);       /* G^-1(a) for 0 <= a < 1/tau_ref */

/* ---- the network ------------------------------------------------------------ */

typedef enum { NORM_NONE, NORM_FORCED, NORM_AUG } lif_norm;
extern const char *const lif_norm_name[3];   /* "none", "forced", "augmented" */

typedef struct lif_net {
    size_t d, n, k;     /* input dimension, hidden neurons, outputs */
    mat P;              /* d x n: column i is the preferred direction p_i */
    float *alpha;       /* n gains */
    float *beta;        /* n biases */
    mat E;              /* n x k: row i is the FA error direction e_i (unit) */
    mat D;              /* n x k: decoders (output weights) */
} lif_net;

lif_net lif_net_alloc(size_t d, size_t n, size_t k);
void lif_net_free(lif_net *net);

/* NEF initialisation as in the authors' code, drawn from r in this order:
 * p_i Gaussian then normalised; intercepts xi_i = ±sqrt(Beta(1/2, (d+1)/2))
 * (the distribution of <p, x> for x uniform in the unit ball), sign ±1 with
 * probability 1/2; maximum rates a_max ~ U(0.5, 1); then
 *     alpha_i = (G^-1(a_max) - 1) / (1 - xi_i),  beta_i = G^-1(a_max) - alpha_i,
 * so that neuron i starts firing at <p_i, x> = xi_i and reaches a_max at
 * <p_i, x> = 1; finally e_i Gaussian then normalised. D = 0. */
void lif_nef_init(lif_net *net, gsl_rng *r);

/* gamma_i (see the top of this file) into gamma[0..n-1]. */
void lif_gains(const lif_net *net, lif_norm norm, float *gamma);

/* J = gamma (.) (X P) + beta and A = G(J) for the rows of X (m x d); J and A
 * are m x n. A may be J itself (then J is overwritten by the rates). */
void lif_forward(const lif_net *net, lif_norm norm, mat X, mat J, mat A);

/* Y = A D (m x k). */
void lif_decode(const lif_net *net, mat A, mat Y);

/* sqrt of the mean over all elements of (Y - T)^2. */
double lif_rmse(mat Y, mat T);

/* ---- least-squares decoders ------------------------------------------------
 * D minimises ||A D - T||_F by truncated SVD: singular values of A below
 * rcond times the largest are treated as zero (numpy's lstsq(A, T, rcond),
 * the authors' decoder solver with rcond = 1e-2). We compute it from the
 * normal equations: the Gram matrix A^T A (float GEMM over chunks of rows,
 * summed in double) and its eigendecomposition (GSL), keeping eigenvalues
 * above rcond^2 times the largest. In exact arithmetic this is the truncated
 * SVD solution; the float Gram resolves eigenvalues down to about 1e-6 of
 * the largest, i.e. rcond down to about 1e-3. */
typedef struct lif_lsq {
    size_t n, k;
    gsl_matrix *G, *V, *R;          /* n x n Gram, eigenvectors; n x k A^T T */
    gsl_vector *lambda;
    gsl_eigen_symmv_workspace *ws;
    mat Gf, Rf;                     /* float chunk products */
} lif_lsq;

lif_lsq lif_lsq_alloc(size_t n, size_t k);
void lif_lsq_free(lif_lsq *ls);
/* D (n x k) from A (m x n) and T (m x k); returns the rank kept. */
size_t lif_lsq_solve(lif_lsq *ls, mat A, mat T, double rcond, mat D);

/* ---- training ------------------------------------------------------------------ */

typedef struct lif_train_cfg {
    lif_norm norm;
    feedback fb;
    double eta;         /* learning rate (gradients are batch means) */
    size_t batch;       /* minibatch size; must divide the training set size */
    size_t epochs;
    double rcond;       /* decoder truncation (see lif_lsq_solve) */
    lif_deriv deriv;    /* slope in delta_i (default: the capped G') */
} lif_train_cfg;

/* What is measured after the decoders of an epoch are solved. */
typedef struct lif_stats {
    double rmse;        /* training RMSE */
    double dphi;        /* sse19 Fig. 4 Delta phi (only for d == 2, else NaN) */
    double pnorm;       /* mean ||p_i|| */
    double test_err;    /* test classification error (NaN without a test set) */
} lif_stats;

typedef struct lif_work {
    size_t batch, m, mtest;
    mat Xb, Tb, J, A, Y, H, Fp, Gw; /* batch buffers */
    mat Af, Yf;                      /* whole training set */
    mat At, Yt;                      /* test set (mtest > 0) */
    float *gamma;
    size_t *order;
    lif_lsq ls;
} lif_work;

lif_work lif_work_alloc(const lif_net *net, size_t batch, size_t m, size_t mtest);
void lif_work_free(lif_work *w);

/* One gradient step on the batch (X, T) (rows), as at the top of this file. */
void lif_step(lif_net *net, const lif_train_cfg *c, mat X, mat T, lif_work *w);

/* Solve the decoders on (X, T) and measure; with Xtest, the test error of
 * argmax(y) against labels. */
lif_stats lif_fit(lif_net *net, const lif_train_cfg *c, mat X, mat T, mat Xtest,
                  const uint8_t *labels, lif_work *w);

/* Called after every fit, epoch 0 being the untrained network. */
typedef void (*lif_epoch_fn)(size_t epoch, const lif_net *net, const lif_stats *s,
                             void *ctx);

/* Fit (epoch 0), then c->epochs times: one pass over (X, T) in a fresh
 * random order (shuffle) in minibatches, and a fit. Dies with the epoch and
 * quantity named if a weight, decoder or error stops being finite. Xtest may
 * have 0 rows (labels NULL). */
void lif_train(lif_net *net, const lif_train_cfg *c, mat X, mat T, mat Xtest,
               const uint8_t *labels, gsl_rng *shuffle, lif_epoch_fn fn, void *ctx);

/* ---- geometry --------------------------------------------------------------- */

/* sse19 Fig. 4: the mean over neurons of the angular distance (radians, in
 * [0, pi/4]) of p_i to the nearest diagonal of the plane (P is 2 x n).
 * Directions uniform on the circle give pi/8 on average. */
double lif_dphi(mat P);

/* Mean ||p_i|| over the columns of P. */
double lif_mean_norm(mat P);

/* Row r = a side + b of X (side^2 x 2) is the grid point
 * (-1 + 2b/(side-1), -1 + 2a/(side-1)) of [-1, 1]^2. */
void lif_square_grid(size_t side, mat X);

/* Where the network errs on y = x1 x2: the mean |y(x) - x1 x2| over the
 * points of a side x side grid in the unit disk that are nearer a diagonal
 * than an axis, divided by the mean over the points nearer an axis. */
double lif_diagonal_error_ratio(const lif_net *net, lif_norm norm, size_t side);

/* The multiplication task (authors' code): x = r (cos phi, sin phi) with
 * phi ~ U(-pi, pi), r ~ U(0, 1), t = x_1 x_2; X is m x 2, T is m x 1. */
void lif_product_data(gsl_rng *r, mat X, mat T);

#endif
