#include "hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

size_t hist_own_range(const double *x, size_t n, size_t bins, double *density,
                      double *lo, double *width)
{
    double mn = INFINITY, mx = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            mn = fmin(mn, x[i]);
            mx = fmax(mx, x[i]);
            m++;
        }
    if (m == 0) {
        memset(density, 0, bins * sizeof *density);
        *lo = 0, *width = 0;
        return 0;
    }
    if (mn == mx)
        mn -= 0.5, mx += 0.5;
    double hi = nextafter(mx, INFINITY);   /* the maximum belongs to the last bin */
    stats_density(x, n, mn, hi, bins, density, NULL);
    *lo = mn;
    *width = (hi - mn) / (double)bins;
    return m;
}

void hist_write(out_file *o, const char *prefix, const double *x, size_t n,
                size_t bins)
{
    double *d = fa_malloc(bins * sizeof *d), lo, w;
    hist_own_range(x, n, bins, d, &lo, &w);
    for (size_t b = 0; b < bins; b++)
        out_printf(o, "%s\t%.6g\t%.6g\t%.6g\n", prefix, lo + (double)b * w,
                   lo + (double)(b + 1) * w, d[b]);
    free(d);
}

void block_stats(const double *x, size_t stride, size_t blocks, size_t block, double *mean,
                 double *sd)
{
    double *v = fa_malloc((block ? block : 1) * sizeof *v);
    for (size_t b = 0; b < blocks; b++) {
        size_t m = 0;
        for (size_t i = 0; i < block; i++) {
            double y = x[(b * block + i) * stride];
            if (isfinite(y))
                v[m++] = y;
        }
        if (mean)
            mean[b] = m ? stats_mean(v, m, 1) : NAN;
        if (sd)
            sd[b] = m > 1 ? stats_sd(v, m, 1) : NAN;
    }
    free(v);
}
