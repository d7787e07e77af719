/* mat.h — row-major float matrices with a leading dimension, the shape every
 * kernel takes, and the few operations on them that the experiments share. */
#ifndef FA_MAT_H
#define FA_MAT_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "kernels.h"

typedef struct mat {
    size_t rows, cols, ld;   /* element (i, j) is v[i * ld + j] */
    float *v;
} mat;

/* A zero-filled rows x cols matrix (ld = cols); dies when out of memory. */
mat mat_alloc(size_t rows, size_t cols);
void mat_free(mat *a);

static inline float *mat_at(mat a, size_t i, size_t j) { return a.v + i * a.ld + j; }
/* A view of rows [r0, r0 + rows) of a (no copy). */
static inline mat mat_rows(mat a, size_t r0, size_t rows)
{
    mat v = {rows, a.cols, a.ld, a.v + r0 * a.ld};
    return v;
}

void mat_copy(mat dst, mat src);            /* same shape */
void mat_transpose(mat dst, mat src);       /* dst is src.cols x src.rows */
void mat_fill(mat a, float x);
void mat_scale(mat a, float s);             /* a = s a */
void mat_axpy(mat y, float s, mat x);       /* y = y + s x, one fmaf per element */
/* Elements i.i.d. N(mean, sd^2) from r (GSL's ziggurat sampler, the
 * reference). */
void mat_gauss(mat a, gsl_rng *r, double mean, double sd);
/* Elements i.i.d. N(mean, sd^2) from the package's sampler: the matrix is
 * filled in row-major order by one rand_normal_f32 call (whatever its ld),
 * then a_ij = (float)(mean + sd * z_ij) unless mean = 0 and sd = 1. */
void mat_rand_normal(mat a, rand_stream *s, double mean, double sd);
/* Elements +1 or -1 with probability 1/2 each: the matrix in row-major
 * order filled by one rand_signs_f32 call. */
void mat_rand_signs(mat a, rand_stream *s);
/* Elements i.i.d. U(lo, hi): a_ij = (float)(lo + (hi - lo) u), u = the top
 * 53 bits of one word of s times 2^-53, in row-major order. */
void mat_rand_uniform(mat a, rand_stream *s, double lo, double hi);
/* Elements i.i.d. U(lo, hi) from r (GSL). */
void mat_uniform(mat a, gsl_rng *r, double lo, double hi);

/* Frobenius norm, inner product and angle (degrees, as rs21 eq. 33: the
 * cosine is clipped to [-1, 1]); the angle is NaN when a norm is zero. */
double mat_norm(mat a);
double mat_dot(mat a, mat b);
double mat_angle(mat a, mat b);
/* Angle between a and b^T without forming b^T. */
double mat_angle_t(mat a, mat b);
/* The angle from the three sums of frob_sums_f32. */
double angle_from_sums(const double s[3]);

/* 1 if every element is finite. */
int mat_finite(mat a);

#endif
