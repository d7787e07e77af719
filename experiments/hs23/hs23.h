/* hs23.h — the deep MNIST setup of hs23 (Figs. 4-10), shared by its programs.
 *
 * hs23 replicates rs21's five-layer MNIST network but gives few parameters
 * (no learning rate, epochs or WN gamma for these figures). Where it is silent
 * we follow rs21's Fig. 6 setup as the authors' code has it: 225-50-50-50-50-50,
 * tanh∘ReLU, 5-hot codes, bias, W and B ~ N(0, 0.1^2), FA with eta = 5e-4, and
 * for WN gamma = 1 on W's columns with B's columns normalised once. */
#ifndef FA_HS23_H
#define FA_HS23_H

#include "deepmnist.h"

#define HS23_ETA 5e-4     /* rs21 authors' code, Figs. 6-7 */
#define HS23_SD 0.1       /* rs21 authors' code */
#define HS23_GAMMA 1.0    /* rs21 Methods 4.3, Figs. 6-7 */

static inline dm_setup hs23_setup(const char *name, int wn, unsigned measure, size_t epochs)
{
    dm_setup s = {.name = name, .width = 50, .nhot = 5, .fb = FB_FA, .bias = 1,
                  .eta = HS23_ETA, .init_sd = HS23_SD, .epochs = epochs, .measure = measure};
    if (wn)
        s.wn = DM_WN_NEURON, s.gamma = HS23_GAMMA, s.norm_b = 1;
    return s;
}

/* Test accuracy (start of each epoch) and mean training loss per epoch of setup c. */
static inline void hs23_write_acc_loss(out_file *o, const dm_prog *p, const dm_setup *s, size_t c)
{
    dm_write_field(o, "test_acc", s[c].name, dm_prog_rec(p, c), p->reps, DM_F_ACC, 0, 1, 1);
    dm_write_field(o, "train_loss", s[c].name, dm_prog_rec(p, c), p->reps, DM_F_LOSS, 0, 1, 1);
}

/* The first epoch whose mean test accuracy (over repetitions) reaches level,
 * or the number of epochs if none does. */
static inline size_t hs23_epoch_reaching(const dm_prog *p, size_t c, double level)
{
    for (size_t e = 0; e < p->sc.epochs; e++) {
        double f0 = (double)e / (double)p->sc.epochs, f1 = (double)(e + 1) / (double)p->sc.epochs;
        if (dm_field_mean(dm_prog_rec(p, c), p->reps, DM_F_ACC, 0, f0, f1) >= level)
            return e;
    }
    return p->sc.epochs;
}

/* hs23 Figs. 9 and 10: one FA network without WN with the shadow weights of
 * deepmnist.c; writes W ∠ B^T ("wb") and the shadow's angle (qty) for layers
 * 1-4 and returns, per layer, the late means (last 80 % of the iterations) of
 * both in real[] and shadow[]. */
static inline void hs23_shadow_figure(dm_prog *p, const char *file, const char *qty,
                                      dm_field f, double *real, double *shadow)
{
    dm_setup s[1] = {hs23_setup("fa", 0, DM_M_SHADOW, p->sc.epochs)};
    dm_prog_run(p, s, 1, 1);
    out_file *o = series_open(&p->cfg, file);
    for (size_t l = 1; l < DM_DEPTH; l++) {
        dm_write_field(o, "wb", "fa", p->rec, p->reps, DM_F_WB, l, 1, 10);
        dm_write_field(o, qty, "fa", p->rec, p->reps, f, l, 1, 10);
        real[l] = dm_field_mean(p->rec, p->reps, DM_F_WB, l, 0.2, 1.0);
        shadow[l] = dm_field_mean(p->rec, p->reps, f, l, 0.2, 1.0);
    }
}

#endif
