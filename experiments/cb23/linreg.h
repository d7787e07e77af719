/* linreg.h — ordinary least squares, the "linear readout" of cb23: how well a
 * linear map (with or without an intercept) predicts the targets Y from a
 * code H (Figs. 1, 2, 6). Solved by GSL's SVD-based multifit, in double. */
#ifndef CB23_LINREG_H
#define CB23_LINREG_H

#include <stddef.h>

/* X is n x d and Y n x p (row-major doubles). coef receives the
 * (d + intercept) x p coefficients minimising ||[X 1] coef - Y||_F (the last
 * row is the intercept when intercept != 0), fitted column by column; fit,
 * when not NULL, the n x p fitted values. */
void linreg(double *coef, double *fit, const double *X, const double *Y, size_t n, size_t d,
            size_t p, int intercept);

#endif
