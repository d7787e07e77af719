#include "linreg.h"

#include <gsl/gsl_multifit.h>

#include "util.h"

void linreg(double *coef, double *fit, const double *X, const double *Y, size_t n, size_t d,
            size_t p, int intercept)
{
    size_t q = d + (intercept != 0);
    if (n < q)
        fa_die("linreg: %zu samples for %zu coefficients", n, q);
    gsl_matrix *A = gsl_matrix_alloc(n, q);
    gsl_vector *y = gsl_vector_alloc(n), *c = gsl_vector_alloc(q);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, q);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++)
            gsl_matrix_set(A, i, j, X[i * d + j]);
        if (intercept)
            gsl_matrix_set(A, i, d, 1.0);
    }
    gsl_multifit_linear_svd(A, w);
    for (size_t k = 0; k < p; k++) {
        double rnorm, snorm;
        for (size_t i = 0; i < n; i++)
            gsl_vector_set(y, i, Y[i * p + k]);
        gsl_multifit_linear_solve(0.0, A, y, c, &rnorm, &snorm, w);
        for (size_t j = 0; j < q; j++)
            coef[j * p + k] = gsl_vector_get(c, j);
    }
    for (size_t i = 0; fit && i < n; i++)
        for (size_t k = 0; k < p; k++) {
            double s = 0;
            for (size_t j = 0; j < q; j++)
                s += gsl_matrix_get(A, i, j) * coef[j * p + k];
            fit[i * p + k] = s;
        }
    gsl_multifit_linear_free(w);
    gsl_vector_free(y), gsl_vector_free(c);
    gsl_matrix_free(A);
}
