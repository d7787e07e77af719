/* openloop.h — rs21's open-loop two-layer network (sections 2.1-2.3, Figs. 3,
 * 4 and S1), which hs23 (Fig. 3) reuses.
 *
 * A ReLU network n_i - n_h - n_o without biases, trained by FA, whose error
 * E is *imposed* instead of computed from a target: the feedback loop is
 * open, so whatever alignment appears comes from the update rule and the
 * statistics of X and E alone, not from learning. In rs21's notation:
 *
 *   Z_1 = X W_0, L_1 = f(Z_1), Z_2 = L_1 W_1, delta_2 = E (.) f'(Z_2)
 *   FA: delta_1 = delta_2 B     (.) f'(Z_1),   B is n_o x n_h, fixed
 *   BP: delta_1 = delta_2 W_1^T (.) f'(Z_1)    (only compared, never applied)
 *   Delta W_0 = eta X^T delta_1,  Delta W_1 = eta L_1^T delta_2 (same for both)
 *
 * with f = ReLU and f'(0) = 1 (the authors' mask z >= 0). W_0, W_1 and B are
 * drawn i.i.d. N(0, 1); ΔW_0 of FA and of BP come from the same forward pass
 * and the same W_1. Weight normalisation (WN, rs21 eq. 32) rescales every
 * column of W_0 and W_1 to norm gamma after the update; B is left as drawn,
 * as in the authors' code. Built on net.h (a depth-2 net with FA feedback). */
#ifndef FA_OPENLOOP_H
#define FA_OPENLOOP_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "mat.h"
#include "net.h"
#include "out.h"

typedef struct openloop {
    net nt;          /* W[0] = W_0 (n_i x n_h), W[1] = W_1 (n_h x n_o), B[1] = B */
    net_fwd f;       /* the forward pass of the current iteration */
    net_grad fa, bp; /* FA gradients (applied) and BP gradients (compared) */
    mat Bt;          /* B^T (n_h x n_o), the target of W_1's alignment */
    double eta;
    size_t k;        /* iterations applied so far */
} openloop;

/* Allocate an n_i - n_h - n_o network for batches of nb rows and draw W_0,
 * W_1, then B, i.i.d. N(0, 1) from r. */
void openloop_init(openloop *o, size_t ni, size_t nh, size_t no, size_t nb,
                   double eta, gsl_rng *r);
void openloop_free(openloop *o);

/* Forward pass of X (nb x n_i) and the FA and BP gradients for the imposed
 * error E (nb x n_o). Nothing is updated. */
void openloop_grads(openloop *o, mat X, mat E);

/* W += ΔW_FA of the last openloop_grads, then, if gamma > 0, every column of
 * W_0 and W_1 to norm gamma. */
void openloop_update(openloop *o, double gamma);

/* W_1 ∠ B^T and ΔW_0,FA ∠ ΔW_0,BP (degrees) of the current state / last
 * gradients. */
double openloop_w1_angle(const openloop *o);
double openloop_dw0_angle(const openloop *o);

/* How an imposed signal S (E or X) evolves over iterations k = 0, 1, ...
 *   period > 0:  S[k] is redrawn from N(mean, 1) whenever k % period == 0
 *                and kept otherwise (1: fresh every iteration);
 *   period == 0: first-order autoregression (rs21 eqs. 6, 7)
 *                S[k] = beta S[k-1] + (1 - beta) N[k-1],  N ~ N(mean, 1),
 *                so beta = 1 keeps S fixed and beta = 0 redraws it.
 * S[0] is always drawn from N(mean, 1). */
typedef struct signal_spec {
    size_t period;
    double beta;
    double mean;
} signal_spec;

/* S[k] from S[k-1] in place (for k = 0: the first draw). Draws nothing when
 * S stays fixed. The draws are the package's sampler (mat_normal): E and X
 * are most of an open-loop run's random numbers. */
void signal_step(mat S, const signal_spec *s, size_t k, rand_stream *r);

/* ---- runs --------------------------------------------------------------------
 *
 * One open-loop run: the network, how E and X evolve and for how long. */
typedef struct openloop_case {
    size_t ni, nh, no, nb;
    size_t iters;
    double eta;
    double gamma;      /* > 0: WN to column norm gamma */
    size_t wn_from;    /* WN after the updates of iterations >= wn_from;
                        * 0 also normalises the initial weights */
    signal_spec e, x;
    int e_is_x;        /* E = X at every iteration (hs23's cross-correlated
                        * case; needs n_o = n_i); the E stream is unused */
} openloop_case;

