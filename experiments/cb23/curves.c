#include "curves.h"

#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

char *curves_header(const char *keys, const char *x, const char *const *names, const int *cols,
                    size_t ncols)
{
    size_t len = strlen(keys) + strlen(x) + 2;
    for (size_t c = 0; c < ncols; c++)
        len += 2 * strlen(names[cols[c]]) + 8;
    char *h = fa_malloc(len);
    strcpy(h, keys);
    if (*keys)
        strcat(h, "\t");
    strcat(h, x);
    for (size_t c = 0; c < ncols; c++) {
        strcat(h, "\t");
        strcat(h, names[cols[c]]);
        strcat(h, "\t");
        strcat(h, names[cols[c]]);
        strcat(h, "_sem");
    }
    return h;
}

void curves_write(out_file *o, const char *prefix, const size_t *x, const double *values,
                  size_t reps, size_t npoints, size_t stride, const int *cols, size_t ncols)
{
    size_t len = npoints * stride;
    double *mean = fa_malloc(len * sizeof *mean), *sem = fa_malloc(len * sizeof *sem);
    stats_across_reps(values, reps, len, mean, sem);
    for (size_t k = 0; k < npoints; k++) {
        out_printf(o, "%s%zu", prefix, x ? x[k] : k);
        for (size_t c = 0; c < ncols; c++)
            out_printf(o, "\t%.6g\t%.6g", mean[k * stride + cols[c]], sem[k * stride + cols[c]]);
        out_printf(o, "\n");
    }
    free(mean), free(sem);
}
