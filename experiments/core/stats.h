/* stats.h — the statistics the figures report: mean and SEM over
 * repetitions, moving averages, histograms as densities, t-tests and the
 * autocorrelation of rs21 eq. 34. Thin wrappers around GSL where GSL has it. */
#ifndef FA_STATS_H
#define FA_STATS_H

#include <stddef.h>

double stats_mean(const double *x, size_t n, size_t stride);
/* Sample standard deviation (n - 1 in the denominator); 0 when n < 2. */
double stats_sd(const double *x, size_t n, size_t stride);
/* Standard error of the mean, sd / sqrt(n); 0 when n < 2. */
double stats_sem(const double *x, size_t n, size_t stride);
double stats_median(const double *x, size_t n);   /* x is not modified */

/* Mean and SEM across repetitions at every point of a series: x holds reps
 * rows of len values (row r at x + r * len); mean and sem get len values. */
void stats_across_reps(const double *x, size_t reps, size_t len, double *mean,
                       double *sem);

/* Trailing moving average: out[k] = mean of x[max(0, k-w+1) .. k]. At the
 * start fewer than w points are averaged. out may equal x. */
void stats_moving_average(const double *x, size_t n, size_t w, double *out);

/* Series with undefined points. An angle between two updates is NaN where
 * one of them is zero; these skip such values instead of spreading them. */

/* Mean of the finite values among x[0], x[stride], ... (n values), NaN if
 * there are none; with sem != NULL also their SEM (0 when fewer than two),
 * with count != NULL their number. */
double stats_mean_finite(const double *x, size_t n, size_t stride, double *sem, size_t *count);

/* Trailing moving average over the finite values: out[k] = stats_mean_finite
 * of x[max(0, k-w+1) .. k] (NaN where the window holds none). out != x. Not
 * the same rounding as stats_moving_average (GSL's running mean there a plain
 * sum), so the two are not interchangeable in published numbers. */
void stats_moving_average_finite(const double *x, size_t n, size_t w, double *out);

/* Histogram of x as a density (integrates to 1 over [lo, hi)) in `bins` equal
 * bins; values outside [lo, hi) are counted in *outside (may be NULL) and not
 * in the density. density has `bins` entries. */
void stats_density(const double *x, size_t n, double lo, double hi, size_t bins,
                   double *density, size_t *outside);

/* Two-sided t-tests; return the p-value and store t in *t (may be NULL). */
double stats_ttest_one(const double *x, size_t n, double mu, double *t);
double stats_ttest_welch(const double *x, size_t nx, const double *y, size_t ny,
                         double *t);
/* Two-sided F test of equal variances (sd_x^2 / sd_y^2); returns p. */
double stats_ftest(const double *x, size_t nx, const double *y, size_t ny,
                   double *f);

/* rs21 eq. 34: ACF(tau) = 1/(N-|tau|) sum_{k<N-|tau|} s[k] s[k+|tau|],
 * without mean removal or normalisation, as the paper defines it. */
double stats_acf(const double *s, size_t n, long tau);

/* The lag in [lo, hi] at which stats_acf of s is largest (the lowest such lag
 * on a tie). */
size_t stats_acf_peak(const double *s, size_t n, size_t lo, size_t hi);

#endif
