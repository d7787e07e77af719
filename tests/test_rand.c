/* test_rand.c — the package's Gaussian sampler (kernels.h) against the
 * normal distribution and against GSL's ziggurat sampler, the reference it
 * replaces in the open-loop figures. Bit-equality of its paths is in
 * test_kernels.c; here the question is whether the numbers are N(0, 1).
 *
 * Fixed seeds, so the verdicts are reproducible; every bound is a
 * significance level of about 0.1 % (or 4 standard errors), and
 * ks_has_power shows that the same bounds reject a sampler off by 1 %. */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include "ziggurat.h"

enum { N = 2000000 };
static const double KS_CRIT = 1.95;   /* sqrt(n) D at the 0.1 % level */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double *draw(uint64_t stream, size_t n)
{
    float *f = malloc(n * sizeof *f);
    double *x = malloc(n * sizeof *x);
    cr_assert(f && x);
    rand_stream s = rng_rand_stream(2026, 0, stream);
    rand_normal_f32(&s, n, f);
    for (size_t i = 0; i < n; i++)
        x[i] = f[i];
    free(f);
    return x;
}

/* sqrt(n) times the Kolmogorov-Smirnov distance of the sorted x to cdf. */
static double ks_one(const double *sorted, size_t n, double (*cdf)(double, double), double a)
{
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double F = cdf(sorted[i], a);
        d = fmax(d, fmax(fabs(F - (double)i / (double)n), fabs((double)(i + 1) / (double)n - F)));
    }
    return sqrt((double)n) * d;
}

static double phi_scaled(double x, double scale) { return gsl_cdf_ugaussian_P(x / scale); }

Test(rand, ks_against_the_normal_distribution)
{
    double *x = draw(0, N);
    qsort(x, N, sizeof *x, cmp_double);
    double k = ks_one(x, N, phi_scaled, 1.0);
    cr_assert(k < KS_CRIT, "sqrt(n) D = %.3f", k);
    free(x);
}

/* The bound is not toothless: the same samples, read as N(0, 1.01^2) or
 * shifted by 0.005, fail it. */
Test(rand, ks_has_power)
{
    double *x = draw(0, N);
    qsort(x, N, sizeof *x, cmp_double);
    double k = ks_one(x, N, phi_scaled, 1.01);
    cr_assert(k > KS_CRIT, "a 1 %% wider normal passes: sqrt(n) D = %.3f", k);
    for (size_t i = 0; i < N; i++)
        x[i] += 0.005;
    k = ks_one(x, N, phi_scaled, 1.0);
    cr_assert(k > KS_CRIT, "a shift of 0.005 passes: sqrt(n) D = %.3f", k);
    free(x);
}

/* Two-sample KS against GSL's gsl_ran_gaussian_ziggurat on MT19937. */
Test(rand, ks_against_gsl)
{
    enum { M = 1000000 };
    double *x = draw(1, M), *y = malloc(M * sizeof *y);
    cr_assert(y);
    gsl_rng *r = rng_stream(2026, 0, 1);
    for (size_t i = 0; i < M; i++)
        y[i] = (float)gsl_ran_gaussian_ziggurat(r, 1.0);   /* the same float rounding */
    rng_free(r);
    qsort(x, M, sizeof *x, cmp_double);
    qsort(y, M, sizeof *y, cmp_double);
    double d = 0;
    for (size_t i = 0, j = 0; i < M && j < M;) {
        double v = fmin(x[i], y[j]);
        while (i < M && x[i] <= v)
            i++;
        while (j < M && y[j] <= v)
            j++;
        d = fmax(d, fabs((double)i - (double)j) / M);
    }
    double k = sqrt(M / 2.0) * d;
    cr_assert(k < KS_CRIT, "sqrt(n/2) D = %.3f", k);
    free(x);
    free(y);
}

/* Mean, variance, skewness and excess kurtosis within 4 standard errors. */
Test(rand, moments)
{
    double *x = draw(2, N);
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (size_t i = 0; i < N; i++) {
        double v = x[i], v2 = v * v;
        m1 += v, m2 += v2, m3 += v2 * v, m4 += v2 * v2;
    }
    m1 /= N, m2 /= N, m3 /= N, m4 /= N;
    double var = m2 - m1 * m1;
    double skew = (m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1) / pow(var, 1.5);
    double kurt = (m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1) / (var * var) - 3;
    cr_assert(fabs(m1) < 4 * sqrt(1.0 / N), "mean %g", m1);
    cr_assert(fabs(var - 1) < 4 * sqrt(2.0 / N), "variance %g", var);
    cr_assert(fabs(skew) < 4 * sqrt(6.0 / N), "skewness %g", skew);
    cr_assert(fabs(kurt) < 4 * sqrt(24.0 / N), "excess kurtosis %g", kurt);
    free(x);
}