/* Called at every iteration k = o->k after the gradients, before the update. */
typedef void (*openloop_observer)(const openloop *o, mat X, mat E, void *ctx);

/* Repetition `rep` of a case; dies naming the repetition, the case, the
 * iteration and the layer if a weight becomes NaN or infinite. Its random numbers come from three streams of
 * (seed, rep): 0 for W_0, W_1, B, 1 for E and 2 for X, so that every case of
 * one repetition starts from the same network and, where the specs agree, sees
 * the same E and X (paired comparisons). Records, if not NULL, w1[k] = W_1 ∠
 * B^T before the update of iteration k and dw0[k] = ΔW_0,FA ∠ ΔW_0,BP of
 * iteration k, for k < iters. */
void openloop_run(const openloop_case *c, uint64_t seed, size_t rep, double *w1,
                  double *dw0, openloop_observer obs, void *ctx);

struct run_config;

/* Record the parameters shared by a set of cases in the output headers
 * (cfg_param): the network and initialisation of cases[0], its learning rate
 * with where it comes from, its iterations, and "case<i> = names[i]". */
void openloop_params(struct run_config *cfg, const openloop_case *cases,
                     const char *eta_source, const char *const *names, size_t ncases);

/* The recorded series of all repetitions of a set of cases: w1[c] and dw0[c]
 * hold reps rows of cases[c].iters values (see openloop_run). */
typedef struct openloop_series {
    size_t ncases, reps;
    double **w1, **dw0;
} openloop_series;

/* All repetitions of all cases in parallel (par_for over ncases * reps jobs,
 * one progress unit each). Free the result with openloop_series_free. */
openloop_series openloop_run_all(const openloop_case *cases, size_t ncases,
                                 size_t reps, uint64_t seed, int threads,
                                 const char *label);
void openloop_series_free(openloop_series *s);

/* The series statistics below skip NaN values: the angle ΔW_0,FA ∠ ΔW_0,BP
 * is undefined (NaN) at an iteration where every output unit is silent for
 * the whole batch (delta_2 = 0, so nothing is updated), and the authors'
 * code drops such points too (stats_mean_finite, stats_moving_average_finite). */

/* Across repetitions, at every iteration: mean and band of x (reps rows of
 * n) after a trailing moving average of `smooth` points per repetition
 * (1: none). The band is the SEM, or the SD when sd is set. */
void series_band(const double *x, size_t reps, size_t n, size_t smooth, int sd,
                 double *mean, double *band);

/* Series rows (series.h) of condition `cond` for every `stride`-th
 * iteration k and the last one: "wb" (layer 1), W_1 ∠ B^T as recorded, and
 * "dw" (layer 0), ΔW_0,FA ∠ ΔW_0,BP after a trailing moving average of
 * `smooth` points per repetition; mean ± SEM (series_band), 4 decimals. */
void series_write(out_file *o, const char *cond, const double *w1,
                  const double *dw0, size_t reps, size_t n, size_t stride,
                  size_t smooth);

/* The "final value" of a series: per repetition the mean of the last `window`
 * of its n values; returns the mean of these over the repetitions where it is
 * defined and stores their number in *defined (may be NULL). */
double series_final(const double *x, size_t reps, size_t n, size_t window,
                    size_t *defined);
/* The per-repetition values behind series_final: f[r] (reps values; NaN
 * where undefined), for claims judged across repetitions. */
void series_finals(const double *x, size_t reps, size_t n, size_t window, double *f);

/* rs21 eqs. 28-30: M = M_sym + M_skew with M_sym = (M + M^T)/2 and M_skew =
 * (M - M^T)/2, for a square M. M_sym is exactly symmetric and M_skew exactly
 * antisymmetric in float; their sum equals M up to one rounding. */
void sym_skew_split(mat sym, mat skew, mat M);

/* Eigenvalues of scale * (M + M^T)/2 for a square float matrix M, computed
 * in double by GSL's symmetric eigensolver (gsl_eigen_symm), unordered.
 * eval gets M.rows values. */
void sym_eigenvalues(double *eval, mat M, double scale);

#endif
