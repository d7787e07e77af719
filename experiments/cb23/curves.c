#include "curves.h"

#include <math.h>
#include <stdlib.h>

#include "series.h"
#include "stats.h"
#include "util.h"

void curves_write(out_file *o, const char *condition, const size_t *x, const double *values,
                  size_t reps, size_t npoints, size_t stride, const char *const *names,
                  const int *cols, size_t ncols)
{
    size_t len = npoints * stride;
    double *mean = fa_malloc(len * sizeof *mean), *sem = fa_malloc(len * sizeof *sem);
    stats_across_reps(values, reps, len, mean, sem);
    for (size_t c = 0; c < ncols; c++)
        for (size_t k = 0; k < npoints; k++)
            series_row(o, names[cols[c]], condition, 0, x ? x[k] : k,
                       mean[k * stride + cols[c]], sem[k * stride + cols[c]], reps);
    free(mean), free(sem);
}

size_t curves_loo_extreme(const double *x, size_t reps, size_t r, size_t from, size_t to,
                          int sign)
{
    size_t best = from;
    double top = -INFINITY;
    for (size_t k = from; k < to; k++) {
        double s = 0;
        size_t m = 0;
        for (size_t q = 0; q < reps; q++)
            if (q != r || reps == 1)
                s += x[k * reps + q], m++;
        double v = sign * s / (double)m;
        if (v > top)
            top = v, best = k;
    }
    return best;
}