/* Equiprobable bins (chi-square), the mass beyond the ziggurat's base R
 * (drawn by the slow path's tail sampler) and that tail's shape. */
Test(rand, bins_and_tail)
{
    enum { BINS = 200 };
    double *x = draw(3, N);
    size_t count[BINS] = {0}, ntail = 0;
    double *tail = malloc(N * sizeof *tail);
    cr_assert(tail);
    for (size_t i = 0; i < N; i++) {
        size_t b = (size_t)(gsl_cdf_ugaussian_P(x[i]) * BINS);
        count[b < BINS ? b : BINS - 1]++;
        if (fabs(x[i]) > ZIG_R)
            tail[ntail++] = fabs(x[i]);
    }
    double chi2 = 0, e = (double)N / BINS;
    for (size_t b = 0; b < BINS; b++)
        chi2 += (count[b] - e) * (count[b] - e) / e;
    double p = gsl_cdf_chisq_Q(chi2, BINS - 1);
    cr_assert(p > 0.001, "chi-square %.1f on %d degrees of freedom, p = %g", chi2, BINS - 1, p);

    double q = 2 * gsl_cdf_ugaussian_Q(ZIG_R), sd = sqrt(N * q * (1 - q));
    cr_assert(fabs((double)ntail - N * q) < 4 * sd, "%zu beyond R, expected %.0f", ntail, N * q);
    /* |z| given |z| > R: F(t) = 1 - Q(t) / Q(R) */
    qsort(tail, ntail, sizeof *tail, cmp_double);
    double d = 0, qr = gsl_cdf_ugaussian_Q(ZIG_R);
    for (size_t i = 0; i < ntail; i++) {
        double F = 1 - gsl_cdf_ugaussian_Q(tail[i]) / qr;
        d = fmax(d, fmax(fabs(F - (double)i / ntail), fabs((double)(i + 1) / ntail - F)));
    }
    cr_assert(sqrt((double)ntail) * d < KS_CRIT, "tail: sqrt(n) D = %.3f over %zu samples",
              sqrt((double)ntail) * d, ntail);
    free(tail);
    free(x);
}

/* No correlation between neighbours, between the two halves of a word, or
 * between two streams of the same run. */
Test(rand, independence)
{
    double *x = draw(4, N), *y = draw(5, N);
    double lag1 = 0, pair = 0, cross = 0;
    for (size_t i = 0; i + 1 < N; i++)
        lag1 += x[i] * x[i + 1];
    for (size_t i = 0; i + 1 < N; i += 2)
        pair += x[i] * x[i + 1];
    for (size_t i = 0; i < N; i++)
        cross += x[i] * y[i];
    double bound = 4 / sqrt((double)N);
    cr_assert(fabs(lag1 / (N - 1)) < bound, "lag-1 correlation %g", lag1 / (N - 1));
    cr_assert(fabs(pair / (N / 2)) < 4 / sqrt(N / 2.0), "same-word correlation %g", pair / (N / 2));
    cr_assert(fabs(cross / N) < bound, "cross-stream correlation %g", cross / N);
    free(x);
    free(y);
}

/* The committed tables are the ziggurat they claim to be: every layer has
 * the same area V (the base strip and tail included), the edges follow
 * from the density, and zig_k is the fully-inside fraction of each layer. */
Test(rand, ziggurat_tables)
{
    const double M = 16777216.0, V = 9.91256303526217e-3;
    double r = ZIG_R;
    double base = r * exp(-0.5 * r * r) + sqrt(2 * 3.14159265358979323846) * gsl_cdf_ugaussian_Q(r);
    cr_assert(fabs(base - V) < 1e-9, "base strip and tail: %.12g", base);
    cr_assert(fabs(zig_w[0] * M - V / exp(-0.5 * r * r)) < 1e-5);
    cr_assert(zig_f[0] == 1.0 && fabs(zig_w[127] * M - r) < 1e-6);
    for (int i = 1; i < 128; i++) {
        double xi = zig_w[i] * M, xp = i > 1 ? zig_w[i - 1] * M : 0.0;
        cr_assert(fabs(zig_f[i] - exp(-0.5 * xi * xi)) < 1e-6, "f[%d]", i);
        cr_assert(fabs(xi * (zig_f[i - 1] - zig_f[i]) - V) < 1e-8, "area of layer %d", i);
        /* w is rounded to float, so k may differ by a unit or two */
        cr_assert(fabs((double)zig_k[i] - floor(xp / xi * M)) <= 2.0, "k[%d]", i);
        cr_assert(i == 1 || zig_w[i] > zig_w[i - 1], "widths grow downwards");
    }
    cr_assert(zig_k[0] == (uint32_t)floor(r / (zig_w[0] * M) * M) ||
              zig_k[0] + 1 == (uint32_t)floor(r / (zig_w[0] * M) * M));
}
