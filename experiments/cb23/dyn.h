/* dyn.h — cb23's idealised hidden-state dynamics (sec. 2.2, eq. 10, Figs. 2
 * and 6; authors' FA-idealized_dynamics notebook).
 *
 * The n hidden states H (n x m) move freely, driven only by the feedback
 * signal S (n x m) in first-order steps  H <- H - mu S,  with
 *   FA:   S = (H W - Y) B                 (eq. 10: dH/dt = -B(W_O H - Y))
 *   TF:   S = -Y B                        (the error without its H W part)
 *   NF:   S = -tanh(Y B1) B2              (a fixed two-layer tanh net, 4 hidden)
 *   NFA:  S = (H W - Y)(B + 0.1 N)        (N ~ N(0,1), fresh at every step)
 * where Y (n x 1) are the targets, W (m x 1) a fixed readout and B (1 x m),
 * B1 (1 x 4), B2 (4 x m) fixed N(0,1) feedback weights.
 *
 * Measured at every step t, before the update:
 *   direct   mean((H W - Y)^2), the network's own error
 *   resid    mean((H theta - Y)^2), theta = argmin ||H theta - Y|| (no
 *            intercept): what the best linear readout of H still misses
 *   gnorm    ||dL_R/dH||_F, L_R = ||H theta - Y||^2 (eq. 11); since theta
 *            minimises L_R, dL_R/dH = 2 (H theta - Y) theta^T (envelope theorem)
 *   hnorm    mean_i ||H_i||
 *   angle    S_t ∠ dL_R/dH at the current H (the update -mu S_t against the
 *            descent direction of L_R), degrees
 *   angle0   S_0 ∠ dL_R/dH, with the signal frozen at t = 0 (the authors'
 *            notebook)
 *   mi       MI(H; Y), binned at 0.1 (info.h)
 *   hy       H(Y) binned alike: the ceiling of mi */
#ifndef CB23_DYN_H
#define CB23_DYN_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DYN_FA, DYN_TF, DYN_NF, DYN_NFA, DYN_KINDS } dyn_kind;
extern const char *const dyn_name[DYN_KINDS];

typedef enum { D_DIRECT, D_RESID, D_GNORM, D_HNORM, D_ANGLE, D_ANGLE0, D_MI, D_HY, D_COUNT } dyn_col;
extern const char *const dyn_col_name[D_COUNT];

enum { DYN_NF_HIDDEN = 4 };   /* authors' notebook */
#define DYN_NFA_SD 0.1        /* authors' notebook: B + 0.1 N(0, 1) */

/* The shared start of the authors' notebook, drawn from stream (seed, 0, 0):
 * H0 (n x m) and Y (n) ~ U(-0.5, 0.5), then W (m) ~ N(0, 1) / m. */
void dyn_start(double *H0, double *Y, double *W, size_t n, size_t m, uint64_t seed);

/* One trajectory of `steps` updates with step mu from H0 (n x m, row-major),
 * Y (n) and W (m); the feedback weights are drawn from r (B, then B1 and B2,
 * then NFA's noise step by step). out receives (steps + 1) x D_COUNT values;
 * mi and hy are NaN unless want_mi. */
void dyn_run(double *out, dyn_kind kind, const double *H0, const double *Y, const double *W,
             size_t n, size_t m, size_t steps, double mu, int want_mi, gsl_rng *r);

/* The regression quantities of H and Y (n x m, n): theta (m), the mean
 * squared residual, and G = dL_R/dH = 2 (H theta - Y) theta^T (n x m, may be
 * NULL). Exposed for the tests. */
double dyn_regression(double *theta, double *G, const double *H, const double *Y, size_t n,
                      size_t m);

#endif
