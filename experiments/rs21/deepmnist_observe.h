/* deepmnist_observe.h — the measurements of dm_run as observers (internal to
 * the deep MNIST code; programs use deepmnist.h).
 *
 * dm_run is the training loop alone. Everything it records besides accuracy
 * and loss is a measurement with three steps: init (allocate its state and its
 * arrays in the record), step (called at every iteration k after the backward
 * pass, before the update) and finish (free its state). A measurement reads
 * the network and the passes; it never changes them, and draws its random
 * numbers from its own stream of (seed, rep), so turning one on or off
 * changes nothing else. */
#ifndef FA_DEEPMNIST_OBSERVE_H
#define FA_DEEPMNIST_OBSERVE_H

#include "deepmnist.h"

/* What a measurement sees. */
typedef struct dm_ctx {
    const dm_setup *s;
    uint64_t seed;
    size_t rep;
    size_t iters, per_epoch;
    const net *nt;          /* at init: the initial network; at a step: before the update of k */
    const net_fwd *f;       /* the forward pass of iteration k */
    const net_grad *g;      /* the gradients applied at k */
    mat E;                  /* the error of k */
    mat Y;                  /* the targets of k */
    size_t k, epoch, batch; /* iteration; its epoch and its batch within the epoch */
} dm_ctx;

typedef struct dm_observer {
    unsigned flag;          /* DM_M_* that turns it on; 0: on unless accuracy_only */
    void *(*init)(dm_record *rec, const dm_ctx *c);
    void (*step)(void *state, dm_record *rec, const dm_ctx *c);
    void (*finish)(void *state);
} dm_observer;

/* W_l ∠ B_l^T and ||W_l||_F (always on), ΔW_FA ∠ ΔW_BP, traced elements,
 * output pre-activations, shadow weights and the fresh-feedback network
 * (deepmnist_measure.c); the alignment terms (deepmnist_terms.c). */
extern const dm_observer dm_obs_weights, dm_obs_dw, dm_obs_trace, dm_obs_zout, dm_obs_shadow,
    dm_obs_fresh, dm_obs_terms;

/* n doubles, all NaN: a series whose unmeasured points stay undefined. */
double *dm_alloc_nan(size_t n);

#endif
