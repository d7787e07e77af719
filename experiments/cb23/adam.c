#include "adam.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

adam adam_make(double lr)
{
    adam a = {lr, 0.9, 0.999, 1e-8, 0};
    return a;
}

adam_slot adam_slot_alloc(size_t n)
{
    adam_slot s = {n, fa_calloc(n ? n : 1, sizeof(float)), fa_calloc(n ? n : 1, sizeof(float))};
    return s;
}

void adam_slot_free(adam_slot *s)
{
    free(s->m);
    free(s->v);
    s->m = s->v = NULL;
    s->n = 0;
}

void adam_begin_step(adam *a) { a->t++; }

void adam_update(const adam *a, adam_slot *s, float *p, const float *g)
{
    double t = (double)a->t;
    float step = (float)(a->lr / (1.0 - pow(a->beta1, t)));
    float bc2 = (float)sqrt(1.0 - pow(a->beta2, t));
    float c1 = (float)(1.0 - a->beta1), b2 = (float)a->beta2, c2 = (float)(1.0 - a->beta2);
    float eps = (float)a->eps;
    for (size_t i = 0; i < s->n; i++) {
        float gi = g[i];
        s->m[i] = s->m[i] + c1 * (gi - s->m[i]);
        s->v[i] = b2 * s->v[i] + c2 * (gi * gi);
        float denom = sqrtf(s->v[i]) / bc2 + eps;
        p[i] = p[i] - step * (s->m[i] / denom);
    }
}
