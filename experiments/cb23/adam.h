/* adam.h — the Adam optimiser (Kingma & Ba 2015) in PyTorch's formulation,
 * which the cb23 authors use (torch.optim.Adam, defaults beta = (0.9, 0.999),
 * eps = 1e-8, no weight decay). After t steps, for each parameter p with
 * gradient g of the loss:
 *     m = m + (1 - beta1)(g - m)            (torch's lerp)
 *     v = beta2 v + (1 - beta2) g^2
 *     p = p - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * m and v start at 0. The scalars are computed in double and rounded once to
 * float; the elementwise work is float, one operation at a time. */
#ifndef FA_ADAM_H
#define FA_ADAM_H

#include <stddef.h>

typedef struct adam {
    double lr, beta1, beta2, eps;
    unsigned long t;              /* steps begun so far */
} adam;

/* The moments of one parameter block of n floats. */
typedef struct adam_slot {
    size_t n;
    float *m, *v;
} adam_slot;

/* An optimiser with learning rate lr and PyTorch's other defaults. */
adam adam_make(double lr);

adam_slot adam_slot_alloc(size_t n);   /* zero moments */
void adam_slot_free(adam_slot *s);

/* Start the next step (t = t + 1); call once per step before adam_update. */
void adam_begin_step(adam *a);

/* Update the n = s->n parameters p from their gradients g (dLoss/dp). */
void adam_update(const adam *a, adam_slot *s, float *p, const float *g);

#endif
