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

/* The point k in [from, to) where the mean over the repetitions other than
 * r (r itself when reps == 1) is largest (sign > 0) or smallest (sign < 0),
 * the first on ties; x[k * reps + q] is repetition q at point k. A claim
 * that compares a run's value at "the peak" with another of its values takes
 * the peak from the other runs (leave-one-out), so that it is not picked on
 * the noise of the run it judges. */
size_t curves_loo_extreme(const double *x, size_t reps, size_t r, size_t from, size_t to,
                          int sign);

#endif
