#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

double stats_mean(const double *x, size_t n, size_t stride)
{
    return n ? gsl_stats_mean(x, stride, n) : NAN;
}

double stats_sd(const double *x, size_t n, size_t stride)
{
    return n < 2 ? 0.0 : gsl_stats_sd(x, stride, n);
}

double stats_sem(const double *x, size_t n, size_t stride)
{
    return n < 2 ? 0.0 : stats_sd(x, n, stride) / sqrt((double)n);
}

double stats_median(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double *c = fa_malloc(n * sizeof *c);
    memcpy(c, x, n * sizeof *c);
    gsl_sort(c, 1, n);
    double m = gsl_stats_median_from_sorted_data(c, 1, n);
    free(c);
    return m;
}

void stats_across_reps(const double *x, size_t reps, size_t len, double *mean,
                       double *sem)
{
    for (size_t t = 0; t < len; t++) {
        mean[t] = stats_mean(x + t, reps, len);
        sem[t] = stats_sem(x + t, reps, len);
    }
}

void stats_moving_average(const double *x, size_t n, size_t w, double *out)
{
    /* a fresh sum per point keeps the result independent of history rounding */
    double *tmp = fa_malloc((n ? n : 1) * sizeof *tmp);
    for (size_t k = 0; k < n; k++) {
        size_t lo = k + 1 > w ? k + 1 - w : 0;
        double s = 0;
        for (size_t i = lo; i <= k; i++)
            s += x[i];
        tmp[k] = s / (double)(k - lo + 1);
    }
    memcpy(out, tmp, n * sizeof *out);
    free(tmp);
}

double stats_mean_finite(const double *x, size_t n, size_t stride, double *sem, size_t *count)
{
    double *v = fa_malloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i * stride]))
            v[m++] = x[i * stride];
    double mean = stats_mean(v, m, 1);
    if (sem)
        *sem = stats_sem(v, m, 1);
    if (count)
        *count = m;
    free(v);
    return mean;
}

void stats_moving_average_finite(const double *x, size_t n, size_t w, double *out)
{
    for (size_t k = 0; k < n; k++) {
        size_t lo = k + 1 > w ? k + 1 - w : 0;
        out[k] = stats_mean_finite(x + lo, k - lo + 1, 1, NULL, NULL);
    }
}

void stats_density(const double *x, size_t n, double lo, double hi, size_t bins,
                   double *density, size_t *outside)
{
    size_t out = 0, in = 0;
    double width = (hi - lo) / (double)bins;
    memset(density, 0, bins * sizeof *density);
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] >= lo && x[i] < hi)) {
            out++;
            continue;
        }
        size_t b = (size_t)((x[i] - lo) / width);
        if (b >= bins)
            b = bins - 1;
        density[b] += 1;
        in++;
    }
    for (size_t b = 0; b < bins; b++)
        density[b] = in ? density[b] / ((double)in * width) : 0;
    if (outside)
        *outside = out;
}

static double two_sided(double t, double df)
{
    return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

double stats_ttest_one(const double *x, size_t n, double mu, double *t)
{
    double tt = (stats_mean(x, n, 1) - mu) / stats_sem(x, n, 1);
    if (t)
        *t = tt;
    return two_sided(tt, (double)n - 1);
}

double stats_ttest_welch(const double *x, size_t nx, const double *y, size_t ny,
                         double *t)
{
    double vx = gsl_stats_variance(x, 1, nx) / (double)nx;
    double vy = gsl_stats_variance(y, 1, ny) / (double)ny;
    double tt = (stats_mean(x, nx, 1) - stats_mean(y, ny, 1)) / sqrt(vx + vy);
    double df = (vx + vy) * (vx + vy) /
                (vx * vx / ((double)nx - 1) + vy * vy / ((double)ny - 1));
    if (t)
        *t = tt;
    return two_sided(tt, df);
}

double stats_ftest(const double *x, size_t nx, const double *y, size_t ny, double *f)
{
    double ff = gsl_stats_variance(x, 1, nx) / gsl_stats_variance(y, 1, ny);
    double d1 = (double)nx - 1, d2 = (double)ny - 1;
    if (f)
        *f = ff;
    double tail = ff > 1 ? gsl_cdf_fdist_Q(ff, d1, d2) : gsl_cdf_fdist_P(ff, d1, d2);
    return fmin(1.0, 2 * tail);
}

double stats_acf(const double *s, size_t n, long tau)
{
    size_t lag = (size_t)(tau < 0 ? -tau : tau);
    if (lag >= n)
        return NAN;
    double sum = 0;
    for (size_t k = 0; k + lag < n; k++)
        sum += s[k] * s[k + lag];
    return sum / (double)(n - lag);
}

size_t stats_acf_peak(const double *s, size_t n, size_t lo, size_t hi)
{
    size_t best = lo;
    double best_v = -INFINITY;
    for (size_t tau = lo; tau <= hi; tau++) {
        double v = stats_acf(s, n, (long)tau);
        if (v > best_v) {
            best_v = v;
            best = tau;
        }
    }
    return best;
}
