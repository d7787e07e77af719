/* test_stats.c — the statistics helpers against hand-computed values and a
 * brute-force sum. */
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>

#include "core.h"

Test(stats, mean_sd_sem_median)
{
    double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    cr_assert(stats_mean(x, 8, 1) == 5.0);
    cr_assert(fabs(stats_sd(x, 8, 1) - sqrt(32.0 / 7.0)) < 1e-12);
    cr_assert(fabs(stats_sem(x, 8, 1) - sqrt(32.0 / 7.0) / sqrt(8.0)) < 1e-12);
    cr_assert(stats_median(x, 8) == 4.5);
    cr_assert(x[0] == 2 && x[7] == 9, "the median leaves its input alone");
    cr_assert(stats_sd(x, 1, 1) == 0.0 && stats_sem(x, 1, 1) == 0.0);
    cr_assert(stats_mean(x, 4, 2) == (2 + 4 + 5 + 7) / 4.0, "strided");
}

Test(stats, across_reps)
{
    /* 3 reps x 2 points */
    double x[] = {1, 10, 2, 20, 3, 30}, mean[2], sem[2];
    stats_across_reps(x, 3, 2, mean, sem);
    cr_assert(mean[0] == 2 && mean[1] == 20);
    cr_assert(fabs(sem[0] - 1 / sqrt(3.0)) < 1e-12 && fabs(sem[1] - 10 / sqrt(3.0)) < 1e-12);
}

Test(stats, moving_average)
{
    double x[] = {1, 2, 3, 4, 5}, out[5];
    stats_moving_average(x, 5, 3, out);
    double want[] = {1, 1.5, 2, 3, 4};
    for (int i = 0; i < 5; i++)
        cr_assert(fabs(out[i] - want[i]) < 1e-12, "point %d: %g", i, out[i]);
    stats_moving_average(x, 5, 2, x);   /* in place */
    cr_assert(x[4] == 4.5 && x[0] == 1);
}

Test(stats, density)
{
    double x[] = {0.1, 0.2, 0.6, 0.7, 0.8, 1.5, -1}, d[2];
    size_t outside;
    stats_density(x, 7, 0, 1, 2, d, &outside);
    cr_assert(outside == 2);
    cr_assert(fabs(d[0] - 2 / (5 * 0.5)) < 1e-12 && fabs(d[1] - 3 / (5 * 0.5)) < 1e-12);
    cr_assert(fabs(0.5 * (d[0] + d[1]) - 1) < 1e-12, "integrates to one");
}

Test(stats, ttests)
{
    /* t = (mean - mu) / (sd / sqrt n) with mean 5, sd sqrt(32/7), n 8 */
    double x[] = {2, 4, 4, 4, 5, 5, 7, 9}, t;
    double p = stats_ttest_one(x, 8, 3, &t);
    cr_assert(fabs(t - 2 / (sqrt(32.0 / 7.0) / sqrt(8.0))) < 1e-12);
    /* reference p-values from a direct numerical integration of the t density */
    cr_assert(fabs(p - 0.033146) < 1e-5, "p = %g", p);
    cr_assert(stats_ttest_one(x, 8, 5, NULL) == 1.0);
    double y[] = {1, 2, 3, 4}, z[] = {3, 4, 5, 6, 7, 8};
    p = stats_ttest_welch(y, 4, z, 6, &t);
    cr_assert(fabs(t - (2.5 - 5.5) / sqrt(5.0 / 3.0 / 4 + 3.5 / 6)) < 1e-12);
    cr_assert(fabs(p - 0.017216) < 1e-5, "p = %g (Welch, 7.94 degrees of freedom)", p);
    double f;
    p = stats_ftest(z, 6, y, 4, &f);
    cr_assert(fabs(f - 3.5 / (5.0 / 3.0)) < 1e-12);
    cr_assert(p > 0.4 && p < 1, "p = %g", p);
}

/* rs21 eq. 34: the mean over all ordered pairs (i, j) with j - i = tau */
Test(stats, acf_matches_a_sum_over_pairs)
{
    enum { N = 257 };
    double s[N];
    gsl_rng *r = rng_stream(12, 0, 0);
    for (size_t i = 0; i < N; i++)
        s[i] = 0.3 + rng_gauss(r);
    long lags[] = {0, 1, 2, 7, 64, 255, 256};
    for (size_t l = 0; l < FA_ARRAY_LEN(lags); l++) {
        long tau = lags[l];
        long double sum = 0;   /* every ordered pair (i, j) with j - i = tau */
        size_t pairs = 0;
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++)
                if ((long)j - (long)i == tau)
                    sum += (long double)s[i] * s[j], pairs++;
        double brute = (double)(sum / pairs);
        cr_assert(pairs == N - (size_t)tau);
        double a = stats_acf(s, N, tau), b = stats_acf(s, N, -tau);
        cr_assert(fabs(a - brute) <= 1e-12 * fabs(brute) + 1e-15, "lag %ld: %.17g vs %.17g", tau,
                  a, brute);
        cr_assert(a == b, "ACF not symmetric at lag %ld", tau);
    }
    cr_assert(isnan(stats_acf(s, N, N)), "a lag beyond the signal is undefined");
    rng_free(r);
}

Test(stats, acf_peaks_of_a_periodic_signal)
{
    /* a pattern repeating every 60 steps (like a fixed batch order) plus noise */
    enum { N = 1500, P = 60 };
    gsl_rng *r = rng_stream(9, 0, 0);
    double pattern[P], s[N];
    for (size_t i = 0; i < P; i++)
        pattern[i] = gsl_ran_gaussian(r, 1.0);
    for (size_t k = 0; k < N; k++)
        s[k] = pattern[k % P] + gsl_ran_gaussian(r, 0.5);
    cr_assert_eq(stats_acf_peak(s, N, 1, 150) % P, 0);
    cr_assert_eq(stats_acf_peak(s, N, 1, 100), 60);
    /* a short period is found as well, and white noise has no lag-60 peak */
    double q[N];
    for (size_t k = 0; k < N; k++)
        q[k] = (k % 7 == 0) + gsl_ran_gaussian(r, 0.1);
    cr_assert_eq(stats_acf_peak(q, N, 1, 10), 7);
    rng_free(r);
}

Test(stats, finite_values_only)
{
    /* NaN and Inf are skipped; the rest is the plain mean and SEM */
    double x[] = {1, NAN, 3, INFINITY, 5, -INFINITY};
    double sem;
    size_t m;
    cr_assert(stats_mean_finite(x, 6, 1, &sem, &m) == 3.0 && m == 3);
    cr_assert(fabs(sem - 2 / sqrt(3.0)) < 1e-15);
    cr_assert(stats_mean_finite(x, 3, 2, &sem, &m) == 3.0 && m == 3, "strided: 1, 3, 5");
    cr_assert(isnan(stats_mean_finite(x + 1, 1, 1, &sem, &m)) && m == 0 && sem == 0);
    /* a window of 2 over 1, NaN, 3, Inf, 5: 1, 1, 3, 3, 5 */
    double out[5];
    stats_moving_average_finite(x, 5, 2, out);
    cr_assert(out[0] == 1 && out[1] == 1 && out[2] == 3 && out[3] == 3 && out[4] == 5);
    double y[] = {NAN, NAN, 2};
    stats_moving_average_finite(y, 3, 2, out);
    cr_assert(isnan(out[0]) && isnan(out[1]) && out[2] == 2, "no finite value: NaN");
}
