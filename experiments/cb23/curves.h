/* curves.h — learning curves and trajectories over repetitions, written as
 * rows of the long series layout (experiments/core/series.h): the mean and
 * SEM bands of every cb23 figure. */
#ifndef CB23_CURVES_H
#define CB23_CURVES_H

#include <stddef.h>

#include "out.h"

/* values holds reps blocks of npoints x stride doubles (one block per
 * repetition). Writes, for each selected column cols[c] in turn, npoints
 * series rows: quantity names[cols[c]], the condition, layer 0, x[k] (k when
 * x is NULL), the mean and SEM over the repetitions, n = reps. */
void curves_write(out_file *o, const char *condition, const size_t *x, const double *values,
                  size_t reps, size_t npoints, size_t stride, const char *const *names,
                  const int *cols, size_t ncols);

#endif
