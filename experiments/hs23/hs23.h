/* hs23.h — the deep MNIST setup of hs23 (Figs. 4-10), shared by its programs.
 *
 * hs23 replicates rs21's five-layer MNIST network but gives few parameters
 * (no learning rate, epochs or WN gamma for these figures). Where it is silent
 * we follow rs21's Fig. 6 setup as the authors' code has it: 225-50-50-50-50-50,
 * tanh∘ReLU, 5-hot codes, bias, W and B ~ N(0, 0.1^2), FA with eta = 5e-4, and
 * for WN gamma = 1 on W's columns with B's columns normalised once. The
 * network, its training and its measurements are rs21's (../rs21/deepmnist.h). */
#ifndef FA_HS23_H
#define FA_HS23_H

#include "../rs21/deepmnist.h"

#define HS23_ETA 5e-4     /* rs21 authors' code, Figs. 6-7 */
#define HS23_GAMMA 1.0    /* rs21 Methods 4.3, Figs. 6-7 */

/* The setup above, with neuron-wise WN when wn is set, measuring `measure` (DM_M_*). */
dm_setup hs23_setup(const char *name, int wn, unsigned measure, size_t epochs);

/* Test accuracy (start of each epoch) and mean training loss per epoch of setup c. */
void hs23_write_acc_loss(out_file *o, const dm_prog *p, const dm_setup *s, size_t c);

/* "Late" in Figs. 8-10: after the first 20 % of the iterations, when the
 * angles have left their start (our choice; hs23 gives none). */
#define HS23_LATE 0.2

/* x[r] = the mean of field f of layer l over the fraction [lo, hi) of the run,
 * for every repetition r of setup c: the per-repetition values the claims pair. */
void hs23_per_rep(double *x, const dm_prog *p, size_t c, dm_field f, size_t l, double lo,
                  double hi);

/* The first epoch whose test accuracy, averaged over the reps records of
 * recs, reaches level, or epochs if none does. */
size_t hs23_epoch_reaching(const dm_record *recs, size_t reps, size_t epochs, double level);

/* hs23 Figs. 9 and 10: one FA network without WN measuring `measure` (the
 * shadow weights or the fresh-feedback network of deepmnist_measure.c); writes
 * W ∠ B^T ("wb") and the shadow's angle (qty) for layers 1-4 and returns, per
 * layer l and repetition r, the late means of both in real[l * reps + r] and
 * shadow[l * reps + r] (DM_DEPTH * reps values each; layer 0 untouched). */
void hs23_shadow_figure(dm_prog *p, unsigned measure, const char *file, const char *qty,
                        dm_field f, double *real, double *shadow);

#endif
