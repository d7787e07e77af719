/* deepmnist_data.c — the 15 x 15 MNIST images of the deep runs and their
 * n-hot targets. */
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "deepmnist.h"
#include "mnist.h"
#include "util.h"

static void load_part(const char *dir, int test, size_t n, mat *X, uint8_t **y)
{
    mnist_set s = mnist_load_or_die(dir, test);
    mnist_require(&s, n);
    if (n > s.count || n % DM_BATCH)
        fa_die("asked for %zu %s images; need a multiple of %d up to %zu", n,
               test ? "test" : "training", DM_BATCH, s.count);
    mnist_set part = s;
    part.count = n;
    *X = mat_alloc(n, DM_SIDE * DM_SIDE);
    mnist_features(&part, DM_SIDE, *X);
    *y = fa_malloc(n);
    memcpy(*y, s.labels, n);
    mnist_free(&s);
}

void dm_data_load(dm_data *d, const char *dir, size_t ntrain, size_t ntest)
{
    d->ntrain = ntrain;
    d->ntest = ntest;
    load_part(dir, 0, ntrain, &d->Xtrain, &d->ytrain);
    load_part(dir, 1, ntest, &d->Xtest, &d->ytest);
}

void dm_data_free(dm_data *d)
{
    mat_free(&d->Xtrain);
    mat_free(&d->Xtest);
    free(d->ytrain);
    free(d->ytest);
}

void dm_targets(mat Y, mat codes, const uint8_t *labels, int smoothing)
{
    nhot_targets(codes, labels, Y);
    if (!smoothing)
        return;
    for (size_t i = 0; i < Y.rows; i++)
        for (size_t j = 0; j < Y.cols; j++) {
            float *y = mat_at(Y, i, j);
            *y = (float)(DM_LS_SCALE * *y + DM_LS_OFFSET);
        }
}
