#include "mat.h"

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "util.h"

mat mat_alloc(size_t rows, size_t cols)
{
    mat a = {rows, cols, cols, fa_calloc(rows * cols, sizeof(float))};
    return a;
}

void mat_free(mat *a)
{
    free(a->v);
    a->v = NULL;
    a->rows = a->cols = a->ld = 0;
}

void mat_copy(mat dst, mat src)
{
    for (size_t i = 0; i < src.rows; i++)
        memcpy(mat_at(dst, i, 0), mat_at(src, i, 0), src.cols * sizeof(float));
}

void mat_transpose(mat dst, mat src)
{
    for (size_t i = 0; i < src.rows; i++)
        for (size_t j = 0; j < src.cols; j++)
            *mat_at(dst, j, i) = *mat_at(src, i, j);
}

void mat_fill(mat a, float x)
{
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            *mat_at(a, i, j) = x;
}

void mat_scale(mat a, float s) { scale_f32(a.rows, a.cols, s, a.v, a.ld); }

void mat_axpy(mat y, float s, mat x) { axpy_f32(y.rows, y.cols, s, x.v, x.ld, y.v, y.ld); }

void mat_gauss(mat a, gsl_rng *r, double mean, double sd)
{
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            *mat_at(a, i, j) = (float)(mean + gsl_ran_gaussian_ziggurat(r, sd));
}

/* Fill a's elements in row-major order by one call of fill (a kernel of
 * kernels.h), through a packed copy when a has padding between rows. */
static void mat_fill_packed(mat a, rand_stream *s, void (*fill)(rand_stream *, size_t, float *))
{
    size_t n = a.rows * a.cols;
    if (a.ld == a.cols) {
        fill(s, n, a.v);
        return;
    }
    float *z = fa_malloc(n * sizeof *z);
    fill(s, n, z);
    for (size_t i = 0; i < a.rows; i++)
        memcpy(mat_at(a, i, 0), z + i * a.cols, a.cols * sizeof *z);
    free(z);
}

void mat_rand_normal(mat a, rand_stream *s, double mean, double sd)
{
    mat_fill_packed(a, s, rand_normal_f32);
    if (mean == 0.0 && sd == 1.0)
        return;
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++) {
            float *x = mat_at(a, i, j);
            *x = (float)(mean + sd * (double)*x);
        }
}

void mat_rand_signs(mat a, rand_stream *s) { mat_fill_packed(a, s, rand_signs_f32); }

void mat_rand_uniform(mat a, rand_stream *s, double lo, double hi)
{
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            *mat_at(a, i, j) = (float)(lo + (hi - lo) * ((double)(rand_word(s) >> 11) * 0x1p-53));
}

void mat_uniform(mat a, gsl_rng *r, double lo, double hi)
{
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            *mat_at(a, i, j) = (float)gsl_ran_flat(r, lo, hi);
}

double mat_norm(mat a) { return sqrt(frob_dot_f32(a.rows, a.cols, a.v, a.ld, a.v, a.ld)); }

double mat_dot(mat a, mat b) { return frob_dot_f32(a.rows, a.cols, a.v, a.ld, b.v, b.ld); }

double angle_from_sums(const double s[3])
{
    double c = s[0] / (sqrt(s[1]) * sqrt(s[2]));
    if (c > 1.0)
        c = 1.0;
    if (c < -1.0)
        c = -1.0;
    return acos(c) * (180.0 / M_PI);
}

double mat_angle(mat a, mat b)
{
    double s[3];
    frob_sums_f32(a.rows, a.cols, a.v, a.ld, b.v, b.ld, s);
    return angle_from_sums(s);
}

double mat_angle_t(mat a, mat b)
{
    mat bt = mat_alloc(b.cols, b.rows);
    mat_transpose(bt, b);
    double angle = mat_angle(a, bt);
    mat_free(&bt);
    return angle;
}

int mat_finite(mat a)
{
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            if (!isfinite(*mat_at(a, i, j)))
                return 0;
    return 1;
}
