/* curves.h — learning curves and trajectories over repetitions, written as
 * TSV rows of mean and SEM (the bands of every cb23 figure). */
#ifndef CB23_CURVES_H
#define CB23_CURVES_H

#include <stddef.h>

#include "out.h"

/* The column line: keys (tab-separated, may be ""), the x column, then
 * "<name>\t<name>_sem" for each selected column. Returns a malloc'ed string. */
char *curves_header(const char *keys, const char *x, const char *const *names, const int *cols,
                    size_t ncols);

/* values holds reps blocks of npoints x stride doubles (one block per
 * repetition). Writes npoints rows: prefix (the key values, each followed by
 * a tab, may be ""), x[k] (k when x is NULL), then the mean and SEM over the
 * repetitions of each selected column. */
void curves_write(out_file *o, const char *prefix, const size_t *x, const double *values,
                  size_t reps, size_t npoints, size_t stride, const int *cols, size_t ncols);

#endif
