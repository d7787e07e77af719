#include "curves.h"

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
